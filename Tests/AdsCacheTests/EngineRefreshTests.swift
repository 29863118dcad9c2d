import AdsCache
import Foundation
import PinterestAds
import PinwatchTestSupport
import Synchronization
import Testing

@Suite("Engine refresh")
struct EngineRefreshTests {
    @Test("start publishes the cached snapshot first, then replaces it with the refresh and saves it")
    func startFromCacheThenRefresh() async throws {
        let directory = Fixture.temporaryDirectory()
        let savedAt = Date(timeIntervalSince1970: 1_780_000_000)
        do {
            let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
            try cache.saveSnapshot(Snapshot(account: Fixture.account, adGroups: [Fixture.adGroup("g1", name: "Cached")]),
                                   savedAt: savedAt)
        }
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
        let harness = Harness(cache: cache)
        let published = Mutex<[Snapshot]>([])
        let queue = DispatchQueue(label: "test")
        let subscription = harness.store.subscribe(on: queue) { snapshot, _ in
            published.withLock { $0.append(snapshot) }
        }
        defer { subscription.cancel() }
        harness.api.hold(.listAdGroups)
        harness.engine.start()
        await harness.api.waitForCalls(.listAdGroups)

        let stale = harness.store.current
        #expect(stale.cachedAt == savedAt)
        #expect(stale.isStale)
        #expect(stale.adGroups.map(\.name) == ["Cached"])

        harness.api.release(.listAdGroups)
        await harness.engine.waitForIdle()
        let fresh = harness.store.current
        #expect(fresh.cachedAt == nil)
        #expect(fresh.adGroups.map(\.id) == ["g1", "g2"])
        #expect(fresh.adGroups.first?.name == "Group g1")

        // Subscribers saw the cached copy before any fresh one.
        harness.engine.stop()
        queue.sync {}  // every publication before the stop has been delivered
        let firstWithData = published.withLock { $0 }.first { !$0.adGroups.isEmpty }
        #expect(firstWithData?.cachedAt == savedAt)

        let reopened = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
        let saved = try #require(reopened.loadSnapshot())
        #expect(saved.adGroups.map(\.id) == ["g1", "g2"])
        #expect(saved.adsByAdGroup["g1"]?.map(\.id) == ["a1", "a2"])
    }

