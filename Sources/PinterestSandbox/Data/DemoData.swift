import Foundation
import PinterestAds

/// The demo data set: two accounts, their campaigns, ad groups and ads, and two weeks of delivery,
/// generated deterministically around a reference time, with Pinterest's two sample objects kept
/// verbatim.
public enum DemoData {
    /// The main account (USD), the one of Pinterest's samples.
    public static let primaryAccountID = "549755885175"
    /// The second account (EUR), to show account switching.
    public static let secondaryAccountID = "549755901234"
    /// Pinterest's sample ad group, served verbatim.
    public static let seedAdGroupID = SeedObjects.adGroupID
    /// Pinterest's sample ad, served verbatim.
    public static let seedAdID = SeedObjects.adID
    /// The ad group the sample ad belongs to.
    public static let seedAdAdGroupID = "2680059592705"
    /// The campaign of the sample ad group.
    public static let seedAdGroupCampaignID = "626736533506"
    /// The campaign of the sample ad.
    public static let seedAdCampaignID = "626735565838"
    /// A running ad group whose ads were all rejected.
    public static let rejectedAdsAdGroupID = "2680060800001"
    /// A running ad group that ends two hours after the reference time.
    public static let endingSoonAdGroupID = "2680060800011"
    /// Ids the life rules never rewrite (the sample objects).
    public static let frozenIDs: Set<String> = [seedAdGroupID, seedAdID]

    /// What each generated ad group is doing.
    enum Scenario: CaseIterable {
        case running, paused, notStarted, completed, advertiserDisabled, archived, draft, deletedDraft

        var status: EntityStatus {
            switch self {
            case .running, .notStarted, .completed, .advertiserDisabled: .active
            case .paused: .paused
            case .archived: .archived
            case .draft: .draft
            case .deletedDraft: .deletedDraft
            }
        }

        var summary: AdGroupSummaryStatus {
            switch self {
            case .running: .running
            case .paused: .paused
            case .notStarted: .notStarted
            case .completed: .completed
            case .advertiserDisabled: .advertiserDisabled
            case .archived: .archived
            case .draft: .draft
            case .deletedDraft: .deletedDraft
            }
        }
    }

    /// The scenario cycle: mostly running, every other state present.
    static let cycle: [Scenario] = [.running, .running, .paused, .notStarted, .running, .completed,
                                    .advertiserDisabled, .archived, .draft, .deletedDraft]

    /// Builds the demo data set for a reference time (usually "now").
    public static func make(now: Date) -> SandboxData {
        var builder = DemoBuilder(now: now)
        builder.build()
        return builder.data
    }
}

/// Fills a `SandboxData` for `DemoData.make`.
struct DemoBuilder {
    let now: Date
    let nowSeconds: Int
    var data = SandboxData()
    var random = SplitMix64(seed: 0x5049_4E57_4154_4348)  // "PINWATCH"
    var nextAdNumber = 0
    let day = 86_400

    init(now: Date) {
        self.now = now
        self.nowSeconds = Int(now.timeIntervalSince1970)
    }

    mutating func build() {
        data.accounts = [
            AdAccount(id: DemoData.primaryAccountID, country: .us, createdTime: nowSeconds - 400 * day,
                      currency: .usd, name: "Acme Outdoor Co.",
                      owner: AdAccountOwner(id: "549755813999", username: "acmeoutdoor"),
                      permissions: [.owner], updatedTime: nowSeconds - 30 * day),
            AdAccount(id: DemoData.secondaryAccountID, country: .fr, createdTime: nowSeconds - 200 * day,
                      currency: .eur, name: "Maison Lumière — Paris",
                      owner: AdAccountOwner(id: "549755814555", username: "maisonlumiere"),
                      permissions: [.admin, .campaignManager], updatedTime: nowSeconds - 10 * day),
        ]
        addCampaigns()
        addSeedObjects()
        let primaryCampaigns = ["626736533506", "626735565838", "626736533600", "626736533601", "626736533602"]
        for index in 0..<40 {
            addAdGroup(number: index, id: String(2_680_060_800_001 + index), account: DemoData.primaryAccountID,
                       campaign: primaryCampaigns[index % primaryCampaigns.count], ads: 5)
        }
        for index in 0..<8 {
            addAdGroup(number: 40 + index, id: String(2_680_060_900_001 + index), account: DemoData.secondaryAccountID,
                       campaign: index < 6 ? "626736540001" : "626736540002", ads: 3)
        }
        addHistory()
    }

