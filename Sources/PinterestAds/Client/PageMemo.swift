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
    private struct Entry: Sendable {
        var digest: PageDigest?
        /// A `Page<T>` (or a whole listing's `[T]`), for the T it was stored for (checked on read).
        var page: any Sendable
        /// For a whole listing: how many pages it had.
        var pageCount = 0
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
    func page<T: Sendable>(_ type: T.Type, key: String, body: Data) -> (Page<T>?, PageDigest) {
        let digest = PageDigest(of: body)
        let page = entries.withLock { entries -> Page<T>? in
            guard let entry = entries.pages[key], entry.digest == digest else { return nil }
            return entry.page as? Page<T>
        }
        if page != nil { reused.add(1, ordering: .relaxed) }
        return (page, digest)
    }

    /// The items a whole listing `key` of `pages` pages gave last time.
    func listing<T: Sendable>(_ type: T.Type, key: String, pages: Int) -> [T]? {
        entries.withLock { entries -> [T]? in
            guard let entry = entries.pages[key + "#all"], entry.pageCount == pages else { return nil }
            return entry.page as? [T]
        }
    }

    /// Remembers the items of a whole listing.
    func rememberListing<T: Sendable>(_ items: [T], key: String, pages: Int) {
        store(Entry(digest: nil, page: items, pageCount: pages), key: key + "#all")
    }

    /// Remembers what `body` (with `digest`) of request `key` decoded to.
    func remember<T: Sendable>(_ page: Page<T>, key: String, digest: PageDigest) {
        store(Entry(digest: digest, page: page), key: key)
    }

    /// Stores an entry; past the capacity the oldest one goes.
    private func store(_ entry: Entry, key: String) {
        entries.withLock { entries in
            if entries.pages.updateValue(entry, forKey: key) == nil {
                entries.order.append(key)
                if entries.order.count > capacity {
                    let dropped = entries.order.removeFirst()
                    entries.pages[dropped] = nil
                }
            }
        }
    }
}

/// A 128-bit digest of a response body: two differently seeded SipHash passes (seeded per process,
/// so digests are only compared within one run). Not a defence against anyone (a server that wants
/// to show other data can just send it), only a change detector.
public struct PageDigest: Hashable, Sendable {
    private var high: Int
    private var low: Int

    /// The digest of `body`.
    public init(of body: Data) {
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

/// One page of a listing walked with `PinterestAdsAPI.listAdPages`: its digest and bookmark, and its
/// items unless the caller already had this exact page.
public struct ListedPage<Item: Sendable>: Sendable {
    /// The digest of the page's bytes (nil when the API cannot tell, e.g. a test double).
    public var digest: PageDigest?
    /// The bookmark of the next page, as this page gave it.
    public var bookmark: String?
    /// The page's items; nil when the page was byte for byte the one the caller said it knew.
    public var items: [Item]?

    /// Creates a page.
    public init(digest: PageDigest?, bookmark: String?, items: [Item]?) {
        self.digest = digest
        self.bookmark = bookmark
        self.items = items
    }
}
