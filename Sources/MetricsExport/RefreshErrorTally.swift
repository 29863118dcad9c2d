import AdsCache

/// Counts the refreshes that ended in an error, per collection, from the snapshots the engine
/// publishes (each one, in order): a collection that was fetching and no longer is, with an error,
/// is one failed refresh. A 429 counts too: that refresh got nothing.
public struct RefreshErrorTally: Sendable, Equatable {
    /// Failed refreshes by collection since the exporter started.
    public private(set) var counts: [CollectionKind: Int] = [:]
    private var fetching: Set<CollectionKind> = []

    /// An empty tally.
    public init() {}

    /// Takes the next published snapshot.
    public mutating func observe(_ snapshot: Snapshot) {
        for (kind, status) in snapshot.collections {
            if counts[kind] == nil { counts[kind] = 0 }
            if status.isFetching {
                fetching.insert(kind)
            } else if fetching.remove(kind) != nil, status.lastError != nil {
                counts[kind, default: 0] += 1
            }
        }
    }

    /// The counter series: one per collection seen, zero included (so `increase()` works from the
    /// first failure on).
    public var series: [MetricSeries] {
        counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { kind, count in
            MetricSeries(.refreshErrorsTotal, [kind.rawValue], Double(count))
        }
    }
}