    mutating func addCampaigns() {
        func campaign(_ id: String, _ account: String, _ name: String, _ status: EntityStatus,
                      _ summary: CampaignSummaryStatus, _ objective: ObjectiveType, start: Int, end: Int?,
                      dailyCap: Int? = nil, lifetimeCap: Int? = nil) -> Campaign {
            Campaign(id: id, adAccountId: account, createdTime: start - 3 * day, dailySpendCap: dailyCap,
                     endTime: end, isCampaignBudgetOptimization: false, isFlexibleDailyBudgets: false,
                     isPerformancePlus: false, lifetimeSpendCap: lifetimeCap, name: name,
                     objectiveType: objective, orderLineId: nil, startTime: start, status: status,
                     summaryStatus: summary, type: "campaign", updatedTime: start)
        }
        let primary = DemoData.primaryAccountID
        data.campaigns = [
            campaign("626736533506", primary, "Always-on — Catalog Sales", .active, .running, .catalogSales,
                     start: nowSeconds - 120 * day, end: nil),
            campaign("626735565838", primary, "Summer Sale ☀️", .active, .running, .consideration,
                     start: nowSeconds - 20 * day, end: nowSeconds + 40 * day, lifetimeCap: 90_000_000_000),
            campaign("626736533600", primary, "東京 秋セール", .active, .running, .awareness,
                     start: nowSeconds - 5 * day, end: nowSeconds + 25 * day, dailyCap: 800_000_000),
            campaign("626736533601", primary, "Café crème — Brand awareness", .paused, .paused, .awareness,
                     start: nowSeconds - 60 * day, end: nil),
            campaign("626736533602", primary, "Black Friday 2025 — Web conversions", .active, .completed,
                     .webConversion, start: nowSeconds - 90 * day, end: nowSeconds - 30 * day),
            campaign("626736540001", DemoData.secondaryAccountID, "Rentrée — Café crème", .active, .running,
                     .consideration, start: nowSeconds - 14 * day, end: nowSeconds + 16 * day),
            campaign("626736540002", DemoData.secondaryAccountID, "Soldes d'hiver ❄️", .archived, .archived,
                     .catalogSales, start: nowSeconds - 300 * day, end: nowSeconds - 250 * day),
        ]
    }

    /// The two samples, plus the ad group the sample ad points at.
    mutating func addSeedObjects() {
        if let group = try? SeedObjects.adGroup() { data.adGroups.append(group) }
        var parent = AdGroup(id: DemoData.seedAdAdGroupID, adAccountId: DemoData.primaryAccountID,
                             autoTargetingEnabled: true, bidInMicroCurrency: 1_500_000, bidStrategyType: .maxBid,
                             billableEvent: .clickthrough, budgetInMicroCurrency: 50_000_000, budgetType: .daily,
                             campaignId: DemoData.seedAdCampaignID, createdTime: 1_451_431_341,
                             endTime: nowSeconds + 40 * day, name: "Summer Sale ☀️ — Pin promotions",
                             pacingDeliveryType: .standard, placementGroup: .all,
                             startTime: nowSeconds - 20 * day, status: .active, summaryStatus: .running,
                             targetingSpec: TargetingSpec(entries: ["GEO": .array([.string("US")]),
                                                                    "LOCALE": .array([.string("en-US")])]),
                             type: "adgroup", updatedTime: nowSeconds - 2 * day)
        parent.explicitNulls = []
        data.adGroups.append(parent)
        if let ad = try? SeedObjects.ad() { data.ads.append(ad) }
        for _ in 0..<3 {
            addAd(to: parent, review: .approved, rejection: nil)
        }
    }

