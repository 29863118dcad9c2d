@testable import AdsCache
import Foundation
import PinterestAds
import Testing

/// The engine's rules, driven through `EngineCore` alone: events in, actions out. No network, no
/// clock, no fake API, no tasks: each test is a table of events and the actions they must give.
@Suite("Engine core rules")
struct EngineCoreTests {
    /// A core and the time its events carry.
    struct Machine {
        var core: EngineCore
        var now = Date(timeIntervalSince1970: 1_790_000_000)
        /// The fetch requests given and not yet landed, by collection.
        var inFlight: [CollectionKind: FetchRequest] = [:]
        var nextAction = 0

        init(hasCache: Bool = false, readOnly: Bool = false,
             configuration: RefreshConfiguration = Fixture.configuration) {
            core = EngineCore(accountID: Fixture.accountID, configuration: configuration, readOnly: readOnly,
                              hasCache: hasCache, user: "tester")
        }

        var snapshot: Snapshot { core.snapshot }

        /// Handles `event`, remembering the fetches it starts.
        @discardableResult
        mutating func send(_ event: EngineEvent) -> [EngineAction] {
            let actions = core.handle(event)
            for request in actions.fetches { inFlight[request.id.kind] = request }
            return actions
        }

        mutating func advance(_ seconds: TimeInterval) { now = now.addingTimeInterval(seconds) }

        /// Starts without a cache; every collection but the ads in view is fetched at once
        /// (analytics once the ad groups are in).
        @discardableResult
        mutating func start() -> [EngineAction] { send(.started(hold: nil, now: now)) }

        /// Lands the fetch of `kind` in flight with `result`.
        @discardableResult
        mutating func land(_ kind: CollectionKind, _ result: FetchResult, jitter: Double = 0.5) -> [EngineAction] {
            guard let request = inFlight.removeValue(forKey: kind) else {
                Issue.record("no fetch of \(kind) in flight")
                return []
            }
            return send(.fetchFinished(request.id, result, now: now, jitter: jitter))
        }

        /// Lands every fetch in flight with the seed data (analytics after the ad groups); returns
        /// the actions given.
        @discardableResult
        mutating func landAll() -> [EngineAction] {
            var actions: [EngineAction] = []
            while let kind = inFlight.keys.sorted(by: { $0.rawValue < $1.rawValue }).first {
                actions += land(kind, seedResult(kind))
            }
            return actions
        }

        /// What the seed account gives for the fetch of `kind` in flight.
        func seedResult(_ kind: CollectionKind) -> FetchResult {
            switch kind {
            case .accounts: .accounts([Fixture.account])
            case .campaigns: .campaigns([Fixture.campaign("c1")])
            case .adGroups: .adGroups(Seed.adGroups, pages: nil)
            case .adsInView:
                if case .adsInView(let group) = inFlight[kind]?.parameters {
                    .adsInView(group: group, Seed.ads.filter { $0.adGroupId == group })
                } else {
                    .adsInView(group: "", [])
                }
            case .ads: .ads(Seed.listing(Seed.ads))
            case .analytics: .analytics(AnalyticsResult(adGroups: [:], levels: LevelMetrics()))
            }
        }

        /// Performs a status change up to the point where it is sent; returns its id.
        mutating func beginAction(_ action: StatusAction) -> ActionID {
            nextAction += 1
            let id = ActionID(value: nextAction)
            let actions = send(.actionRequested(id, action, now: now))
            #expect(actions.answers == [.send], "the change is sent at once")
            return id
        }

        /// Settles an action with every id succeeded and these entities read back.
        @discardableResult
        mutating func settle(_ id: ActionID, readBack: [ReadBackEntity]) -> [EngineAction] {
            var entities: [String: ReadBackEntity] = [:]
            var outcomes: [String: ActionItemOutcome] = [:]
            for entity in readBack {
                let entityID = switch entity {
                case .campaign(let value): value.id
                case .adGroup(let value): value.id
                case .ad(let value): value.id
                }
                entities[entityID] = entity
                outcomes[entityID] = .succeeded
            }
            return send(.actionSettled(id, ActionSettlement(outcomes: outcomes, readBack: entities), now: now))
        }

        func shown(_ group: String) -> EntityStatus? { snapshot.adGroups.first { $0.id == group }?.status }
        func shownAd(_ id: String) -> EntityStatus? { snapshot.adBrief(id: id)?.status }
    }

