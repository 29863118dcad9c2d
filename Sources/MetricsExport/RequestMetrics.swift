import AdsCache
import Foundation
import PinterestAds

/// What the exporter reads of the API requests: this process's totals, and the request budget
/// with what every Pinwatch of the identity used of it.
public protocol RequestAccounting: Sendable {
    /// Requests this process sent since it started, by rate-limit category.
    var requestTotals: [RateLimitCategory: Int] { get }
    /// The budget and its use at `now`; nil while the tier is neither given nor learnt.
    func budgetState(at now: Date) -> BudgetState?
}

/// The series of the API requests: totals as a counter, each budgeted category's share as a gauge.
enum RequestMetrics {
    /// Categories reported from the start, at 0 before their first request (so `rate()` has a
    /// first sample): the ones Pinwatch's own requests fall in.
    static let reported: [RateLimitCategory] = [.adsRead, .adsAnalytics, .adsWrite, .orgRead]

    static func series(_ accounting: any RequestAccounting, now: Date) -> [MetricSeries] {
        var requests = accounting.requestTotals
        for category in reported where requests[category] == nil { requests[category] = 0 }
        var series = requests.sorted { $0.key.rawValue < $1.key.rawValue }.map { category, count in
            MetricSeries(.apiRequestsTotal, [LabelValue.clean(category.rawValue)], Double(count))
        }
        guard let state = accounting.budgetState(at: now) else { return series }
        let usage = state.usage.at(now)
        // A per-minute budget belongs to its category; a daily one (Trial) to every category.
        var budgeted = Set(state.budget.perMinute.keys)
        if state.budget.perDay != nil { budgeted.formUnion(requests.keys) }
        series += budgeted.sorted { $0.rawValue < $1.rawValue }.map { category in
            MetricSeries(.apiBudgetUsedRatio, [LabelValue.clean(category.rawValue)],
                         min(max(state.budget.usedRatio(of: category, in: usage), 0), 1))
        }
        return series
    }
}