    @Test("the first refresh after a cached start reports changes since, but no added/removed flood")
    func firstRefreshAfterCache() async throws {
        let directory = Fixture.temporaryDirectory()
        do {
            let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
            try cache.saveSnapshot(Snapshot(account: Fixture.account,
                                            adGroups: [Fixture.adGroup("g1", status: .paused), Fixture.adGroup("gone")],
                                            collections: [.adGroups: CollectionStatus(lastFetched: Date())]))
        }
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
        let harness = Harness(cache: cache)
        await harness.start()
        let events = harness.store.recentEvents
        #expect(events.contains { $0.entityID == "g1" && $0.change(of: .status)?.new == "ACTIVE" })
        #expect(!events.contains { $0.kind == .added || $0.kind == .removed })

        harness.api.editAdGroups { $0.append(Fixture.adGroup("g9")) }
        await harness.engine.refresh([.adGroups])
        #expect(harness.store.recentEvents.contains { $0.kind == .added && $0.entityID == "g9" },
                "later refreshes report additions again")
    }

    @Test("a refresh from an empty start emits no change events")
    func firstLoadIsQuiet() async {
        let harness = Harness()
        await harness.start()
        #expect(harness.store.current.adGroups.count == 2)
        #expect(harness.store.recentEvents.isEmpty)
    }

    @Test("each collection refreshes on its own cadence")
    func cadences() async {
        let harness = Harness()
        // One analytics refresh reads the ad groups' in one request (and the campaigns', the ads' in view).
        func analyticsRefreshes() -> Int {
            harness.api.calls.filter { $0.method == .analytics && $0.ids.first?.hasPrefix("g") == true }.count
        }
        await harness.start()
        #expect(harness.api.count(.listAdGroups) == 1)
        #expect(harness.api.count(.listCampaigns) == 1)
        #expect(harness.allAdsCalls == 1)
        #expect(analyticsRefreshes() == 1)
        #expect(harness.api.count(.listAdAccounts) == 1)

        harness.engine.setAdGroupInView("g1")
        await harness.engine.waitForIdle()
        #expect(harness.inViewCalls("g1") == 1, "a new ad group in view is fetched at once")
        let adIDs = harness.store.current.adBriefs["g1"].map { Array($0.ids) } ?? []
        #expect(!adIDs.isEmpty)
        #expect(harness.api.calls.filter { $0.method == .analytics && $0.ids == adIDs }.count == 1,
                "its ads' analytics are read at once, alone")
        #expect(analyticsRefreshes() == 1, "without reading the account's again")

        await harness.advance(15)
        #expect(harness.inViewCalls("g1") == 2)
        #expect(harness.api.count(.listAdGroups) == 1)

        await harness.advance(15)  // t = 30
        #expect(harness.api.count(.listAdGroups) == 2)
        #expect(harness.inViewCalls("g1") == 3)
        #expect(harness.allAdsCalls == 1)

        await harness.advance(90)  // t = 120
        #expect(harness.allAdsCalls == 2)
        #expect(harness.api.count(.listAdGroups) == 5)
        #expect(analyticsRefreshes() == 1)

        await harness.advance(180)  // t = 300
        #expect(analyticsRefreshes() == 2)
        #expect(harness.api.count(.listAdAccounts) == 2)
        #expect(harness.api.count(.listAdGroups) == 11)
        let status = harness.store.current.collections[.adGroups]
        #expect(status?.nextRefresh == harness.clock.now.addingTimeInterval(30))
        #expect(status?.isFetching == false)
    }

    @Test("jitter spreads the next refresh within ±10 %")
    func jitter() async {
        let api = FakeAdsAPI()
        Fixture.seed(api)
        for (random, expected) in [(0.0, 27.0), (1.0, 33.0)] {
            let store = SnapshotStore()
            let clock = ManualClock()
            let engine = AdsEngine(api: api, accountID: Fixture.accountID, store: store, cache: nil,
                                   configuration: RefreshConfiguration(), clock: clock, audit: nil, readOnly: false,
                                   random: { random })
            engine.start()
            await engine.waitForIdle()
            #expect(store.current.collections[.adGroups]?.nextRefresh == clock.now.addingTimeInterval(expected))
            engine.stop()
        }
    }

    @Test("changing the ad group in view fetches the new one's ads once the running fetch ends")
    func inViewChangeWhileFetching() async {
        let harness = Harness()
        await harness.start()
        harness.api.hold(.listAds)
        harness.engine.setAdGroupInView("g1")
        await harness.api.waitForCalls(.listAds, count: 2)
        harness.engine.setAdGroupInView("g2")
        #expect(harness.inViewCalls("g2") == 0, "never two fetches of one collection at once")
        harness.api.release(.listAds)
        await harness.engine.waitForIdle()
        #expect(harness.inViewCalls("g1") == 1)
        #expect(harness.inViewCalls("g2") == 1)
    }

    @Test("refreshNow during a fetch joins it instead of fetching again")
    func joinInFlight() async {
        let harness = Harness()
        harness.api.hold(.listAdGroups)
        harness.engine.start()
        await harness.api.waitForCalls(.listAdGroups)
        #expect(harness.store.current.collections[.adGroups]?.isFetching == true)
        harness.engine.refreshNow([.adGroups])
        harness.engine.refreshNow([.adGroups])
        harness.engine.refreshNow()
        #expect(harness.api.count(.listAdGroups) == 1)
        harness.api.release(.listAdGroups)
        await harness.engine.waitForIdle()
        #expect(harness.api.count(.listAdGroups) == 1)
        #expect(harness.store.current.collections[.adGroups]?.isFetching == false)
        await harness.engine.refresh([.adGroups])
        #expect(harness.api.count(.listAdGroups) == 2, "after it finished, a refresh fetches again")
    }

    @Test("failures back off exponentially up to the cap, report once, and recover")
    func backoff() async {
        let harness = Harness()
        harness.api.failAlways(.listAdGroups, with: .server(status: 503, code: nil, message: "Service unavailable"))
        await harness.start()
        let start = harness.clock.now
        var callTimes: [TimeInterval] = []
        var seen = harness.api.count(.listAdGroups)
        for _ in 0..<160 {
            await harness.advance(1)
            let count = harness.api.count(.listAdGroups)
            if count != seen {
                callTimes.append(harness.clock.now.timeIntervalSince(start))
                seen = count
            }
        }
        // Delays 5, 10, 20, 40 (cap), 40, 40 …
        #expect(Array(callTimes.prefix(6)) == [5, 15, 35, 75, 115, 155])
        let status = harness.store.current.collections[.adGroups]
        #expect(status?.consecutiveFailures == 7)
        #expect(status?.lastError?.contains("Service unavailable") == true)
        let failures = harness.store.recentEvents.filter { $0.kind == .refreshFailed }
        #expect(failures.count == 1, "reported when it first fails, not on every retry")

        harness.api.failAlways(.listAdGroups, with: nil)
        await harness.advance(40)
        let recovered = harness.store.current.collections[.adGroups]
        #expect(recovered?.consecutiveFailures == 0)
        #expect(recovered?.lastError == nil)
        #expect(recovered?.nextRefresh == harness.clock.now.addingTimeInterval(25), "success at 195 s, next at 225 s")
    }

    @Test("while rate-limited no request is sent, and refreshing resumes afterwards")
    func rateLimit() async {
        let harness = Harness()
        let until = harness.clock.now.addingTimeInterval(100)
        harness.api.failNext(.listAdGroups, with: .rateLimited(until: until))
        await harness.start()
        #expect(harness.store.current.rateLimitedUntil == until)
        #expect(harness.store.current.collections[.adGroups]?.nextRefresh == until)
        #expect(harness.api.count(.analytics) == 0, "analytics waited for the ad groups and saw the limit")
        let callsAtStart = harness.api.totalCalls

        harness.engine.refreshNow()
        harness.engine.setAdGroupInView("g1")
        let refused = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        #expect(refused.isRefused)
        await harness.advance(99)
        #expect(harness.api.totalCalls == callsAtStart, "nothing sent before the limit ends")

        await harness.advance(1)
        #expect(harness.api.count(.listAdGroups) == 2)
        #expect(harness.api.count(.listCampaigns) == 2)
        #expect(harness.inViewCalls("g1") == 1)
        #expect(harness.store.current.rateLimitedUntil == nil)
        #expect(harness.store.current.collections[.adGroups]?.lastError == nil)
        #expect(harness.store.recentEvents.filter { $0.kind == .refreshFailed }.count == 1)
    }

    @Test("analytics: one DAY call per level over 30 days, folded into each range and the spend series")
    func analytics() async throws {
        let harness = Harness()
        let today = APIDate(harness.clock.now)
        let window = AnalyticsFolding.window(endingAt: today, days: 30)
        harness.api.setData(analytics: [
            AnalyticsRow(entityID: "g1", date: today.description,
                         metrics: [AnalyticsColumn.spendInMicroDollar: 2_500_000, AnalyticsColumn.totalImpressions: 1000,
                                   AnalyticsColumn.totalClickthroughs: 25, AnalyticsColumn.outboundClicks: 10,
                                   AnalyticsColumn.totalConversions: 2, AnalyticsColumn.checkoutValueInMicroDollar: 9_000_000]),
            AnalyticsRow(entityID: "g1", date: window[28].description,
                         metrics: [AnalyticsColumn.spendInMicroDollar: 500_000]),
            AnalyticsRow(entityID: "g1", date: window[0].description,
                         metrics: [AnalyticsColumn.spendInMicroDollar: 1_000_000]),
            AnalyticsRow(entityID: "g2", date: today.description,
                         metrics: [AnalyticsColumn.spendInMicroDollar: 7]),
        ])
        await harness.start()
        let calls = harness.api.calls.filter { $0.method == .analytics }
        let call = try #require(calls.first { $0.ids == ["g1", "g2"] })
        #expect(call.granularity == .day)
        #expect(call.columns == AnalyticsColumn.dashboard)
        #expect(call.from == window.first)
        #expect(call.to == today)
        let g1 = try #require(harness.store.current.metrics["g1"])
        #expect(g1.spendToday == 2_500_000)
        #expect(g1.impressionsToday == 1000)
        #expect(g1.clicksToday == 25)
        #expect(g1.ctrToday == 0.025)
        #expect(g1[.today].roas == 3.6)
        #expect(g1[.yesterday].spend == 500_000)
        #expect(g1[.last7Days].spend == 3_000_000)
        #expect(g1[.last30Days].spend == 4_000_000)
        #expect(g1.dailySpend.count == 14)
        #expect(g1.dailySpend.last == 2_500_000)
        #expect(harness.store.current.metrics["g2"]?.spendToday == 7)
        // The account's own analytics are unknown to this API: the sum of its campaigns'.
        #expect(harness.store.current.levelMetrics.account != nil)
    }

    @Test("after stop no timer fires and nothing is published")
    func stop() async {
        let harness = Harness()
        await harness.start()
        harness.engine.stop()
        let calls = harness.api.totalCalls
        let snapshot = harness.store.current
        harness.engine.refreshNow()
        await harness.advance(400)
        #expect(harness.api.totalCalls == calls)
        #expect(harness.store.current == snapshot)
        #expect(harness.clock.pendingTimerCount == 0)
    }

    @Test("diff events are published when a refresh sees changes")
    func refreshPublishesChanges() async {
        let harness = Harness()
        await harness.start()
        harness.api.editAdGroups { groups in groups[0].budgetInMicroCurrency = 7_500_000 }
        await harness.engine.refresh([.adGroups])
        let event = harness.store.recentEvents.last
        #expect(event?.kind == .changed)
        #expect(event?.fieldChanges == [FieldChange(.budget, old: "$5.00", new: "$7.50")])
        #expect(event?.entityID == "g1")
    }
}