    enum Seed {
        static let adGroups = [Fixture.adGroup("g1"), Fixture.adGroup("g2")]
        static let ads = [Fixture.ad("a1", group: "g1"), Fixture.ad("a2", group: "g1"), Fixture.ad("a3", group: "g2")]

        static func listing(_ ads: [Ad]) -> AdsListing {
            var listing = AdsListing(residentLimit: 10_000, recent: [])
            listing.add(ListedPage(digest: nil, bookmark: nil, content: .decoded(ads)))
            return listing
        }
    }

    // MARK: Starting

    @Test("a start with a cache sends no request before the cached snapshot is published",
          arguments: [nil, 60.0] as [TimeInterval?])
    func startPaintedFromCache(hold: TimeInterval?) {
        var machine = Machine(hasCache: true)
        let started = machine.send(.started(hold: hold, now: machine.now))
        #expect(started.fetches.isEmpty)
        #expect(started.loadsCache, "the cache is read first")

        let delivered = EntityMetrics(ranges: RangeTotals(today: Delivery(spend: 4_000_000)), dailySpend: [4_000_000])
        let cached = Snapshot(account: Fixture.account, adGroups: [Fixture.adGroup("g1", name: "Cached")],
                              metrics: ["g1": delivered],
                              levelMetrics: LevelMetrics(account: delivered, campaigns: ["c1": delivered]),
                              cachedAt: machine.now)
        let loaded = machine.send(.cacheLoaded(cached, now: machine.now))
        #expect(loaded.fetches.isEmpty)
        #expect(loaded.published.first?.adGroups.map(\.name) == ["Cached"], "published before any request")
        #expect(loaded.published.first?.metrics == cached.metrics, "the ad groups' metrics from the cache")
        #expect(loaded.published.first?.levelMetrics == cached.levelMetrics,
                "the campaigns' and the account's metrics from the cache")
        if let hold {
            // Held: neither the cached ads nor the first refresh until the screen is drawn.
            #expect(loaded.armed == [.firstRefreshHold: hold])
            #expect(!loaded.loadsCachedAds)
            #expect(machine.send(.refreshRequested([.adGroups], now: machine.now)).loadsCachedAds,
                    "a refresh asked for ends the hold")
        } else {
            #expect(loaded.loadsCachedAds)
        }
        let ads = machine.send(.cachedAdsLoaded(nil, pages: [], now: machine.now))
        #expect(Set(ads.fetches.map(\.id.kind)) == [.accounts, .campaigns, .adGroups, .ads])
        #expect(machine.snapshot.isStale, "still the cached copy until the ad groups are in")
    }

    @Test("the hold ends by its timer; a timer replaced or cancelled does nothing")
    func holdTimer() throws {
        var machine = Machine(hasCache: true)
        machine.send(.started(hold: 5, now: machine.now))
        let loaded = machine.send(.cacheLoaded(Snapshot(adGroups: [Fixture.adGroup("g1")]), now: machine.now))
        let generation = try #require(loaded.armedGenerations[.firstRefreshHold])
        #expect(machine.send(.timerFired(.firstRefreshHold, generation: generation + 1, now: machine.now)).isEmpty)
        #expect(machine.send(.timerFired(.firstRefreshHold, generation: generation, now: machine.now)).loadsCachedAds)
        #expect(machine.send(.timerFired(.firstRefreshHold, generation: generation, now: machine.now)).isEmpty,
                "a timer fires once")
    }

    @Test("a start without a cache fetches at once; analytics wait for the ad groups' and campaigns' ids")
    func startWithoutCache() {
        var machine = Machine()
        let actions = machine.start()
        #expect(Set(actions.fetches.map(\.id.kind)) == [.accounts, .campaigns, .adGroups, .ads])
        #expect(machine.snapshot.collections[.analytics]?.isFetching == true)
        #expect(machine.land(.campaigns, .campaigns([])).fetches.isEmpty, "the ad groups are still being listed")
        let landed = machine.land(.adGroups, .adGroups(Seed.adGroups, pages: nil))
        guard case .analytics(let scope) = landed.fetches.first?.parameters else {
            Issue.record("analytics were not fetched after the ad groups")
            return
        }
        #expect(scope.adGroupIDs == ["g1", "g2"])
        #expect(scope.wholeAccount)
    }

    // MARK: Joining and ordering

    @Test("a refresh asked for while one is in flight joins it; after it lands, it fetches again")
    func joinsConcurrentRefreshes() {
        var machine = Machine()
        machine.start()
        for kinds in [[.adGroups], nil, [.adGroups, .campaigns]] as [Set<CollectionKind>?] {
            #expect(machine.send(.refreshRequested(kinds, now: machine.now)).fetches.isEmpty)
        }
        machine.landAll()
        let again = machine.send(.refreshRequested([.adGroups], now: machine.now))
        #expect(again.fetches.map(\.id.kind) == [.adGroups])
    }

    @Test("a result that lands after a newer one of the same ad group does not overwrite it",
          arguments: [true, false])
    func fetchSequenceOrdering(inViewLandsFirst: Bool) {
        var machine = Machine()
        machine.start()
        machine.landAll()
        // A whole-account listing starts, then the in-view fetch of g1: the in-view one is newer.
        machine.send(.refreshRequested([.ads], now: machine.now))
        machine.send(.adGroupInViewChanged("g1", now: machine.now))
        let old = [Fixture.ad("a1", group: "g1", status: .active), Fixture.ad("a2", group: "g1"),
                   Fixture.ad("a3", group: "g2", status: .paused)]
        let new = [Fixture.ad("a1", group: "g1", status: .paused), Fixture.ad("a2", group: "g1")]
        if inViewLandsFirst {
            machine.land(.adsInView, .adsInView(group: "g1", new))
            machine.land(.ads, .ads(Seed.listing(old)))
        } else {
            machine.land(.ads, .ads(Seed.listing(old)))
            machine.land(.adsInView, .adsInView(group: "g1", new))
        }
        #expect(machine.shownAd("a1") == .paused, "the in-view fetch started last: it wins")
        #expect(machine.shownAd("a3") == .paused, "the listing still brings the other ad groups")
    }

    @Test("changing the ad group in view mid-fetch fetches the new one when the running fetch lands")
    func adsInViewRerun() {
        var machine = Machine()
        machine.start()
        machine.landAll()
        #expect(machine.send(.adGroupInViewChanged("g1", now: machine.now)).fetches.filter { $0.id.kind == .adsInView }.count == 1)
        #expect(machine.send(.adGroupInViewChanged("g2", now: machine.now)).fetches.isEmpty,
                "never two fetches of one collection at once")
        let landed = machine.land(.adsInView, .adsInView(group: "g1", Array(Seed.ads.prefix(2))))
        guard case .adsInView(let group) = landed.fetches.first?.parameters else {
            Issue.record("the new ad group in view was not fetched")
            return
        }
        #expect(group == "g2")
        #expect(landed.armed[.refresh(.adsInView)] == nil, "the rerun, not a timer, comes next")
        // Back to g1 while g2 is fetched and then to g2 again: nothing to rerun.
        machine.send(.adGroupInViewChanged("g1", now: machine.now))
        machine.send(.adGroupInViewChanged("g2", now: machine.now))
        let rerunNotNeeded = machine.land(.adsInView, .adsInView(group: "g2", [Seed.ads[2]]))
        #expect(rerunNotNeeded.fetches.isEmpty)
    }

    @Test("an ad groups listing paged as the one folded last is that listing: nothing is compared or saved")
    func unchangedAdGroupListing() {
        var machine = Machine(hasCache: true)
        machine.send(.started(hold: nil, now: machine.now))
        machine.send(.cacheLoaded(nil, now: machine.now))
        let pages = ListingPages(digests: [PageDigest(high: 1, low: 2)], ranges: [0..<2], bookmarks: [nil])
        machine.land(.adGroups, .adGroups(Seed.adGroups, pages: pages))
        machine.landAll()
        machine.send(.saveFinished(failed: nil))
        let rows: [(groups: [AdGroup], pages: ListingPages, shown: [String])] = [
            // The same pages: whatever was decoded from them is what the snapshot holds already.
            (Seed.adGroups, pages, ["g1", "g2"]),
            ([], pages, ["g1", "g2"]),
            // Other pages: the listing is folded.
            ([Fixture.adGroup("g1")], ListingPages(digests: [PageDigest(high: 3, low: 4)], ranges: [0..<1],
                                                   bookmarks: [nil]), ["g1"]),
        ]
        for row in rows {
            machine.advance(60)
            machine.send(.refreshRequested([.adGroups], now: machine.now))
            let actions = machine.land(.adGroups, .adGroups(row.groups, pages: row.pages))
            #expect(machine.snapshot.adGroups.map(\.id) == row.shown)
            let saved = actions.saves.first?.parts.contains(.adGroups) ?? false
            #expect(saved == (row.shown.count == 1), "only a folded listing rewrites the ad groups")
            if !actions.saves.isEmpty { machine.send(.saveFinished(failed: nil)) }
        }
    }

    // MARK: Status changes

    @Test("a read-back newer than a listing in flight wins; a listing started after it wins over it")
    func readBackBeatsOlderListing() {
        var machine = Machine()
        machine.start()
        machine.landAll()
        machine.send(.refreshRequested([.adGroups], now: machine.now))  // started before the change
        let id = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        machine.settle(id, readBack: [.adGroup(Fixture.adGroup("g1", status: .paused))])
        #expect(machine.shown("g1") == .paused)

        machine.land(.adGroups, .adGroups(Seed.adGroups, pages: nil))  // still says ACTIVE
        #expect(machine.shown("g1") == .paused, "the older listing does not undo the read-back")

        machine.send(.refreshRequested([.adGroups], now: machine.now))  // started after the change
        machine.land(.adGroups, .adGroups(Seed.adGroups, pages: nil))
        #expect(machine.shown("g1") == .active, "a listing newer than the read-back is the truth")
    }

    @Test("while a change is pending its target status shows, whatever a refresh says; then the read-back")
    func pendingStatuses() {
        var machine = Machine()
        machine.start()
        machine.landAll()
        let rows: [(kind: EntityKind, id: String, shown: (Machine) -> EntityStatus?)] = [
            (.adGroup, "g2", { $0.shown("g2") }),
            (.ad, "a3", { $0.shownAd("a3") }),
        ]
        for row in rows {
            let id = machine.beginAction(StatusAction(kind: row.kind, ids: [row.id], target: .paused))
            #expect(machine.snapshot.pending[row.id]?.to == .paused)
            #expect(row.shown(machine) == .paused)
            machine.send(.refreshRequested(nil, now: machine.now))
            machine.landAll()
            #expect(row.shown(machine) == .paused, "\(row.id) stays pending through a refresh")
            // A second change to the same id is refused before any request.
            machine.nextAction += 1
            let second = machine.send(.actionRequested(ActionID(value: machine.nextAction),
                                                       StatusAction(kind: row.kind, ids: [row.id], target: .active),
                                                       now: machine.now))
            #expect(second.finishedOutcome?.isRefused == true)
            // Reading back found it not paused: that is what shows.
            let entity: ReadBackEntity = row.kind == .ad ? .ad(Fixture.ad(row.id, group: "g2"))
                : .adGroup(Fixture.adGroup(row.id))
            machine.settle(id, readBack: [entity])
            #expect(machine.snapshot.pending.isEmpty)
            #expect(row.shown(machine) == .active)
        }
    }

    @Test("an ad read back after a change goes to the cache; an ad group waits for the save")
    func readBackReachesTheCache() {
        var machine = Machine(hasCache: true)
        machine.send(.started(hold: nil, now: machine.now))
        machine.send(.cacheLoaded(nil, now: machine.now))
        #expect(machine.landAll().saves.count == 1)
        machine.send(.saveFinished(failed: nil))
        let ad = machine.beginAction(StatusAction(kind: .ad, ids: ["a3"], target: .paused))
        let settled = machine.settle(ad, readBack: [.ad(Fixture.ad("a3", group: "g2", status: .paused))])
        #expect(settled.readBackWrites.map(\.id) == ["a3"])
        #expect(settled.readBackWrites.first?.status == .paused)
        machine.advance(60)
        let group = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        let saved = machine.settle(group, readBack: [.adGroup(Fixture.adGroup("g1", status: .paused))])
        #expect(saved.saves.first?.parts.contains(.adGroups) == true)
        #expect(saved.saves.first?.snapshot.adGroups.first?.status == .paused)
    }

    @Test("refusals come before any request, and are audited")
    func refusals() {
        let table: [(readOnly: Bool, ids: [String], limited: Bool, reason: String)] = [
            (true, ["g1"], false, "read-only"),
            (false, [], false, "Nothing selected"),
            (false, ["g1"], true, "429"),
        ]
        for row in table {
            var machine = Machine(readOnly: row.readOnly)
            machine.start()
            if row.limited, let request = machine.inFlight.removeValue(forKey: .adGroups) {
                machine.send(.rateLimited(request.id, until: machine.now.addingTimeInterval(100), now: machine.now))
            }
            let action = StatusAction(kind: .adGroup, ids: row.ids, target: .paused)
            let actions = machine.send(.actionRequested(ActionID(value: 1), action, now: machine.now))
            guard case .refused(let why)? = actions.finishedOutcome else {
                Issue.record("\(row.reason): not refused")
                continue
            }
            #expect(why.localizedCaseInsensitiveContains(row.reason)
                    || (row.limited && why.localizedCaseInsensitiveContains("rate")), "\(why)")
            #expect(actions.audits.count == 1, "a refusal is audited")
            #expect(machine.snapshot.pending.isEmpty)
        }
    }

    // MARK: Failures

    @Test("failures back off per collection, doubling to the cap; one event; a success resets")
    func backoff() throws {
        var machine = Machine()
        machine.start()
        machine.landAll()
        let table: [(failure: Int, delay: TimeInterval)] = [(1, 5), (2, 10), (3, 20), (4, 40), (5, 40), (6, 40)]
        for row in table {
            machine.send(.refreshRequested([.adGroups], now: machine.now))
            let request = machine.inFlight.removeValue(forKey: .adGroups)
            let actions = machine.send(.fetchFailed(try #require(request).id,
                                                    .server(status: 503, code: nil, message: "Unavailable"),
                                                    now: machine.now))
            #expect(actions.armed[.refresh(.adGroups)] == row.delay, "after \(row.failure) failures")
            #expect(machine.snapshot.collections[.adGroups]?.consecutiveFailures == row.failure)
            #expect(actions.events.count == (row.failure == 1 ? 1 : 0), "reported once")
        }
        #expect(machine.snapshot.collections[.campaigns]?.consecutiveFailures == 0, "other collections go on")
        machine.send(.refreshRequested([.campaigns], now: machine.now))
        #expect(machine.land(.campaigns, .campaigns([])).armed[.refresh(.campaigns)] == 30)
        machine.send(.refreshRequested([.adGroups], now: machine.now))
        let recovered = machine.land(.adGroups, .adGroups(Seed.adGroups, pages: nil), jitter: 0)
        #expect(recovered.armed[.refresh(.adGroups)] == 30)
        #expect(machine.snapshot.collections[.adGroups]?.consecutiveFailures == 0)
        #expect(machine.snapshot.collections[.adGroups]?.lastError == nil)
    }

    @Test("jitter comes in the event and spreads the next refresh", arguments: [(0.0, 27.0), (0.5, 30.0), (1.0, 33.0)])
    func jitter(random: Double, delay: TimeInterval) {
        var machine = Machine(configuration: RefreshConfiguration(jitter: 0.1))
        machine.start()
        #expect(machine.land(.adGroups, .adGroups([], pages: nil), jitter: random).armed[.refresh(.adGroups)] == delay)
    }

    @Test("a 429 pauses every collection until the time given, reported once; its end clears it")
    func rateLimitPause() throws {
        var machine = Machine()
        machine.start()
        let until = machine.now.addingTimeInterval(100)
        machine.land(.campaigns, .campaigns([]))
        let adGroups = machine.inFlight.removeValue(forKey: .adGroups)
        let limited = machine.send(.rateLimited(try #require(adGroups).id, until: until, now: machine.now))
        #expect(limited.armed[.refresh(.adGroups)] == 100)
        #expect(limited.armed[.rateLimitEnds] == 100)
        #expect(limited.armed[.refresh(.analytics)] == 100, "analytics waiting for the ad groups wait for the pause")
        #expect(limited.fetches.isEmpty)
        #expect(limited.events.count == 1)
        #expect(machine.snapshot.rateLimitedUntil == until)

        machine.landAll()
        machine.advance(10)
        let asked = machine.send(.refreshRequested(nil, now: machine.now))
        #expect(asked.fetches.isEmpty, "nothing is sent during the pause")
        #expect(asked.armed.values.allSatisfy { $0 == 90 })
        #expect(machine.send(.adGroupInViewChanged("g1", now: machine.now)).fetches.isEmpty)
        if let other = machine.inFlight.first {
            Issue.record("\(other.key) in flight during the pause")
        }
        machine.advance(90)
        let generation = try #require(asked.armedGenerations[.refresh(.adGroups)])
        #expect(machine.send(.timerFired(.refresh(.adGroups), generation: generation, now: machine.now))
            .fetches.map(\.id.kind) == [.adGroups])
        let ended = try #require(limited.armedGenerations[.rateLimitEnds])
        machine.send(.timerFired(.rateLimitEnds, generation: ended, now: machine.now))
        #expect(machine.snapshot.rateLimitedUntil == nil)
    }

    // MARK: Saving and stopping

    @Test("saves wait for the interval and for pending changes, at a stop too")
    func saving() {
        var machine = Machine(hasCache: true)
        machine.send(.started(hold: nil, now: machine.now))
        machine.send(.cacheLoaded(nil, now: machine.now))
        var saves = 0
        while let kind = machine.inFlight.keys.first {
            let actions = machine.land(kind, machine.seedResult(kind))
            saves += actions.saves.count
            if !actions.saves.isEmpty { machine.send(.saveFinished(failed: nil)) }
        }
        #expect(saves == 1, "the first refresh saves once; the next saves wait for the interval")
        let id = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        machine.advance(120)
        machine.send(.refreshRequested([.campaigns], now: machine.now))
        #expect(machine.land(.campaigns, .campaigns([Fixture.campaign("c1")])).saves.isEmpty,
                "nothing is saved while a change is pending")
        #expect(machine.send(.stopped(now: machine.now)).saves.isEmpty)
        #expect(machine.settle(id, readBack: [.adGroup(Fixture.adGroup("g1", status: .paused))]).published.isEmpty,
                "nothing is published after a stop")
    }

    @Test("after stop, events change nothing and start no work")
    func stopped() {
        var machine = Machine()
        machine.start()
        let stop = machine.send(.stopped(now: machine.now))
        #expect(stop.cancelsEverything)
        let before = machine.snapshot
        for kind in Array(machine.inFlight.keys) {
            #expect(machine.land(kind, .campaigns([])).isEmpty)
        }
        #expect(machine.send(.refreshRequested(nil, now: machine.now)).isEmpty)
        #expect(machine.snapshot == before)
    }
}

