import Foundation
import Synchronization

/// The decoded items of the list pages a client fetched last, by request, with a digest of the
/// bytes they were decoded from.
///
/// A dashboard refreshes the same listings all day, and most refreshes bring back pages identical
/// to the previous ones. Decoding is most of what a refresh costs (10,000 ad groups are 40 pages and
/// over a second of CPU on a busy machine), so a page whose bytes did not change reuses what was
/// decoded from them last time: an idle dashboard then only pays for the transfer and one pass of
/// hashing over the bytes.
final class PageMemo: Sendable {
    /// A 128-bit digest of a body: two differently seeded SipHash passes. Not a defence against
    /// anyone (a server that wants to show other data can just send it), only a change detector.
    struct Digest: Hashable, Sendable {
        var high: Int
        var low: Int

        init(_ body: Data) {
            var first = Hasher(), second = Hasher()
            first.combine(0x5eed)
            second.combine(0xfeed)
            body.withUnsafeBytes { bytes in
                first.combine(bytes: bytes)
                second.combine(bytes: bytes)
            }
            first.combine(body.count)
            second.combine(body.count)
            high = first.finalize()
            low = second.finalize()
        }
    }

    private struct Entry: Sendable {
        var digest: Digest
        /// A `Page<T>`, for the T it was stored for (checked on read).
        var page: any Sendable
    }

    /// The most pages remembered; beyond it the oldest listing's pages go first.
    private let capacity: Int
    private let entries = Mutex<(pages: [String: Entry], order: [String])>(([:], []))
    /// Pages served from the memo instead of decoded (for tests and diagnostics).
    let reused = Atomic<Int>(0)

    init(capacity: Int = 1_024) {
        self.capacity = capacity
    }

    /// The page decoded from `body` last time the request `key` was answered with the same bytes.
    /// A key names a listing and a page position in it (not its bookmark, which an API may vary
    /// between listings), so each listing keeps one entry per page.
    func page<T: Sendable>(_ type: T.Type, key: String, body: Data) -> (Page<T>?, Digest) {
        let digest = Digest(body)
        let page = entries.withLock { entries -> Page<T>? in
            guard let entry = entries.pages[key], entry.digest == digest else { return nil }
            return entry.page as? Page<T>
        }
        if page != nil { reused.add(1, ordering: .relaxed) }
        return (page, digest)
    }

    /// Remembers what `body` (with `digest`) of request `key` decoded to.
    func remember<T: Sendable>(_ page: Page<T>, key: String, digest: Digest) {
        entries.withLock { entries in
            if entries.pages.updateValue(Entry(digest: digest, page: page), forKey: key) == nil {
                entries.order.append(key)
                if entries.order.count > capacity {
                    let dropped = entries.order.removeFirst()
                    entries.pages[dropped] = nil
                }
            }
        }
    }
}
