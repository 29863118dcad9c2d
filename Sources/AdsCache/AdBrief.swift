import Foundation
import PinterestAds

/// What Pinwatch keeps of every ad of an account in memory: the fields that make change events and
/// the counts of the ad groups table. The full `Ad` (URLs, tracking, creative, links) is many times
/// larger, so it is kept only for the ad groups someone looks at, and read from the cache or the
/// API when an ad group is opened. A snapshot keeps each ad group's briefs packed (`AdBriefs`);
/// what they cost is measured in scripts/BENCHMARKS.md.
public struct AdBrief: Sendable, Hashable {
    /// The ad's id.
    public var id: String
    /// The ad's name.
    public var name: String?
    /// Its status (ACTIVE, PAUSED, …).
    public var status: EntityStatus?
    /// Its summary status.
    public var summaryStatus: AdSummaryStatus?
    /// Its review status.
    public var reviewStatus: ReviewStatus?
    /// Why review rejected it.
    public var rejectedReasons: [RejectedReason]?

    /// Creates a brief.
    public init(id: String, name: String? = nil, status: EntityStatus? = nil, summaryStatus: AdSummaryStatus? = nil,
                reviewStatus: ReviewStatus? = nil, rejectedReasons: [RejectedReason]? = nil) {
        self.id = id
        self.name = name
        self.status = status
        self.summaryStatus = summaryStatus
        self.reviewStatus = reviewStatus
        self.rejectedReasons = rejectedReasons
    }

    /// The brief of a full ad.
    public init(_ ad: Ad) {
        self.init(id: ad.id, name: ad.name, status: ad.status, summaryStatus: ad.summaryStatus,
                  reviewStatus: ad.reviewStatus, rejectedReasons: ad.rejectedReasons)
    }

    /// Whether review rejected this ad.
    public var isRejected: Bool { reviewStatus == .rejected }
}

/// How many ads an ad group has, and how many of them are rejected or waiting for review.
public struct AdCounts: Sendable, Hashable {
    /// All ads listed.
    public var total: Int
    /// Ads review rejected.
    public var rejected: Int
    /// Ads waiting for review.
    public var pending: Int

    /// Creates counts.
    public init(total: Int = 0, rejected: Int = 0, pending: Int = 0) {
        self.total = total
        self.rejected = rejected
        self.pending = pending
    }

    /// The counts of a list of briefs.
    public init(_ briefs: some Collection<AdBrief>) {
        self.init(total: briefs.count, rejected: briefs.count { $0.reviewStatus == .rejected },
                  pending: briefs.count { $0.reviewStatus == .pending })
    }
}
