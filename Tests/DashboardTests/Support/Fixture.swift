import AdsCache
import Dashboard
import Foundation
import PinterestAds
import PinwatchTestSupport
import ScreenGrid

/// A deterministic snapshot and state for tests: seed ad group and ad, CJK and emoji names,
/// rejections, a pending pause, metrics and change events, at 2026-11-26 14:02:11 UTC.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_795_701_731)
    static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
    static let seedAdGroupID = "2680060704746"
    static let seedAdID = "687195134316"

    static let account = AdAccount(id: "549755885175", country: .init(rawValue: "US"), currency: .usd,
                                   name: "Acme Outdoor")
    static let otherAccount = AdAccount(id: "549755885176", country: .init(rawValue: "DE"), currency: .eur,
                                        name: "Acme Europe")

    /// The seed ad group, decoded from the shared seed payload.
    static func seedAdGroup() -> AdGroup {
        struct Page: Decodable { var items: [AdGroup] }
        guard let data = try? Fixtures.seed("ad_groups_list_response.json"),
              let page = try? JSONDecoder().decode(Page.self, from: data), let group = page.items.first
        else { fatalError("seed ad group does not decode") }
        return group
    }

    /// The seed ad (built in code: the seed's quiz options lack the required option id).
    static func seedAd() -> Ad {
        Ad(id: seedAdID, adAccountId: account.id, adGroupId: seedAdGroupID, androidDeepLink: "string",
           campaignId: "626736533506", clickTrackingUrl: "string", createdTime: 1_451_431_341,
           creativeType: .regular, destinationUrl: "string", gridClickType: .init(rawValue: "CLOSEUP"),
           iosDeepLink: "string", isPinDeleted: false, isRemovable: false, name: "string", pinId: "394205773611545468",
           quizPinData: QuizPinData(
               questions: [QuizPinQuestion(options: [QuizPinOption(id: 1, text: "Hangout vibes"),
                                                     QuizPinOption(id: 2, text: "Time to party!")],
                                           questionId: 1, questionText: "Where do you thrive?")],
               results: [QuizPinResult(destinationUrl: "https://www.pinterest.com/", resultId: 1)]),
           rejectedReasons: [.hashtags], rejectionLabels: ["string"], reviewStatus: .pending, status: .active,
           summaryStatus: .approved, type: "pinpromotion", updatedTime: 1_451_431_341)
    }

    static func adGroup(_ id: String, _ name: String, campaign: String, status: EntityStatus,
                        summary: AdGroupSummaryStatus, budget: Int?, budgetType: BudgetType = .daily,
                        bid: Int? = nil, strategy: BidStrategyType = .automaticBid) -> AdGroup {
        AdGroup(id: id, adAccountId: account.id, bidInMicroCurrency: bid, bidStrategyType: strategy,
                budgetInMicroCurrency: budget, budgetType: budgetType, campaignId: campaign, name: name,
                startTime: 1_793_750_400, status: status, summaryStatus: summary)
    }

    static func snapshot() -> Snapshot {
        let groups = [
            seedAdGroup(),
            adGroup("2680060704747", "夏のセール 東京 🎉", campaign: "626735565838", status: .paused, summary: .paused,
                    budget: 500_000_000, budgetType: .lifetime),
            adGroup("2680060704748", "Retargeting — cart abandoners", campaign: "626736533506", status: .active,
                    summary: .running, budget: 20_000_000, bid: 1_250_000, strategy: .maxBid),
            adGroup("2680060704749", "👩‍👩‍👧 Family Pins", campaign: "626736533506", status: .active, summary: .running,
                    budget: 10_000_000),
            adGroup("2680060704750", "Winter teaser", campaign: "626735565838", status: .paused, summary: .notStarted,
                    budget: 3_000_000, bid: 900_000, strategy: .targetAvg),
        ]
        let ads = [
            seedAd(),
            Ad(id: "687195134317", adGroupId: seedAdGroupID, creativeType: .init(rawValue: "VIDEO"),
               name: "Summer Sale", rejectedReasons: [.landingPageBroken], reviewStatus: .rejected, status: .active,
               summaryStatus: .rejected, updatedTime: 1_795_700_000),
            Ad(id: "687195134318", adGroupId: seedAdGroupID, creativeType: .regular, name: "帽子 🧢 Hat promo",
               reviewStatus: .approved, status: .paused, summaryStatus: .paused, updatedTime: 1_795_690_000),
            Ad(id: "687195134319", adGroupId: seedAdGroupID, creativeType: .regular,
               name: "\(seedAdGroup().name ?? "") · Story pin B", reviewStatus: .approved, status: .active,
               summaryStatus: .approved, updatedTime: 1_795_695_000),
        ]
        let metrics: [String: AdGroupMetrics] = [
            seedAdGroupID: metricsOf(spend: 3_120_000, impressions: 12_345, clicks: 152,
                                     dailySpend: [1, 2, 3, 4, 5, 4, 3, 2, 1, 0, 2, 4, 6, 8].map { $0 * 600_000 }),
            "2680060704747": metricsOf(spend: 0, impressions: 0, clicks: 0, lifetime: 160_000_000),
            "2680060704748": metricsOf(spend: 21_000_000, impressions: 88_000, clicks: 990,
                                       dailySpend: Array(repeating: 19_000_000, count: 14)),
            "2680060704749": AdGroupMetrics(spendToday: 0, impressionsToday: 0, clicksToday: 0, dailySpend: []),
        ]
        let levels = LevelMetrics(
            account: metricsOf(spend: 24_120_000, impressions: 100_345, clicks: 1_142, lifetime: 1_310_000_000),
            campaigns: ["626736533506": metricsOf(spend: 24_120_000, impressions: 100_345, clicks: 1_142),
                        "626735565838": metricsOf(spend: 0, impressions: 0, clicks: 0, lifetime: 160_000_000)],
            ads: ["687195134317": metricsOf(spend: 1_040_000, impressions: 4_115, clicks: 50),
                  "687195134319": metricsOf(spend: 2_080_000, impressions: 8_230, clicks: 102)])
        return Snapshot(
            accounts: [account, otherAccount], account: account,
            campaigns: [
                Campaign(id: "626736533506", adAccountId: account.id, dailySpendCap: 100_000_000,
                         name: "Summer Sale 2026", objectiveType: .consideration, startTime: 1_793_750_400,
                         status: .active, summaryStatus: .running),
                Campaign(id: "626735565838", adAccountId: account.id, endTime: 1_798_761_600,
                         lifetimeSpendCap: 2_000_000_000,
                         name: "東京 キャンペーン 🌸", objectiveType: .awareness, startTime: 1_793_750_400,
                         status: .paused, summaryStatus: .paused),
            ],
            adGroups: groups, adsByAdGroup: [seedAdGroupID: ads], metrics: metrics, levelMetrics: levels,
            collections: [
                .adGroups: CollectionStatus(lastFetched: now, nextRefresh: now.addingTimeInterval(23)),
                .analytics: CollectionStatus(lastFetched: now.addingTimeInterval(-60)),
                .campaigns: CollectionStatus(lastFetched: now),
                .accounts: CollectionStatus(lastFetched: now),
                .adsInView: CollectionStatus(lastFetched: now),
            ],
            pending: ["2680060704748": PendingChange(kind: .adGroup, from: .active, to: .paused,
                                                      since: now.addingTimeInterval(-3))])
    }

    /// Metrics with today's counts as given, and the other ranges grown from them: yesterday a
    /// little more, the last 7 days 6.5 times today, the last 30 days 28 times (or `lifetime` spend).
    /// Outbound clicks, conversions and checkout value follow from the clicks.
    static func metricsOf(spend: Int, impressions: Int, clicks: Int, lifetime: Int? = nil, dailySpend: [Int] = []) -> EntityMetrics {
        func delivery(_ factor: Double) -> Delivery {
            func scaled(_ value: Int) -> Int { Int((Double(value) * factor).rounded()) }
            return Delivery(spend: scaled(spend), impressions: scaled(impressions), clicks: scaled(clicks),
                            outboundClicks: scaled(clicks / 2), conversions: scaled(clicks / 40),
                            checkoutValue: scaled(clicks / 40 * 4_500_000))
        }
        var ranges = RangeTotals(today: delivery(1), yesterday: delivery(1.1), last7Days: delivery(6.5),
                                 last30Days: delivery(28))
        if let lifetime {
            ranges.last7Days.spend = lifetime / 4
            ranges.last30Days.spend = lifetime
        }
        return EntityMetrics(ranges: ranges, dailySpend: dailySpend)
    }

    /// The store the fixture's snapshots and events come from.
    static let source = EventSource(rawValue: 1_000)

    /// An event as the fixture's store numbers it.
    static func published(_ event: ChangeEvent, _ sequence: Int) -> ChangeEvent {
        var event = event
        event.id = ChangeEvent.ID(source: source, sequence: sequence)
        return event
    }

    static func changeEvents() -> [ChangeEvent] {
        [
            published(.changed(.adGroup, id: "2680060704748", name: "Retargeting — cart abandoners",
                               at: now.addingTimeInterval(-600),
                               fields: [FieldChange(.budget, old: "$15.00", new: "$20.00")]), 1),
            published(.changed(.ad, id: "687195134317", name: "Summer Sale", at: now.addingTimeInterval(-120),
                               fields: [FieldChange(.reviewStatus, old: "PENDING", new: "REJECTED"),
                                        FieldChange(.summaryStatus, old: "PENDING", new: "REJECTED")],
                               rejectedReasons: [RejectionReason(code: "LANDING_PAGE_BROKEN", label: "Landing page broken")]), 2),
            published(.refreshFailed(.adGroups, message: "HTTP 503 from api.pinterest.com", at: now), 3),
        ]
    }

    /// The state after the fixture snapshot arrived (message cleared), at `width` × `height`.
    static func state(width: Int = 120, height: Int = 40, readOnly: Bool = false, glyphs: Glyphs = .unicode,
                      snapshot: Snapshot? = nil) -> AppState {
        var state = AppState(readOnly: readOnly, themeNames: ["default", "monochrome"], width: width, height: height,
                             now: now, timeZone: utc, glyphs: glyphs)
        _ = update(&state, .storeAttached(source))
        _ = update(&state, .snapshotArrived(snapshot ?? Fixture.snapshot(), changeEvents()))
        state.message = nil
        return state
    }
}

extension AppEvent {
    /// A snapshot and its events from the fixture's store (the one `Fixture.state` attaches).
    static func snapshotArrived(_ snapshot: Snapshot, _ changes: [ChangeEvent]) -> AppEvent {
        .snapshotArrived(snapshot, changes, from: Fixture.source)
    }
}

extension AppState {
    /// Sends keys one after another; returns every effect.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { update(&self, .keyPressed($0)) }
    }

    /// Types text as key presses.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { update(&self, .keyPressed(.char($0))) }
    }

    /// The rendered screen as text lines at the state's size.
    var screenText: [String] { render(self, width: width, height: height).textLines() }
}
