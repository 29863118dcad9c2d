import Foundation
import PinterestAds
import Synchronization

/// A request ledger that also keeps, per rate-limit category, every request this process sent
/// since it started: the monotonic totals a Prometheus counter needs (the ledger's own windows
/// empty every minute and every day). Each request is passed on to `inner`, whose windows give
/// the share of the budget used (a ledger shared by every Pinwatch of the identity, or this
/// process's alone).
public final class CountingRequestLedger: RequestLedger {
    private let inner: any RequestLedger
    private let counts = Mutex<[RateLimitCategory: Int]>([:])

    /// A ledger counting totals and passing each request on to `inner`.
    public init(forwardingTo inner: any RequestLedger = InMemoryRequestLedger()) {
        self.inner = inner
    }

    public func record(_ category: RateLimitCategory, at date: Date) {
        counts.withLock { $0[category, default: 0] += 1 }
        inner.record(category, at: date)
    }

    public func usage(at date: Date) -> RequestUsage {
        inner.usage(at: date)
    }

    /// Requests sent since this process started, by category.
    public var totals: [RateLimitCategory: Int] { counts.withLock { $0 } }
}

/// The series of the API requests: totals as a counter, each budgeted category's share as a gauge.
enum RequestMetrics {
    /// Categories reported from the start, at 0 before their first request (so `rate()` has a
    /// first sample): the ones Pinwatch's own requests fall in.
    static let reported: [RateLimitCategory] = [.adsRead, .adsAnalytics, .adsWrite, .orgRead]

    static func series(totals: [RateLimitCategory: Int], usage: RequestUsage, budget: RequestBudget) -> [MetricSeries] {
        var requests = totals
        for category in reported where requests[category] == nil { requests[category] = 0 }
        var series = requests.sorted { $0.key.rawValue < $1.key.rawValue }.map { category, count in
            MetricSeries(.apiRequestsTotal, [LabelValue.clean(category.rawValue)], Double(count))
        }
        // A per-minute budget belongs to its category; a daily one (Trial) to every category.
        var budgeted = Set(budget.perMinute.keys)
        if budget.perDay != nil { budgeted.formUnion(requests.keys) }
        series += budgeted.sorted { $0.rawValue < $1.rawValue }.map { category in
            MetricSeries(.apiBudgetUsedRatio, [LabelValue.clean(category.rawValue)],
                         min(max(budget.usedRatio(of: category, in: usage), 0), 1))
        }
        return series
    }
}
