import AdsCache
import Foundation
import MetricsExport
import Testing

@Suite("Refresh error counter")
struct RefreshErrorTallyTests {
    func snapshot(_ statuses: [CollectionKind: CollectionStatus]) -> Snapshot {
        Snapshot(collections: statuses)
    }

    static let fetching = CollectionStatus(isFetching: true, fetchStarted: Sample.now)
    static let failed = CollectionStatus(lastError: "HTTP 503", consecutiveFailures: 1)
    static let fetched = CollectionStatus(lastFetched: Sample.now)

    @Test("Each fetch that ends in an error counts once, a success none; every collection seen starts at 0")
    func counts() {
        var tally = RefreshErrorTally()
        let steps: [[CollectionKind: CollectionStatus]] = [
            [.adGroups: Self.fetching, .ads: Self.fetching],
            [.adGroups: Self.failed, .ads: Self.fetched],
            [.adGroups: Self.failed, .ads: Self.fetched],  // published again for another reason: not a new failure
            [.adGroups: Self.fetching, .ads: Self.fetched],
            [.adGroups: Self.failed, .ads: Self.fetched],
            [.adGroups: Self.fetching, .ads: Self.fetched],
            [.adGroups: Self.fetched, .ads: Self.fetched],
        ]
        for step in steps { tally.observe(snapshot(step)) }
        #expect(tally.counts == [.adGroups: 2, .ads: 0])
        let series = tally.series.map { ($0.label("collection") ?? "", $0.value) }
        #expect(series.map(\.0) == ["ad_groups", "ads"] && series.map(\.1) == [2, 0])
        #expect(tally.series.allSatisfy { $0.family == .refreshErrorsTotal })
    }

    @Test("A cached snapshot that arrives with an old error is not a failure of this process")
    func cachedError() {
        var tally = RefreshErrorTally()
        tally.observe(snapshot([.analytics: Self.failed]))
        #expect(tally.counts == [.analytics: 0])
    }
}