// MARK: - Reading actions

extension [EngineAction] {
    var fetches: [FetchRequest] {
        compactMap { if case .fetch(let request) = $0 { request } else { nil } }
    }

    /// Timers armed, with their delays.
    var armed: [EngineTimer: TimeInterval] {
        var timers: [EngineTimer: TimeInterval] = [:]
        for case .armTimer(let timer, _, let delay) in self { timers[timer] = delay }
        return timers
    }

    var armedGenerations: [EngineTimer: Int] {
        var timers: [EngineTimer: Int] = [:]
        for case .armTimer(let timer, let generation, _) in self { timers[timer] = generation }
        return timers
    }

    var published: [Snapshot] {
        compactMap { if case .publish(let snapshot, _) = $0 { snapshot } else { nil } }
    }

    var events: [ChangeEvent] {
        flatMap { action -> [ChangeEvent] in if case .publish(_, let changes) = action { changes } else { [] } }
    }

    var answers: [ActionAnswerKind] {
        compactMap { action in
            guard case .answer(_, let answer) = action else { return nil }
            switch answer {
            case .readStatuses: return .readStatuses
            case .send: return .send
            case .finished: return .finished
            }
        }
    }

    var finishedOutcome: ActionOutcome? {
        for case .answer(_, .finished(let outcome)) in self { return outcome }
        return nil
    }

    var audits: [AuditEntry] { compactMap { if case .audit(let entry) = $0 { entry } else { nil } } }

    var saves: [CacheSave] { compactMap { if case .save(let save) = $0 { save } else { nil } } }

    var readBackWrites: [Ad] {
        flatMap { action -> [Ad] in
            guard case .writeAds(let writes) = action else { return [] }
            return writes.flatMap { write -> [Ad] in if case .readBack(let ads) = write { ads } else { [] } }
        }
    }

    var loadsCache: Bool { contains { if case .loadCache = $0 { true } else { false } } }
    var loadsCachedAds: Bool { contains { if case .loadCachedAds = $0 { true } else { false } } }
    var cancelsEverything: Bool { contains { if case .cancelEverything = $0 { true } else { false } } }
}

enum ActionAnswerKind: Equatable { case readStatuses, send, finished }