    mutating func addAdGroup(number: Int, id: String, account: String, campaign: String, ads: Int,
                             cycle: [DemoData.Scenario] = DemoData.cycle, nameSuffix: String = "") {
        let scenario: DemoData.Scenario = id == DemoData.rejectedAdsAdGroupID || id == DemoData.endingSoonAdGroupID
            ? .running : cycle[number % cycle.count]
        let names = DemoNames.adGroups
        let name = names[number % names.count] + " · " + DemoNames.variants[number % DemoNames.variants.count]
            + nameSuffix
        var start = nowSeconds - Int(random.next() % 60 + 1) * day
        var end: Int? = number % 3 == 0 ? nil : nowSeconds + Int(random.next() % 80 + 10) * day
        switch scenario {
        case .notStarted, .draft, .deletedDraft:
            start = nowSeconds + Int(random.next() % 14 + 1) * day
            end = start + 30 * day
        case .completed, .archived:
            start = nowSeconds - 60 * day
            end = nowSeconds - Int(random.next() % 20 + 1) * day
        default: break
        }
        if id == DemoData.endingSoonAdGroupID { end = nowSeconds + 2 * 3600 }
        let budget: (Int, BudgetType)
        switch number % 7 {
        case 0: budget = (1_000_000_000_000, .daily)  // $1,000,000 a day
        case 1: budget = (10_000, .daily)  // one cent
        case 2: budget = (25_000_000_000, .lifetime)
        case 3: budget = (500_000, .lifetime)
        default: budget = (Int(random.next() % 496 + 5) * 1_000_000, .daily)
        }
        if budget.1 == .lifetime, end == nil { end = nowSeconds + 30 * day }
        let strategy: BidStrategyType = [.maxBid, .automaticBid, .targetAvg][number % 3]
        let bid = strategy == .automaticBid ? nil : Int(random.next() % 450 + 50) * 10_000
        let geo = DemoNames.geos[number % DemoNames.geos.count]
        var group = AdGroup(
            id: id, adAccountId: account, autoTargetingEnabled: number % 2 == 0, bidInMicroCurrency: bid,
            bidStrategyType: strategy, billableEvent: number % 4 == 3 ? .impression : .clickthrough,
            budgetInMicroCurrency: budget.0, budgetType: budget.1, campaignId: campaign,
            createdTime: start - 2 * day, endTime: end, lifetimeFrequencyCap: -1, name: name,
            pacingDeliveryType: .standard, placementGroup: .all, startTime: start, status: scenario.status,
            summaryStatus: scenario.summary,
            targetingSpec: TargetingSpec(entries: [
                "GEO": .array(geo.map(PinterestAds.JSONValue.string)),
                "AGE_BUCKET": .array(["25-34", "35-44"].map(PinterestAds.JSONValue.string)),
                "GENDER": .array([.string(number % 2 == 0 ? "female" : "male")]),
            ]),
            type: "adgroup", updatedTime: start - day)
        if bid == nil { group.explicitNulls.insert("bid_in_micro_currency") }
        data.adGroups.append(group)
        for adIndex in 0..<ads {
            let review: ReviewStatus
            var rejection: Int?
            if id == DemoData.rejectedAdsAdGroupID {
                review = .rejected
                rejection = adIndex
            } else {
                switch (number * ads + adIndex) % 13 {
                case 2, 7: review = .pending
                case 4, 9, 11: review = .rejected; rejection = number + adIndex
                case 12: review = .other
                default: review = .approved
                }
            }
            addAd(to: group, review: review, rejection: rejection)
        }
    }

    mutating func addAd(to group: AdGroup, review: ReviewStatus, rejection: Int?) {
        let number = nextAdNumber
        nextAdNumber += 1
        var status: EntityStatus = group.status ?? .active
        if status == .active, number % 9 == 4 { status = .paused }
        if status == .paused, group.status == .active, review == .pending { status = .active }
        var summary = StatusRules.adSummary(status: status, review: review)
        if group.summaryStatus == .advertiserDisabled { summary = .advertiserDisabled }
        let pick = rejection.map { LifeSimulation.rejections[$0 % LifeSimulation.rejections.count] }
        let created = (group.createdTime ?? nowSeconds) + 3600
        let creativeTypes: [CreativeType] = [.regular, .video, .carousel, .maxVideo, .shopping, .idea]
        let creative = DemoNames.creatives[number % DemoNames.creatives.count]
        let ad = Ad(
            id: String(687_195_200_001 + number), adAccountId: group.adAccountId, adGroupId: group.id,
            campaignId: group.campaignId, createdTime: created,
            creativeType: creativeTypes[number % creativeTypes.count],
            customizableCtaType: number % 2 == 0 ? .shopNow : .learnMore,
            destinationUrl: "https://shop.example.com/p/\(687_195_200_001 + number)?utm_source=pinterest",
            isPinDeleted: false, isRemovable: false,
            name: "\(group.name ?? "Ad") — \(creative)", pinId: String(394_205_773_611_600_000 + number * 97),
            rejectedReasons: pick?.0 ?? [], rejectionLabels: pick?.1 ?? [], reviewStatus: review,
            status: status, summaryStatus: summary, type: "pinpromotion",
            updatedTime: review == .pending ? nowSeconds : created + day)
        data.ads.append(ad)
    }

    /// Two weeks of past delivery, and today's so far, for ad groups that were delivering.
    mutating func addHistory() {
        let today = (nowSeconds / day) * day
        for group in data.adGroups where group.status == .active || group.status == .paused {
            guard group.summaryStatus != .notStarted, group.summaryStatus != .advertiserDisabled,
                  group.id != DemoData.seedAdGroupID else { continue }
            let rate = DeliveryModel.spendPerSecond(group)
            for back in 0...29 {
                let dayStart = today - back * day
                let from = max(dayStart, group.startTime ?? dayStart)
                var to = min(dayStart + day, group.endTime ?? Int.max, nowSeconds)
                if back == 0, !DeliveryModel.isDelivering(group) { to = from }
                guard to > from else { continue }
                let jitter = 0.8 + 0.4 * StableHash.unit(group.id + String(dayStart), salt: "day")
                var spend = rate * Double(to - from) * (back == 0 ? 1 : jitter)
                if let cap = DeliveryModel.dailyCap(group) { spend = min(spend, cap) }
                let key = APIDate(Date(timeIntervalSince1970: Double(dayStart))).description
                data.analytics[group.id, default: [:]][key] = DeliveryModel.metrics(spending: spend, for: group.id)
            }
        }
    }
}
