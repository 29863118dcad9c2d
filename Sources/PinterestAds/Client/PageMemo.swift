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

/// A digest of a response body, the same in every run so it can be kept with a cache: the body's
/// XXH64 and its length. Not a defence against anyone (a server that wants to show other data can
/// just send it), only a change detector, cheap enough to run over every page of every refresh.
public struct PageDigest: Hashable, Sendable {
    /// The body's XXH64 (seed 0).
    public let high: UInt64
    /// The body's length in bytes.
    public let low: UInt64

    /// A digest from its two halves (as stored).
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The digest of `body`.
    public init(of body: Data) {
        high = body.withUnsafeBytes { XXH64.hash($0) }
        low = UInt64(body.count)
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