@Suite("Engine first refresh hold")
struct EngineFirstRefreshHoldTests {
    @Test("a start from the cache holds its first refresh until released; without a cache it does not wait")
    func holdsUntilReleased() async throws {
        let directory = Fixture.temporaryDirectory()
        do {
            let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
            try cache.saveSnapshot(Snapshot(account: Fixture.account, adGroups: [Fixture.adGroup("g1", name: "Cached")]))
        }
        let harness = Harness(cache: try CacheDatabase(directory: directory, accountID: Fixture.accountID,
                                                       identity: "user-1"))
        harness.engine.start(holdingFirstRefresh: 60)
        // Reading the cache is the start's only work until the hold ends: once it is done, the
        // cached snapshot is shown and nothing else can send a request (the clock stands still).
        await harness.engine.waitForIdle()
        #expect(harness.store.current.adGroups.map(\.name) == ["Cached"])
        #expect(harness.api.totalCalls == 0)
        harness.engine.releaseFirstRefresh()
        await harness.api.waitForCalls(.listAdGroups)
        await harness.engine.waitForIdle()
        #expect(harness.store.current.adGroups.map(\.id) == ["g1", "g2"])

        let uncached = Harness()
        uncached.engine.start(holdingFirstRefresh: 60)
        await uncached.api.waitForCalls(.listAdGroups)
        await uncached.engine.waitForIdle()
        #expect(uncached.store.current.adGroups.count == 2)
    }

