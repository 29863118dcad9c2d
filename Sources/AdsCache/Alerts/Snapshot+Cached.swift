import Foundation

extension Snapshot {
    /// Whether this is the cache as it was written: stale, and nothing in it fetched since. A
    /// start can publish stale snapshots in which some collection already came live (the ads may
    /// come before the ad groups end the stale state); those are not the cache any more.
    public var isPurelyCached: Bool {
        guard let cachedAt else { return false }
        return collections.values.allSatisfy { ($0.lastFetched ?? .distantPast) <= cachedAt }
    }
}
