import Foundation
import PinterestAds

/// The collections Pinwatch keeps, each refreshed on its own cadence.
public enum CollectionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The ad accounts the token sees.
    case accounts
    /// The account's campaigns.
    case campaigns
    /// The account's ad groups.
    case adGroups = "ad_groups"
    /// The ads of the ad group in view (fast cadence).
    case adsInView = "ads_in_view"
    /// All ads of the account (slow cadence).
    case ads
    /// Analytics of the account, its campaigns and ad groups and the ads in view (30 days by day).
    case analytics
}

/// Freshness of one collection: when it was fetched, whether a fetch is running, the last error.
public struct CollectionStatus: Sendable, Hashable, Codable {
    /// When the last successful fetch finished.
    public var lastFetched: Date?
    /// Whether a fetch is running now.
    public var isFetching: Bool
    /// When the running fetch started (nil when none runs), so a fetch that gets no answer can be
    /// shown as such long before it times out.
    public var fetchStarted: Date?
    /// When the next fetch is due.
    public var nextRefresh: Date?
    /// The last fetch's error, for people (nil after a success).
    public var lastError: String?
    /// Failures in a row (drives the backoff).
    public var consecutiveFailures: Int

    /// Creates a status.
    public init(lastFetched: Date? = nil, isFetching: Bool = false, fetchStarted: Date? = nil,
                nextRefresh: Date? = nil, lastError: String? = nil, consecutiveFailures: Int = 0) {
        self.lastFetched = lastFetched
        self.isFetching = isFetching
        self.fetchStarted = isFetching ? fetchStarted : nil
        self.nextRefresh = nextRefresh
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
    }
}

/// The delivery numbers of an account, campaign, ad group or ad: each range's totals and the daily
/// spend of the last 14 days.
public struct EntityMetrics: Sendable, Hashable, Codable {
    /// Delivery per range (today, yesterday, 7 and 30 days).
    public var ranges: RangeTotals
    /// Daily spend in micro units, oldest first, ending today (14 values when known).
    public var dailySpend: [Int]

    /// Creates metrics.
    public init(ranges: RangeTotals = RangeTotals(), dailySpend: [Int] = []) {
        self.ranges = ranges
        self.dailySpend = dailySpend
    }

    /// Metrics known only for today.
    public init(spendToday: Int = 0, impressionsToday: Int = 0, clicksToday: Int = 0, dailySpend: [Int] = []) {
        self.init(ranges: RangeTotals(today: Delivery(spend: spendToday, impressions: impressionsToday, clicks: clicksToday)),
                  dailySpend: dailySpend)
    }

    /// Spend today, in micro units of the account currency.
    public var spendToday: Int { ranges.today.spend }
    /// Impressions today.
    public var impressionsToday: Int { ranges.today.impressions }
    /// Pin clicks today.
    public var clicksToday: Int { ranges.today.clicks }
    /// Click-through rate today (0…1), when there were impressions.
    public var ctrToday: Double? { ranges.today.ctr }

    /// The delivery of `range`.
    public subscript(range: MetricsRange) -> Delivery { ranges[range] }
}

/// The metrics of an ad group (the name the dashboard first had for them).
public typealias AdGroupMetrics = EntityMetrics

/// Metrics of the levels above and below ad groups: the account, its campaigns, and the ads of
/// the ad group in view.
public struct LevelMetrics: Sendable, Hashable {
    /// The whole account.
    public var account: EntityMetrics?
    /// By campaign id.
    public var campaigns: [String: EntityMetrics]
    /// By ad id (the ads of the ad group in view).
    public var ads: [String: EntityMetrics]

    /// Creates level metrics.
    public init(account: EntityMetrics? = nil, campaigns: [String: EntityMetrics] = [:], ads: [String: EntityMetrics] = [:]) {
        self.account = account
        self.campaigns = campaigns
        self.ads = ads
    }
}

/// A status change Pinwatch asked for and has not yet verified (shown as pending).
public struct PendingChange: Sendable, Hashable, Codable {
    /// The entity kind.
    public var kind: EntityKind
    /// The status before the action.
    public var from: EntityStatus?
    /// The status asked for.
    public var to: EntityStatus
    /// When the action started.
    public var since: Date

    /// Creates a pending change.
    public init(kind: EntityKind, from: EntityStatus?, to: EntityStatus, since: Date) {
        self.kind = kind
        self.from = from
        self.to = to
        self.since = since
    }
}

/// Another process fetching for this one: the leader of a shared cache.
public struct Following: Sendable, Equatable {
    /// Its pid, when it has written it.
    public var leaderPID: Int32?

    /// Creates the value.
    public init(leaderPID: Int32?) { self.leaderPID = leaderPID }
}

