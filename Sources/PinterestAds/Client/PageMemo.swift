import Foundation
import Synchronization

/// The items the listings a client walked last gave, by request, with a digest of each page's bytes.
///
/// A dashboard refreshes the same listings all day, and most refreshes bring back pages identical
/// to the previous ones. Decoding is most of what a refresh costs (10,000 ad groups are 40 pages and
/// over a second of CPU on a busy machine), so a page whose bytes did not change reuses the items
/// decoded from them last time: an idle dashboard then only pays for the transfer and one pass of
/// hashing over the bytes.
///
/// Each listing is kept as the one array it was returned as (which its caller usually holds anyway)
/// with the range of every page in it, so remembering costs a digest per page, not a second copy.
final class PageMemo: Sendable {
    /// One listing as it was returned last time.
    struct Listing: Sendable {
        /// How it was paged: each page's digest, range in `items` and bookmark.
        var pages: ListingPages
        /// The listing's `[T]`, for the T it was stored for (checked on read).
        var items: any Sendable
    }

    /// The most listings remembered; beyond it the one used longest ago goes. A dashboard walks a
    /// handful (accounts, campaigns, ad groups, the ads of the groups in view, read-backs).
    private let capacity: Int
    private let listings = Mutex<(byKey: [String: Listing], order: [String])>(([:], []))
    /// Pages served from the memo instead of decoded (for tests and diagnostics).
    let reused = Atomic<Int>(0)

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    /// The listing `key` as it was last time.
    func listing(_ key: String) -> Listing? {
        listings.withLock { $0.byKey[key] }
    }

    /// Remembers a listing; past the capacity the one used longest ago goes.
    func remember(_ listing: Listing, key: String) {
        listings.withLock { listings in
            listings.order.removeAll { $0 == key }
            listings.order.append(key)
            listings.byKey[key] = listing
            if listings.order.count > capacity {
                listings.byKey[listings.order.removeFirst()] = nil
            }
        }
    }

    /// Counts pages that were reused.
    func countReused(_ pages: Int) {
        if pages > 0 { reused.add(pages, ordering: .relaxed) }
    }
}

/// A 128-bit digest of a response body, the same in every run so it can be kept with a cache: two
/// 64-bit multiply-rotate lanes over the body's 8-byte words (the rounds of xxHash64), with the
/// length and an avalanche mixed in at the end. Not a defence against anyone (a server that wants
/// to show other data can just send it), only a change detector that costs about a millisecond
/// per 10 MB.
public struct PageDigest: Hashable, Sendable {
    /// The first half.
    public let high: UInt64
    /// The second half.
    public let low: UInt64

    /// A digest from its two halves (as stored).
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    /// The digest of `body`.
    public init(of body: Data) {
        var first: UInt64 = 0x5EED_0000_0000_0001 &* Self.prime1
        var second: UInt64 = 0xFEED_0000_0000_0002 &* Self.prime2
        body.withUnsafeBytes { bytes in
            let words = bytes.count / 8
            var offset = 0
            for _ in 0..<words {
                let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                first = Self.round(first, word)
                second = Self.round(second, word ^ Self.prime3)
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset..<bytes.count {
                tail = tail << 8 | UInt64(bytes[index])
            }
            first = Self.round(first, tail)
            second = Self.round(second, tail ^ Self.prime3)
        }
        let length = UInt64(body.count)
        high = Self.avalanche(first ^ Self.round(second, length))
        low = Self.avalanche(second ^ Self.round(first, length &+ 1))
    }

    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        let mixed = accumulator &+ input &* prime2
        return (mixed << 31 | mixed >> 33) &* prime1
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= prime2
        hash ^= hash >> 29
        hash &*= prime3
        hash ^= hash >> 32
        return hash
    }
}

/// How a listing was paged: each page's digest, the range of its items in the listing, and the
/// bookmark it gave. Kept by a cache beside the items, so a start need not decode pages again.
public struct ListingPages: Sendable, Hashable {
    /// The digest of each page's bytes.
    public var digests: [PageDigest]
    /// Where each page's items are in the listing.
    public var ranges: [Range<Int>]
    /// Each page's bookmark (the next page's).
    public var bookmarks: [String?]

    /// Creates a paging.
    public init(digests: [PageDigest], ranges: [Range<Int>], bookmarks: [String?]) {
        self.digests = digests
        self.ranges = ranges
        self.bookmarks = bookmarks
    }

    /// Whether the pages tile a listing of `count` items: one range per page, each starting where
    /// the one before ended, from 0 to `count`.
    public func covers(_ count: Int) -> Bool {
        guard digests.count == ranges.count, bookmarks.count == ranges.count else { return false }
        var next = 0
        for range in ranges {
            guard range.lowerBound == next else { return false }
            next = range.upperBound
        }
        return next == count
    }
}

/// One page of a listing walked with `PinterestAdsAPI.listAdPages`: its digest and bookmark, and its
/// items unless the caller already had this exact page.
public struct ListedPage<Item: Sendable>: Sendable {
    /// The digest of the page's bytes (nil when the API cannot tell, e.g. a test double).
    public var digest: PageDigest?
    /// The bookmark of the next page, as this page gave it.
    public var bookmark: String?
    /// The page's items, or that it was the page the caller said it knew.
    public var content: PageContent<Item>

    /// Creates a page.
    public init(digest: PageDigest?, bookmark: String?, content: PageContent<Item>) {
        self.digest = digest
        self.bookmark = bookmark
        self.content = content
    }
}

/// What a listed page holds: its decoded items, or nothing because it was byte for byte the page
/// the caller already had (so the caller keeps what it made of that page).
public enum PageContent<Item: Sendable>: Sendable {
    /// The same bytes as the known page at this position: not decoded.
    case unchanged
    /// The page's items.
    case decoded([Item])

    /// The decoded items; nil for an unchanged page.
    public var items: [Item]? {
        if case .decoded(let items) = self { items } else { nil }
    }
}
