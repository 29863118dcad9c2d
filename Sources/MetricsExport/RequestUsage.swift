import Foundation

/// Requests sent to the Pinterest API in one rate-limit category, and how much of its budget they use.
public struct RequestUsage: Sendable, Hashable {
    /// The category's name (as Pinterest names its rate limits).
    public var category: String
    /// Requests sent since the process started.
    public var requests: Int
    /// The share of the category's budget used in its current window (0…1), when known.
    public var budgetUsedRatio: Double?

    /// Creates a usage.
    public init(category: String, requests: Int, budgetUsedRatio: Double?) {
        self.category = category
        self.requests = requests
        self.budgetUsedRatio = budgetUsedRatio
    }
}

/// Where the exporter reads request counts from.
public protocol RequestUsageSource: Sendable {
    /// Every category's usage at `now`.
    func requestUsage(now: Date) -> [RequestUsage]
}

extension RequestUsage {
    /// The series of `usages`: requests as a counter, the budget's share as a gauge when known.
    static func series(_ usages: [RequestUsage]) -> [MetricSeries] {
        usages.sorted { $0.category < $1.category }.flatMap { usage -> [MetricSeries] in
            let category = LabelValue.clean(usage.category)
            var series = [MetricSeries(.apiRequestsTotal, [category], Double(usage.requests))]
            if let ratio = usage.budgetUsedRatio {
                series.append(MetricSeries(.apiBudgetUsedRatio, [category], min(max(ratio, 0), 1)))
            }
            return series
        }
    }
}
