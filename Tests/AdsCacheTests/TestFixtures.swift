import AdsCache
import Foundation
import Logging
import PinterestAds
import PinwatchTestSupport
import Synchronization

/// Small builders and a harness wiring an engine to the fake API and a manual clock.
enum Fixture {
    static let accountID = "549755885175"
    static let account = AdAccount(id: accountID, currency: .usd, name: "Acme")

    static func campaign(_ id: String, status: EntityStatus = .active, name: String? = nil) -> Campaign {
        Campaign(id: id, adAccountId: accountID, name: name ?? "Campaign \(id)", status: status,
                 summaryStatus: status == .active ? .running : .paused)
    }

    static func adGroup(_ id: String, campaign: String = "c1", status: EntityStatus = .active,
                        budget: Int? = 5_000_000, bid: Int? = 1_000_000, name: String? = nil) -> AdGroup {
        AdGroup(id: id, adAccountId: accountID, bidInMicroCurrency: bid, budgetInMicroCurrency: budget,
                campaignId: campaign, name: name ?? "Group \(id)", status: status,
                summaryStatus: status == .active ? .running : .paused)
    }

    static func ad(_ id: String, group: String, status: EntityStatus = .active, review: ReviewStatus = .approved,
                   reasons: [RejectedReason]? = nil) -> Ad {
        Ad(id: id, adAccountId: accountID, adGroupId: group, campaignId: "c1", name: "Ad \(id)",
           rejectedReasons: reasons, reviewStatus: review, status: status,
           summaryStatus: status == .active ? .approved : .paused)
    }

    /// One campaign, two ad groups, three ads.
    static func seed(_ api: FakeAdsAPI) {
        api.setData(accounts: [account], campaigns: [campaign("c1")], adGroups: [adGroup("g1"), adGroup("g2")],
                    ads: [ad("a1", group: "g1"), ad("a2", group: "g1"), ad("a3", group: "g2")])
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pinwatch-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Test cadences: the defaults without jitter.
    static let configuration = RefreshConfiguration(jitter: 0, backoffBase: 5, backoffCap: 40)
}

/// Every event a store publishes after it is made, oldest first: what a dashboard attached to the
/// store is handed (the store itself keeps no log).
final class EventRecorder: Sendable {
    private let queue = DispatchQueue(label: "pinwatch.tests.events")
    private let received = Mutex<[ChangeEvent]>([])
    private let subscription = Mutex<Subscription?>(nil)

    init(_ store: SnapshotStore) {
        let subscription = store.subscribe(on: queue) { [weak self] _, changes in
            self?.received.withLock { $0 += changes }
        }
        self.subscription.withLock { $0 = subscription }
    }

    deinit { subscription.withLock { $0?.cancel() } }

    /// The events published so far: publications are delivered in order on the recorder's queue,
    /// so once the queue has run what it holds, every one published before this call is in.
    var all: [ChangeEvent] {
        queue.sync {}
        return received.withLock { $0 }
    }
}

/// An engine over the fake API and a manual clock.
final class Harness: Sendable {
    let api: FakeAdsAPI
    let clock = ManualClock()
    let store = SnapshotStore()
    let events: EventRecorder
    let engine: AdsEngine

    init(api: FakeAdsAPI = FakeAdsAPI(), seed: Bool = true, cache: CacheDatabase? = nil, audit: AuditLog? = nil,
         readOnly: Bool = false, configuration: RefreshConfiguration = Fixture.configuration) {
        self.api = api
        if seed { Fixture.seed(api) }
        events = EventRecorder(store)
        engine = AdsEngine(api: api, accountID: Fixture.accountID, store: store, cache: cache,
                           configuration: configuration, clock: clock, audit: audit, readOnly: readOnly,
                           logger: Logger(label: "test"), random: { 0.5 })
    }

    deinit { engine.stop() }

    /// Starts the engine and waits for the first refresh of everything.
    func start() async {
        engine.start()
        await engine.waitForIdle()
    }

    /// Moves the clock one second at a time, letting the work each second starts finish.
    func advance(_ seconds: Int) async {
        for _ in 0..<seconds {
            clock.advance(by: 1)
            await engine.waitForIdle()
        }
    }

    /// Ad group status as shown.
    func shownStatus(_ id: String) -> EntityStatus? {
        store.current.adGroups.first { $0.id == id }?.status
    }

    /// Calls of listAds for one ad group (the in-view refresh).
    func inViewCalls(_ group: String) -> Int {
        api.count(.listAds) { $0.filter?.adGroupIDs == [group] }
    }

    /// Calls of listAds for the whole account.
    var allAdsCalls: Int { api.count(.listAds) { $0.filter == ListFilter.shown } }
}

extension CacheDatabase {
    /// Saves `snapshot` and writes its resident ads as one whole-account listing, as the engine
    /// does over a save and an ads refresh.
    func saveWithAds(_ snapshot: Snapshot, savedAt: Date = Date()) throws {
        try saveSnapshot(snapshot, savedAt: savedAt)
        let ads = snapshot.allAds
        try writeAds(listed: ads.enumerated().map { ($0.element, $0.offset) }, allIDs: Set(ads.map(\.id)))
    }
}

extension SnapshotStore {
    /// The first snapshot published (the current one included) for which `condition` holds, or nil
    /// when none is within `timeout` seconds: a wait on publications, not on the clock.
    func firstPublished(within timeout: TimeInterval = 10,
                        where condition: @escaping @Sendable (Snapshot) -> Bool) async -> Snapshot? {
        let queue = DispatchQueue(label: "pinwatch.tests.wait")
        let waiter = Mutex<CheckedContinuation<Snapshot?, Never>?>(nil)
        let subscription = Mutex<Subscription?>(nil)
        let finish: @Sendable (Snapshot?) -> Void = { snapshot in
            waiter.withLock { continuation in
                continuation?.resume(returning: snapshot)
                continuation = nil
            }
        }
        let found = await withCheckedContinuation { continuation in
            waiter.withLock { $0 = continuation }
            subscription.withLock { $0 = subscribe(on: queue) { snapshot, _ in if condition(snapshot) { finish(snapshot) } } }
            queue.asyncAfter(deadline: .now() + timeout) { finish(nil) }
        }
        subscription.withLock { $0?.cancel() }
        return found
    }
}
