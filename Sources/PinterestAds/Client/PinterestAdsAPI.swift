import Foundation

/// The kinds of entity Pinwatch lists and acts on.
public enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable {
    case campaign
    case adGroup = "ad_group"
    case ad

    /// The path segment under `/ad_accounts/{id}/` (`campaigns`, `ad_groups`, `ads`).
    public var pathSegment: String {
        switch self {
        case .campaign: "campaigns"
        case .adGroup: "ad_groups"
        case .ad: "ads"
        }
    }

    /// The id query parameter name (`campaign_ids`, `ad_group_ids`, `ad_ids`).
    public var idsParameter: String {
        switch self {
        case .campaign: "campaign_ids"
        case .adGroup: "ad_group_ids"
        case .ad: "ad_ids"
        }
    }

    /// A word for people, singular or plural: "ad group", "ad groups".
    public func noun(count: Int) -> String {
        let word: String = switch self {
        case .campaign: "campaign"
        case .adGroup: "ad group"
        case .ad: "ad"
        }
        return count == 1 ? word : word + "s"
    }
}

/// Filters for list endpoints. Empty arrays mean "no filter".
public struct ListFilter: Sendable, Hashable {
    /// Only entities of these campaigns.
    public var campaignIDs: [String]
    /// Only entities of these ad groups (ads), or these ad groups.
    public var adGroupIDs: [String]
    /// Only these ads.
    public var adIDs: [String]
    /// Only entities in these statuses (`entity_statuses`).
    public var entityStatuses: [EntityStatus]

    /// Creates a filter.
    public init(campaignIDs: [String] = [], adGroupIDs: [String] = [], adIDs: [String] = [],
                entityStatuses: [EntityStatus] = []) {
        self.campaignIDs = campaignIDs
        self.adGroupIDs = adGroupIDs
        self.adIDs = adIDs
        self.entityStatuses = entityStatuses
    }

    /// No filter.
    public static let none = ListFilter()
}

/// Why one item of a status update failed, as Pinterest said it (`exceptions` in the response).
public struct ItemFailure: Sendable, Hashable, Codable {
    /// Pinterest's exception code, when given.
    public var code: Int?
    /// Pinterest's message.
    public var message: String

    /// Creates a failure.
    public init(code: Int?, message: String) {
        self.code = code
        self.message = message
    }
}

/// The outcome of a status update (PATCH), per id. Chunks of 30 are sent one after the other; a
/// chunk whose outcome could not be known (timeout, connection reset) is reported as `unknown`,
/// never retried blindly.
public struct StatusUpdateResult: Sendable, Hashable {
    /// Ids the API confirmed, with the status it returned.
    public var confirmed: [String: EntityStatus]
    /// Ids the API refused, with its reason.
    public var failed: [String: ItemFailure]
    /// Ids whose outcome is unknown; the caller must read them back.
    public var unknown: [String]
    /// The error that made the `unknown` ids unknown (or stopped later chunks), if any.
    public var unknownReason: PinterestError?

    /// Creates a result.
    public init(confirmed: [String: EntityStatus] = [:], failed: [String: ItemFailure] = [:],
                unknown: [String] = [], unknownReason: PinterestError? = nil) {
        self.confirmed = confirmed
        self.failed = failed
        self.unknown = unknown
        self.unknownReason = unknownReason
    }
}

/// Time buckets for analytics.
public enum Granularity: String, Sendable, Hashable, Codable {
    case total = "TOTAL"
    case day = "DAY"
    case hour = "HOUR"
    case week = "WEEK"
    case month = "MONTH"
}

/// Reporting columns Pinwatch asks for (the API accepts many more).
public enum AnalyticsColumn {
    /// Spend in micro-dollars (actually micro units of the account currency).
    public static let spendInMicroDollar = "SPEND_IN_MICRO_DOLLAR"
    /// Paid impressions.
    public static let impressions = "IMPRESSION_1"
    /// Paid clickthroughs.
    public static let clickthroughs = "CLICKTHROUGH_1"
    /// Click-through rate.
    public static let ctr = "CTR"
    /// All impressions, paid and earned (`TOTAL_IMPRESSION`).
    public static let totalImpressions = "TOTAL_IMPRESSION"
    /// All Pin clicks, paid and earned (`TOTAL_CLICKTHROUGH`).
    public static let totalClickthroughs = "TOTAL_CLICKTHROUGH"
    /// Paid outbound clicks: clicks to the advertiser's site.
    public static let outboundClicks = "OUTBOUND_CLICK_1"
    /// Conversions of every kind.
    public static let totalConversions = "TOTAL_CONVERSIONS"
    /// Value of checkouts, in micro units of the account currency (ROAS is it over spend).
    public static let checkoutValueInMicroDollar = "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"
    /// The columns the dashboard reads, all in one request: spend, impressions, Pin clicks, outbound
    /// clicks, conversions and checkout value. CTR, CPC, CPM and ROAS are computed from them.
    public static let dashboard = [spendInMicroDollar, totalImpressions, totalClickthroughs, outboundClicks,
                                   totalConversions, checkoutValueInMicroDollar]
}

/// One analytics row: an entity's metrics, per day when a time granularity was asked for.
public struct AnalyticsRow: Sendable, Hashable {
    /// The campaign, ad group or ad id the row belongs to.
    public var entityID: String
    /// The day (`yyyy-MM-dd`) for time-based granularity.
    public var date: String?
    /// Column name to value.
    public var metrics: [String: Double]

