import AdsCache
import Foundation
import Logging
import PinterestAds
import Synchronization
import Testing

/// The monitor: alerts from the store's snapshots, each once, across a restart too.
@Suite("Alert monitor")
struct AlertMonitorTests {
    /// Alerts handed over, in order.
    final class Received: Sendable {
        let alerts = Mutex<[Alert]>([])
        func append(_ more: [Alert]) { alerts.withLock { $0 += more } }
        var all: [Alert] { alerts.withLock { $0 } }
    }

    static func monitor(_ store: SnapshotStore, cache: CacheDatabase?, into received: Received) -> AlertMonitor {
        AlertMonitor(store: store, accountID: Fixture.accountID, cache: cache, settings: AlertRulesTests.settings,
                     timeZone: AlertRulesTests.utc,
                     now: { AlertRulesTests.afternoon }, logger: Logger(label: "test"), deliver: received.append)
    }

    @Test("a rejection fires once, and not again after a restart on the same cache")
    func onceAcrossRestart() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = AlertRulesTests.live()
        let after = AlertRulesTests.live(adReview: ["a3": .rejected])

        let first = Received()
        do {
            let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "me")
            let store = SnapshotStore(initial: before)
            let monitor = Self.monitor(store, cache: cache, into: first)
            monitor.start()
            store.publish(after)
            store.publish(after)
            monitor.stop()
        }
        #expect(first.all.map(\.entityID) == ["a3"])

        // The restart: the cache held the snapshot before the rejection (it was not saved since).
        let second = Received()
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "me")
        var cached = before
        cached.cachedAt = AlertRulesTests.afternoon
        let store = SnapshotStore(initial: cached)
        let monitor = Self.monitor(store, cache: cache, into: second)
        monitor.start()
        store.publish(after)
        monitor.stop()
        #expect(second.all.isEmpty, "given already: \(second.all.map(\.message))")
        #expect(cache.wasAlerted(first.all.first?.key ?? "none"))
    }

    @Test("an alert no change event tells is written into the change log; a rejection is not written twice")
    func changeLog() {
        let received = Received()
        let store = SnapshotStore(initial: AlertRulesTests.live(spend: ["g1": 6_000_000]))
        let monitor = Self.monitor(store, cache: nil, into: received)
        monitor.start()
        store.publish(AlertRulesTests.live(adReview: ["a1": .rejected], spend: ["g1": 10_000_000]))
        monitor.stop()
        #expect(Set(received.all.map(\.kind)) == [.adRejected, .budgetExhausted, .pacingHigh])
        let logged = store.recentEvents.filter { $0.kind == .alert }.compactMap(\.detail)
        #expect(logged.count == 2)
        #expect(logged.contains { $0.hasPrefix("ad group 'Group g1' spent its daily budget: $10.00 of $10.00") })
        #expect(!logged.contains { $0.contains("rejected") })
    }

    @Test("an ad group this Pinwatch paused is not news, one paused elsewhere is")
    func ownActions() {
        let received = Received()
        let store = SnapshotStore(initial: AlertRulesTests.live())
        let monitor = Self.monitor(store, cache: nil, into: received)
        monitor.start()
        var pending = AlertRulesTests.live()
        pending.pending["g1"] = PendingChange(kind: .adGroup, from: .active, to: .paused, since: AlertRulesTests.afternoon)
        store.publish(pending)
        store.publish(AlertRulesTests.live(groupSummary: ["g1": .paused]))
        store.publish(AlertRulesTests.live(groupSummary: ["g1": .paused, "g2": .paused]))
        monitor.stop()
        #expect(received.all.map(\.entityID) == ["g2"])
    }

    @Test("the hourly history is kept in the cache, the latest of an hour wins")
    func history() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "me")
        let store = SnapshotStore(initial: AlertRulesTests.live())
        let monitor = Self.monitor(store, cache: cache, into: Received())
        monitor.start()
        store.publish(AlertRulesTests.withTotals(spend: 2_000_000, impressions: 100, clicks: 2))
        store.publish(AlertRulesTests.withTotals(spend: 4_000_000, impressions: 200, clicks: 4))
        monitor.stop()
        let hour = AlertRulesTests.afternoon
        #expect(cache.loadHistory() == [HourSample(hour: hour, spend: 4_000_000, impressions: 200, clicks: 4)])
    }
}

extension AlertMonitorTests {
    @Test("after a restart, a listing that comes before the cached ads is still compared with them")
    func listingBeforeCachedAds() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "me")
        try cache.saveWithAds(AlertRulesTests.live())
        // The engine published the cached ad groups, but not yet their ads, when the live listing came.
        var adGroupsOnly = AlertRulesTests.live()
        adGroupsOnly.cachedAt = AlertRulesTests.afternoon
        adGroupsOnly.adsByAdGroup = [:]
        adGroupsOnly.adBriefs = [:]
        let received = Received()
        let store = SnapshotStore(initial: adGroupsOnly)
        let monitor = Self.monitor(store, cache: cache, into: received)
        monitor.start()
        store.publish(AlertRulesTests.live(adReview: ["a2": .rejected]))
        monitor.stop()
        #expect(received.all.map(\.entityID) == ["a2"])
    }
}

extension AlertMonitorTests {
    @Test("a start whose ads come live before the ad groups: the rejection since the cache still fires")
    func adsBeforeAdGroups() {
        var cached = AlertRulesTests.live()
        cached.cachedAt = AlertRulesTests.afternoon
        cached.collections = [.analytics: CollectionStatus(lastFetched: AlertRulesTests.afternoon.addingTimeInterval(-60))]
        var adsLive = AlertRulesTests.live(adReview: ["a1": .rejected])
        adsLive.cachedAt = cached.cachedAt
        adsLive.collections[.ads] = CollectionStatus(lastFetched: AlertRulesTests.afternoon.addingTimeInterval(5))
        let received = Received()
        let store = SnapshotStore(initial: cached)
        let monitor = Self.monitor(store, cache: nil, into: received)
        monitor.start()
        store.publish(adsLive)
        var live = adsLive
        live.cachedAt = nil
        store.publish(live)
        monitor.stop()
        #expect(received.all.map(\.entityID) == ["a1"])
    }
}
