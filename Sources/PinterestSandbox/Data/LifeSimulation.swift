import Foundation
import PinterestAds

/// How fast an ad group delivers: a per-id deterministic spend rate, cost per mille and CTR.
enum DeliveryModel {
    static let secondsPerDay = 86_400.0

    /// Spend per second in micros, before the daily cap.
    static func spendPerSecond(_ group: AdGroup) -> Double {
        let budget = Double(group.budgetInMicroCurrency ?? 20_000_000)
        let pace = 0.45 + 0.5 * StableHash.unit(group.id, salt: "pace")
        switch group.budgetType {
        case .lifetime?:
            let days = max(7.0, Double((group.endTime ?? 0) - (group.startTime ?? 0)) / secondsPerDay)
            return budget / days / secondsPerDay * pace
        default:
            return budget / secondsPerDay * pace
        }
    }

    /// The most an ad group may spend in one day (its daily budget), if capped.
    static func dailyCap(_ group: AdGroup) -> Double? {
        guard group.budgetType == .daily || group.budgetType == nil else { return nil }
        return group.budgetInMicroCurrency.map(Double.init)
    }

    /// Metrics for spending `micros`: impressions at the group's CPM, clicks at its CTR, outbound
    /// clicks, conversions and checkout value at its rates.
    static func metrics(spending micros: Double, for id: String) -> DailyMetrics {
        let cpmMicros = 2_000_000 + 10_000_000 * StableHash.unit(id, salt: "cpm")
        let ctr = 0.002 + 0.023 * StableHash.unit(id, salt: "ctr")
        let impressions = micros / cpmMicros * 1000
        let clicks = impressions * ctr
        // Of the Pin clicks, a share goes to the site; of those, a share buys, at a basket value per id.
        let outbound = clicks * (0.3 + 0.4 * StableHash.unit(id, salt: "outbound"))
        let conversions = outbound * (0.01 + 0.07 * StableHash.unit(id, salt: "conversion"))
        let basketMicros = 15_000_000 + 85_000_000 * StableHash.unit(id, salt: "basket")
        return DailyMetrics(spendMicros: micros, impressions: impressions, clicks: clicks, outboundClicks: outbound,
                            conversions: conversions, checkoutValueMicros: conversions * basketMicros)
    }

    /// Whether an ad group delivers at all right now (ACTIVE and RUNNING).
    static func isDelivering(_ group: AdGroup) -> Bool {
        group.status == .active && group.summaryStatus == .running
    }
}

/// The sandbox "lives": pending reviews resolve, running ad groups spend, schedules end.
/// Everything is a function of simulated time and ids, so a given clock always gives the same data.
///
/// Objects in `frozenIDs` (Pinterest's two sample objects) keep their statuses until a PATCH
/// changes them: the sample ad group says RUNNING although its start_time is in 2150.
struct LifeSimulation {
    /// Ids whose statuses the rules leave alone.
    var frozenIDs: Set<String>
    /// When each pending ad entered review (simulated time).
    var pendingSince: [String: Date] = [:]

    /// How long (simulated seconds) the review of an ad takes: 1 to 30 minutes, per id.
    static func reviewDelay(_ id: String) -> TimeInterval {
        60 + 1740 * StableHash.unit(id, salt: "review")
    }

    /// Rejection reasons the review hands out, with the labels Pinterest shows beside them.
    static let rejections: [([RejectedReason], [String])] = [
        ([.landingPageBroken], ["Landing page doesn't work"]),
        ([.hashtags], ["Too many hashtags"]),
        ([.hashtags, .capsAndSymbols], ["Too many hashtags", "Excessive capitalisation or symbols"]),
        ([.promotionsAndPrices], ["Promotion or price not found on landing page"]),
        ([.landingPageSpeed, .landingPageQuality], ["Landing page is slow", "Low-quality landing page"]),
        ([.image, .imageLowQuality], ["Image is low quality"]),
        ([.clickbait], ["Clickbait"]),
        ([.prohibitedProduct], ["Prohibited product"]),
        ([.exaggeratedClaims], ["Exaggerated claims"]),
        ([.targeting], ["Targeting not allowed for this content"]),
    ]

