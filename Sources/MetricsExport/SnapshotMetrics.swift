import AdsCache
import Foundation
import PinterestAds

/// The series a snapshot gives: the account's ad groups, their money and delivery, their ads by
/// review status, and how old each collection's data is. A pure function of its inputs.
public enum SnapshotMetrics {
    /// The review statuses every listed ad group reports, zero included, so that a query for
    /// rejected ads finds a series (0) rather than nothing.
    static let reviewStatuses: [ReviewStatus] = ReviewStatus.knownCases
    /// The label value for an ad without a review status.
    static let noReviewStatus = "NONE"

    /// Every series of `snapshot` for `accountID` at `now`. A collection never fetched counts as
    /// old as the exporter (`startedAt`): its data is at least that old.
    public static func series(of snapshot: Snapshot, accountID: String, now: Date, startedAt: Date) -> [MetricSeries] {
        let account = LabelValue.clean(accountID)
        var series: [MetricSeries] = []
        for group in snapshot.adGroups {
            series += adGroupSeries(group, account: account, metrics: snapshot.metrics[group.id])
            if let briefs = snapshot.adBriefs[group.id] {
                series += adSeries(briefs, account: account, adGroupID: LabelValue.clean(group.id))
            }
        }
        for kind in CollectionKind.allCases {
            guard let status = snapshot.collections[kind] else { continue }
            let age = max(0, now.timeIntervalSince(status.lastFetched ?? startedAt))
            series.append(MetricSeries(.dataAgeSeconds, [account, kind.rawValue], age.rounded()))
        }
        return series
    }

    /// Micro-units of a currency in its units (5,000,000 → 5).
    static func units(micros: Int) -> Double {
        Double(micros) / 1_000_000
    }

    private static func adGroupSeries(_ group: AdGroup, account: String, metrics: AdGroupMetrics?) -> [MetricSeries] {
        let ids = [account, LabelValue.clean(group.campaignId ?? ""), LabelValue.clean(group.id)]
        var series = [MetricSeries(.adGroupInfo, ids + [LabelValue.clean(group.name ?? ""),
                                                        LabelValue.clean(group.status?.rawValue ?? ""),
                                                        LabelValue.clean(group.summaryStatus?.rawValue ?? "")], 1)]
        if let budget = group.budgetInMicroCurrency {
            series.append(MetricSeries(.adGroupBudget, ids + [LabelValue.clean(group.budgetType?.rawValue ?? "")],
                                       units(micros: budget)))
        }
        if group.bidStrategyType != .automaticBid, let bid = group.bidInMicroCurrency {
            series.append(MetricSeries(.adGroupBid, ids, units(micros: bid)))
        }
        if let metrics {
            series.append(MetricSeries(.adGroupSpendToday, ids, units(micros: metrics.spendToday)))
            series.append(MetricSeries(.adGroupImpressionsToday, ids, Double(metrics.impressionsToday)))
        }
        return series
    }

    private static func adSeries(_ briefs: AdBriefs, account: String, adGroupID: String) -> [MetricSeries] {
        var counts: [String: Int] = [:]
        for status in reviewStatuses { counts[status.rawValue] = 0 }
        for brief in briefs {
            counts[LabelValue.clean(brief.reviewStatus?.rawValue ?? noReviewStatus), default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { status, count in
            MetricSeries(.ads, [account, adGroupID, status], Double(count))
        }
    }
}
