import AdsCache
import Dispatch
import Foundation
import Synchronization

/// Follows one account's snapshot store and answers scrapes with its metrics.
///
/// Snapshots are taken as they are published (to count failed refreshes, which needs each one);
/// the series are built only when a scrape asks, from the latest one, so an exporter nobody
/// scrapes does no work of its own.
public final class MetricsExporter: Sendable {
    private struct State {
        var snapshot: Snapshot = .empty
        var tally = RefreshErrorTally()
    }

    /// The account the metrics are about.
    public let accountID: String
    private let requests: (any RequestAccounting)?
    private let now: @Sendable () -> Date
    private let startedAt: Date
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "pinwatch.exporter.snapshots", qos: .utility)
    private let subscription = Mutex<Subscription?>(nil)

    /// Creates an exporter of `store`'s snapshots for `accountID`; `requests` counts the API
    /// requests and knows their budget; `now` gives the time (ages are measured with it).
    public init(store: SnapshotStore, accountID: String, requests: (any RequestAccounting)?,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.accountID = accountID
        self.requests = requests
        self.now = now
        startedAt = now()
        let token = store.subscribe(on: queue) { [weak self] snapshot, _ in
            self?.state.withLock { state in
                state.snapshot = snapshot
                state.tally.observe(snapshot)
            }
        }
        subscription.withLock { $0 = token }
    }

    /// Stops following the store.
    public func close() {
        subscription.withLock { $0 }?.cancel()
    }

    /// Returns once every snapshot published so far has been taken (for tests).
    public func catchUp() {
        queue.sync {}
    }

    /// Every series now.
    public func series() -> [MetricSeries] {
        let time = now()
        let (snapshot, tally) = state.withLock { ($0.snapshot, $0.tally) }
        return SnapshotMetrics.series(of: snapshot, accountID: accountID, now: time, startedAt: startedAt)
            + tally.series
            + (requests.map { RequestMetrics.series($0, now: time) } ?? [])
    }

    /// The exposition text now.
    public func text() -> String {
        PrometheusText.render(series())
    }
}