    /// Brings `data` from `from` to `to`: delivery first (with the statuses as they were), then
    /// schedules and reviews.
    mutating func advance(_ data: inout SandboxData, from: Date, to: Date) {
        guard to > from else { return }
        deliver(&data, from: from, to: to)
        updateSchedules(&data, now: to)
        resolveReviews(&data, now: to)
    }

    /// Adds spend for every delivering ad group over `[from, to)`, day by day, within its schedule
    /// and daily cap.
    func deliver(_ data: inout SandboxData, from: Date, to: Date) {
        for group in data.adGroups where DeliveryModel.isDelivering(group) {
            let rate = DeliveryModel.spendPerSecond(group)
            var start = max(from.timeIntervalSince1970, Double(group.startTime ?? 0))
            let end = min(to.timeIntervalSince1970, group.endTime.map(Double.init) ?? .infinity)
            while start < end {
                let dayStart = (start / DeliveryModel.secondsPerDay).rounded(.down) * DeliveryModel.secondsPerDay
                let segmentEnd = min(end, dayStart + DeliveryModel.secondsPerDay)
                let day = APIDate(Date(timeIntervalSince1970: start)).description
                var today = data.analytics[group.id, default: [:]][day, default: DailyMetrics()]
                var spend = rate * (segmentEnd - start)
                if let cap = DeliveryModel.dailyCap(group) {
                    spend = max(0, min(spend, cap - today.spendMicros))
                }
                if spend > 0 {
                    today = today + DeliveryModel.metrics(spending: spend, for: group.id)
                    data.analytics[group.id, default: [:]][day] = today
                }
                start = segmentEnd
            }
        }
    }

    /// NOT_STARTED ACTIVE entities start, RUNNING ones past their end complete.
    func updateSchedules(_ data: inout SandboxData, now: Date) {
        for index in data.adGroups.indices {
            let group = data.adGroups[index]
            guard !frozenIDs.contains(group.id), group.status == .active,
                  group.summaryStatus == .running || group.summaryStatus == .notStarted else { continue }
            let summary = StatusRules.adGroupSummary(status: .active, start: group.startTime, end: group.endTime, now: now)
            if summary != group.summaryStatus {
                data.adGroups[index].summaryStatus = summary
                data.adGroups[index].updatedTime = Int(now.timeIntervalSince1970)
            }
        }
        for index in data.campaigns.indices {
            let campaign = data.campaigns[index]
            guard !frozenIDs.contains(campaign.id), campaign.status == .active,
                  campaign.summaryStatus == .running || campaign.summaryStatus == .notStarted else { continue }
            let summary = StatusRules.campaignSummary(status: .active, start: campaign.startTime,
                                                      end: campaign.endTime, now: now)
            if summary != campaign.summaryStatus {
                data.campaigns[index].summaryStatus = summary
                data.campaigns[index].updatedTime = Int(now.timeIntervalSince1970)
            }
        }
    }

    /// Pending ads whose review time has come are approved (about 70 %) or rejected with reasons.
    mutating func resolveReviews(_ data: inout SandboxData, now: Date) {
        for index in data.ads.indices {
            let ad = data.ads[index]
            guard !frozenIDs.contains(ad.id), ad.reviewStatus == .pending else {
                pendingSince[ad.id] = nil
                continue
            }
            let since = pendingSince[ad.id] ?? Date(timeIntervalSince1970: Double(ad.updatedTime ?? 0))
            pendingSince[ad.id] = since
            guard now.timeIntervalSince(since) >= Self.reviewDelay(ad.id) else { continue }
            var resolved = ad
            var generator = SplitMix64(hashing: "verdict:" + ad.id)
            if generator.nextUnit() < 0.7 {
                resolved.reviewStatus = .approved
                resolved.rejectedReasons = []
                resolved.rejectionLabels = []
            } else {
                let pick = Self.rejections[Int(generator.next() % UInt64(Self.rejections.count))]
                resolved.reviewStatus = .rejected
                resolved.rejectedReasons = pick.0
                resolved.rejectionLabels = pick.1
            }
            if resolved.summaryStatus != .advertiserDisabled {
                resolved.summaryStatus = StatusRules.adSummary(status: resolved.status ?? .active, review: resolved.reviewStatus)
            }
            resolved.updatedTime = Int(now.timeIntervalSince1970)
            data.ads[index] = resolved
            pendingSince[ad.id] = nil
        }
    }
}
