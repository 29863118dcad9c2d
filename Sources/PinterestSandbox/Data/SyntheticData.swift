import Foundation
import PinterestAds

/// Large deterministic data sets for benchmarks and load tests: one account with many campaigns,
/// ad groups and ads, built by the demo generator (same names, budgets, bids, schedules, reviews,
/// rejections and two weeks of delivery) plus the nested objects big accounts carry
/// (optimization goals, tracking URLs, carousel links).
///
/// Every ad group is ACTIVE or PAUSED, the statuses a list without `entity_statuses` returns, so
/// a dashboard pointed at the sandbox sees all of them.
public enum SyntheticData {
    /// The account every synthetic object belongs to.
    public static let accountID = DemoData.primaryAccountID
    /// The id of the first ad group (the others follow it: …002, …003).
    public static let firstAdGroupID = String(firstAdGroupNumber)
    static let firstAdGroupNumber = 2_680_070_000_001

    /// The scenario cycle: listable statuses only, mostly running.
    static let cycle: [DemoData.Scenario] = [.running, .running, .paused, .running, .notStarted, .running,
                                             .completed, .running, .advertiserDisabled, .paused]

    /// `adGroups` ad groups with `adsPerGroup` ads each, spread over `campaigns` campaigns, around `now`.
    /// The same arguments always give the same data.
    public static func make(adGroups: Int = 10_000, adsPerGroup: Int = 5, campaigns: Int = 100,
                            now: Date) -> SandboxData {
        var builder = DemoBuilder(now: now)
        builder.buildSynthetic(adGroups: adGroups, adsPerGroup: adsPerGroup, campaigns: max(1, campaigns))
        return builder.data
    }
}

extension DemoBuilder {
    mutating func buildSynthetic(adGroups: Int, adsPerGroup: Int, campaigns: Int) {
        let account = SyntheticData.accountID
        data.accounts = [
            AdAccount(id: account, country: .us, createdTime: nowSeconds - 900 * day, currency: .usd,
                      name: "Acme Outdoor Co. — Global", owner: AdAccountOwner(id: "549755813999", username: "acmeoutdoor"),
                      permissions: [.owner], updatedTime: nowSeconds - 30 * day),
        ]
        let objectives: [ObjectiveType] = [.awareness, .consideration, .webConversion, .catalogSales, .videoCompletion]
        let campaignIDs = (0..<campaigns).map { String(626_736_700_000 + $0) }
        data.campaigns = campaignIDs.enumerated().map { index, id in
            let base = DemoNames.adGroups[index % DemoNames.adGroups.count]
            let paused = index % 11 == 5
            return Campaign(id: id, adAccountId: account, createdTime: nowSeconds - 200 * day,
                            dailySpendCap: index % 4 == 0 ? Int(random.next() % 900 + 100) * 1_000_000 : nil,
                            endTime: index % 3 == 0 ? nil : nowSeconds + Int(random.next() % 90 + 5) * day,
                            isCampaignBudgetOptimization: false, isFlexibleDailyBudgets: index % 5 == 0,
                            isPerformancePlus: false, lifetimeSpendCap: nil, name: "\(base) — Campaign \(index + 1)",
                            objectiveType: objectives[index % objectives.count], orderLineId: nil,
                            startTime: nowSeconds - 120 * day, status: paused ? .paused : .active,
                            summaryStatus: paused ? .paused : .running, type: "campaign",
                            updatedTime: nowSeconds - Int(random.next() % 30) * day)
        }
        data.adGroups.reserveCapacity(adGroups)
        data.ads.reserveCapacity(adGroups * adsPerGroup)
        for number in 0..<adGroups {
            let firstAd = data.ads.count
            addAdGroup(number: number, id: String(SyntheticData.firstAdGroupNumber + number), account: account,
                       campaign: campaignIDs[number % campaignIDs.count], ads: adsPerGroup,
                       cycle: SyntheticData.cycle, nameSuffix: " #\(number + 1)")
            decorateAdGroup(at: data.adGroups.count - 1, number: number)
            for index in firstAd..<data.ads.count { decorateAd(at: index) }
        }
        addHistory()
    }

    /// Conversion goals, frequency goals and tracking URLs, as conversion and awareness ad groups have.
    mutating func decorateAdGroup(at index: Int, number: Int) {
        var group = data.adGroups[index]
        let id = group.id
        group.trackingUrls = TrackingURLs(
            click: ["https://track.example.net/c?ag=\(id)&cb={cachebuster}"],
            impression: ["https://track.example.net/i?ag=\(id)", "https://pixel.example.org/imp/\(id)"])
        switch number % 4 {
        case 0, 1:
            group.optimizationGoalMetadata = OptimizationGoalMetadata(
                conversionTagV3GoalMetadata: ConversionTagGoalMetadata(
                    attributionWindows: AttributionWindows(clickWindowDays: 30, engagementWindowDays: 30,
                                                           viewWindowDays: 1),
                    conversionEvent: number % 2 == 0 ? .checkout : .pageVisit,
                    conversionTagId: String(2_614_000_000_000 + number % 7),
                    cpaGoalValueInMicroCurrency: String(Int(random.next() % 40 + 5) * 1_000_000),
                    isRoasOptimized: number % 8 == 0, learningModeType: .active))
            group.conversionLearningModeType = .active
        case 2:
            group.optimizationGoalMetadata = OptimizationGoalMetadata(
                frequencyGoalMetadata: FrequencyGoalMetadata(frequency: Int(random.next() % 19 + 2), timerange: .sevenDay))
        default:
            break
        }
        data.adGroups[index] = group
    }

    /// Tracking URLs on every ad; deep links for carousels.
    mutating func decorateAd(at index: Int) {
        var ad = data.ads[index]
        ad.trackingUrls = TrackingURLs(click: ["https://track.example.net/c?ad=\(ad.id)"],
                                       impression: ["https://track.example.net/i?ad=\(ad.id)"])
        ad.clickTrackingUrl = "https://track.example.net/click/\(ad.id)"
        if ad.creativeType == .carousel {
            let base = ad.destinationUrl ?? "https://shop.example.com/"
            ad.carouselDestinationUrls = (1...4).map { base + "&card=\($0)" }
            ad.carouselAndroidDeepLinks = (1...4).map { "acme://product/\(ad.id)/\($0)" }
            ad.carouselIosDeepLinks = ad.carouselAndroidDeepLinks
        }
        data.ads[index] = ad
    }
}