    @Test("the hold ends by itself, and stop() ends a held start")
    func holdEnds() async throws {
        let directory = Fixture.temporaryDirectory()
        do {
            let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
            try cache.saveSnapshot(Snapshot(account: Fixture.account, adGroups: [Fixture.adGroup("g1")]))
        }
        let harness = Harness(cache: try CacheDatabase(directory: directory, accountID: Fixture.accountID,
                                                       identity: "user-1"))
        harness.engine.start(holdingFirstRefresh: 2)
        await harness.engine.waitForIdle()
        #expect(harness.store.current.adGroups.map(\.id) == ["g1"])
        #expect(harness.api.totalCalls == 0)
        await harness.advance(2)  // the hold's timer fires; the cached ads are read, then the refresh
        #expect(harness.api.count(.listAdGroups) == 1)
        #expect(harness.store.current.adGroups.map(\.id) == ["g1", "g2"])

        let held = Harness(cache: try CacheDatabase(directory: directory, accountID: Fixture.accountID,
                                                    identity: "user-1"))
        held.engine.start(holdingFirstRefresh: 600)
        await held.engine.waitForIdle()
        held.engine.stop()
        held.clock.advance(by: 600)
        await held.engine.waitForIdle()
        #expect(held.clock.pendingTimerCount == 0)
        #expect(held.api.count(.listAdGroups) == 0)
    }
}