/// Everything the dashboard shows, as one immutable value: the account's objects, their metrics,
/// and how fresh each part is. Published by the store after every change.
public struct Snapshot: Sendable, Equatable {
    /// The ad accounts the token sees (for the account switcher).
    public var accounts: [AdAccount]
    /// The account in view, with its currency.
    public var account: AdAccount?
    /// The account's campaigns.
    public var campaigns: [Campaign]
    /// The account's ad groups.
    public var adGroups: [AdGroup]
    /// Full ads by ad group id, for the ad groups whose ads are resident: every ad group of a
    /// small account, the ones in view of a large one (see `RefreshConfiguration.residentAdsLimit`).
    /// Setting it rebuilds the briefs of every ad group it holds; the engine uses `setFullAds(_:of:)`,
    /// which rebuilds one.
    public var adsByAdGroup: [String: [Ad]] {
        get { fullAds }
        set {
            fullAds = newValue
            for (group, ads) in newValue { adBriefs[group] = AdBriefs(ads) }
        }
    }
    /// The resident full ads (see `adsByAdGroup`).
    private var fullAds: [String: [Ad]]
    /// Every known ad in brief, by ad group id: counts, change events and lookups use these, so
    /// they cover ad groups whose full ads are not in memory.
    public var adBriefs: [String: AdBriefs]
    /// Metrics by ad group id.
    public var metrics: [String: AdGroupMetrics]
    /// Metrics of the account, its campaigns and the ads in view.
    public var levelMetrics: LevelMetrics
    /// Freshness per collection.
    public var collections: [CollectionKind: CollectionStatus]
    /// No request is sent before this time (the API said 429).
    public var rateLimitedUntil: Date?
    /// Status changes in flight, by entity id (optimistic display).
    public var pending: [String: PendingChange]
    /// Set while the data comes from the on-disk cache and no refresh has succeeded yet: when that
    /// cache was written.
    public var cachedAt: Date?
    /// Set while another Pinwatch process on this host fetches for this one (see `CacheSharing`):
    /// the data is that process's, read from the shared cache.
    public var following: Following?
    /// The request budget and what every Pinwatch of this identity has used of it (not cached).
    public var budget: BudgetState?

    /// Creates a snapshot.
    public init(accounts: [AdAccount] = [], account: AdAccount? = nil, campaigns: [Campaign] = [],
                adGroups: [AdGroup] = [], adsByAdGroup: [String: [Ad]] = [:], adBriefs: [String: AdBriefs] = [:],
                metrics: [String: AdGroupMetrics] = [:], levelMetrics: LevelMetrics = LevelMetrics(),
                collections: [CollectionKind: CollectionStatus] = [:], rateLimitedUntil: Date? = nil,
                pending: [String: PendingChange] = [:], cachedAt: Date? = nil) {
        self.accounts = accounts
        self.account = account
        self.campaigns = campaigns
        self.adGroups = adGroups
        self.fullAds = adsByAdGroup
        var briefs = adBriefs
        for (group, ads) in adsByAdGroup { briefs[group] = AdBriefs(ads) }
        self.adBriefs = briefs
        self.metrics = metrics
        self.levelMetrics = levelMetrics
        self.collections = collections
        self.rateLimitedUntil = rateLimitedUntil
        self.pending = pending
        self.cachedAt = cachedAt
        self.following = nil
    }

    /// An empty snapshot (nothing loaded yet).
    public static let empty = Snapshot()

    /// Whether the data shown is the cached copy (no successful refresh yet).
    public var isStale: Bool { cachedAt != nil }

    /// All resident full ads, in ad group order.
    public var allAds: [Ad] { adGroups.flatMap { adsByAdGroup[$0.id] ?? [] } }

    /// The ad counts of an ad group; nil when its ads were never listed.
    public func adCounts(of adGroupID: String) -> AdCounts? {
        adBriefs[adGroupID]?.counts
    }

    /// The number of ads known, resident or not.
    public var adCount: Int { adBriefs.values.reduce(0) { $0 + $1.count } }

    /// One ad group's full ads, and its briefs made from them.
    mutating func setFullAds(_ ads: [Ad], of group: String) {
        fullAds[group] = ads
        adBriefs[group] = AdBriefs(ads)
    }

    /// Every ad in brief and the resident ones in full, as a listing or the cache gave them (the
    /// briefs already agree with the full ads).
    mutating func setAds(full: [String: [Ad]], briefs: [String: AdBriefs]) {
        fullAds = full
        adBriefs = briefs
    }

    /// Lets go of the full ads of the ad groups not in `keep`; their briefs stay.
    mutating func letGoOfFullAds(keeping keep: Set<String>) {
        fullAds = fullAds.filter { keep.contains($0.key) }
    }
}

extension EntityMetrics: CompactCodable {
    /// Writes the metrics for the cache.
    public func write(to writer: inout CompactWriter) {
        ranges.write(to: &writer)
        writer.write(dailySpend)
    }

    /// Reads metrics written by `write(to:)`.
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self.init(ranges: try RangeTotals(from: &reader), dailySpend: try reader.read([Int].self))
    }
}