    /// Creates a row.
    public init(entityID: String, date: String?, metrics: [String: Double]) {
        self.entityID = entityID
        self.date = date
        self.metrics = metrics
    }
}

/// A calendar day as the API writes it: `yyyy-MM-dd` (in the account's reporting time zone).
public struct APIDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Year, month, day.
    public var year: Int, month: Int, day: Int

    /// Creates a day.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day of a date in a time zone (UTC by default).
    public init(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// `2026-11-26`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: APIDate, rhs: APIDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// What the rest of Pinwatch needs from the Pinterest API. `PinterestClient` is the real one;
/// tests may provide others.
public protocol PinterestAdsAPI: Sendable {
    /// All ad accounts the token can see (`GET /ad_accounts`, every page).
    func listAdAccounts() async throws(PinterestError) -> [AdAccount]
    /// Campaigns of an account, every page.
    func listCampaigns(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Campaign]
    /// Ad groups of an account, every page.
    func listAdGroups(accountID: String, filter: ListFilter) async throws(PinterestError) -> [AdGroup]
    /// How the last `listAdGroups` with `filter` was paged (digests, ranges, bookmarks), for a
    /// cache to keep; nil when unknown. The default says nil.
    func adGroupListingPages(accountID: String, filter: ListFilter) -> ListingPages?
    /// Takes `adGroups`, paged as `pages`, as the last `listAdGroups` with `filter` returned (a start
    /// from a cache), so unchanged pages are not decoded again. The default does nothing.
    func rememberAdGroupListing(accountID: String, filter: ListFilter, pages: ListingPages, adGroups: [AdGroup])
    /// Ads of an account, every page.
    func listAds(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Ad]
    /// Every ad of an account page by page, handing each page to `receive` as it arrives and
    /// skipping the decoding of pages `known` already holds (see `PinterestClient.listAdPages`).
    /// The default lists all ads as one undigested page.
    func listAdPages(accountID: String, filter: ListFilter, known: [ListedPage<Ad>],
                     receive: (ListedPage<Ad>) -> Void) async throws(PinterestError)
    /// One ad group.
    func adGroup(accountID: String, id: String) async throws(PinterestError) -> AdGroup
    /// One ad.
    func ad(accountID: String, id: String) async throws(PinterestError) -> Ad
    /// Sets the status of campaigns, ad groups or ads, 30 per request; reports the outcome per id.
    /// Throws only when nothing could be attempted (e.g. unauthorized on the first chunk).
    func updateStatus(_ kind: EntityKind, accountID: String, ids: [String], to status: EntityStatus)
        async throws(PinterestError) -> StatusUpdateResult
    /// Analytics of campaigns, ad groups or ads for a date range, 250 ids per request.
    func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                   columns: [String], granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow]
    /// The same analytics request by request: each request's ids and rows go to `receive` as they
    /// arrive, so a caller that folds them never holds the rows of every id at once (30 daily rows
    /// of 10,000 ad groups are 300,000 rows). The default hands over one `analytics` answer.
    func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                   columns: [String], granularity: Granularity,
                   receive: (_ ids: [String], _ rows: [AnalyticsRow]) -> Void) async throws(PinterestError)
    /// The whole account's analytics for a date range (`GET /ad_accounts/{id}/analytics`), one
    /// request; nil when this API cannot tell (the default), and the account is then the sum of
    /// its campaigns.
    func accountAnalytics(accountID: String, from start: APIDate, to end: APIDate, columns: [String],
                          granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow]?
}

extension PinterestAdsAPI {
    /// All of `ids` in one call of `analytics`.
    public func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                          columns: [String], granularity: Granularity,
                          receive: (_ ids: [String], _ rows: [AnalyticsRow]) -> Void) async throws(PinterestError) {
        receive(ids, try await analytics(kind, accountID: accountID, ids: ids, from: start, to: end, columns: columns,
                                         granularity: granularity))
    }

    /// The account's analytics are not known here: nil.
    public func accountAnalytics(accountID: String, from start: APIDate, to end: APIDate, columns: [String],
                                 granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow]? { nil }

    /// How the last listing of ad groups was paged; nil when the API cannot tell (the default).
    public func adGroupListingPages(accountID: String, filter: ListFilter) -> ListingPages? { nil }

    /// Takes cached ad groups as the last listing's (see `PinterestClient`); the default ignores them.
    public func rememberAdGroupListing(accountID: String, filter: ListFilter, pages: ListingPages,
                                       adGroups: [AdGroup]) {}

    /// All ads as one page without a digest: nothing is skipped.
    public func listAdPages(accountID: String, filter: ListFilter, known: [ListedPage<Ad>],
                            receive: (ListedPage<Ad>) -> Void) async throws(PinterestError) {
        receive(ListedPage(digest: nil, bookmark: nil, content: .decoded(try await listAds(accountID: accountID, filter: filter))))
    }

    /// Every page of `listAdPages(accountID:filter:known:receive:)`, collected.
    public func listAdPages(accountID: String, filter: ListFilter, known: [ListedPage<Ad>])
        async throws(PinterestError) -> [ListedPage<Ad>] {
        var pages: [ListedPage<Ad>] = []
        try await listAdPages(accountID: accountID, filter: filter, known: known) { pages.append($0) }
        return pages
    }
}
