@testable import AdsCache
import Foundation
import PinterestAds
import Testing

/// The rules of sharing one fetcher between the processes of one cache, driven through
/// `EngineCore` alone: who leads, what a follower does when woken, how read-backs travel.
@Suite("Engine core: one fetcher for many processes")
struct EngineSharingTests {
    typealias Machine = EngineCoreTests.Machine

    /// A shared core, started, its cache read, with `role` settled as given.
    static func machine(leading: Bool, leaderPID: Int32? = 4242) -> (Machine, [EngineAction]) {
        var machine = sharedMachine()
        var actions = machine.send(.started(hold: nil, now: machine.now))
        actions += machine.send(leading ? .becameLeader(now: machine.now) : .leaderElsewhere(pid: leaderPID, now: machine.now))
        let cached = Snapshot(account: Fixture.account, campaigns: [Fixture.campaign("c1")], adGroups: EngineCoreTests.Seed.adGroups,
                              collections: [.adGroups: CollectionStatus(lastFetched: machine.now.addingTimeInterval(-3))],
                              cachedAt: machine.now.addingTimeInterval(-3))
        actions += machine.send(.cacheLoaded(cached, now: machine.now))
        actions += machine.send(.cachedAdsLoaded(nil, pages: [], now: machine.now))
        return (machine, actions)
    }

    /// A core of a process that shares its cache (when it has one), not started.
    static func sharedMachine(hasCache: Bool = true) -> Machine {
        var machine = Machine(hasCache: hasCache)
        machine.core = EngineCore(accountID: Fixture.accountID, configuration: Fixture.configuration, readOnly: false,
                                  hasCache: hasCache, user: "tester", shared: true)
        return machine
    }

    static var cadence: TimeInterval { Fixture.configuration.interval(for: .adGroups) }

    // MARK: Who leads

    @Test("a shared start asks for the lock before it reads the cache, and sends nothing yet")
    func startAsksForTheLock() {
        var machine = Self.sharedMachine()
        let started = machine.send(.started(hold: nil, now: machine.now))
        #expect(started.sharingKinds == [.tryLead])
        #expect(started.loadsCache)
        #expect(started.fetches.isEmpty)
    }

    @Test("without a cache there is nothing to share: the start fetches at once and never asks for the lock")
    func noCacheNoSharing() {
        var machine = Self.sharedMachine(hasCache: false)
        let started = machine.send(.started(hold: nil, now: machine.now))
        #expect(started.sharingKinds.isEmpty)
        #expect(!started.fetches.isEmpty)
    }

    struct StartCase: Sendable, CustomTestStringConvertible {
        var leading: Bool
        var fetched: Set<CollectionKind>
        var following: Following?
        var armsLeadershipCheck: Bool
        var testDescription: String { leading ? "leader" : "follower" }
    }

    @Test("the leader fetches everything after its cache; a follower fetches nothing, shows whom it follows, and looks again on a timer",
          arguments: [
            StartCase(leading: true, fetched: [.accounts, .campaigns, .adGroups, .ads], following: nil,
                      armsLeadershipCheck: false),
            StartCase(leading: false, fetched: [], following: Following(leaderPID: 4242), armsLeadershipCheck: true),
          ])
    func startByRole(_ row: StartCase) {
        let (machine, actions) = Self.machine(leading: row.leading)
        #expect(Set(actions.fetches.map(\.id.kind)) == row.fetched)
        #expect(machine.snapshot.following == row.following)
        #expect((actions.armed[.leadership] == Self.cadence / 2) == row.armsLeadershipCheck,
                "a follower tries to lead every half cadence: \(actions.armed)")
        #expect(actions.sharingKinds.contains(.readJournal) == row.leading, "a new leader folds in the journal")
        // A follower's data is the leader's live data, not an old copy waiting for a refresh.
        #expect(machine.snapshot.isStale == row.leading)
    }

    struct WakeCase: Sendable, CustomTestStringConvertible {
        enum Wake: Sendable { case write, timer, refreshKey }
        var leading: Bool
        var wake: Wake
        var expected: [SharingActionKind]
        var testDescription: String { "\(leading ? "leader" : "follower") woken by \(wake)" }
    }

    @Test("what a wake-up does, by role", arguments: [
        WakeCase(leading: false, wake: .write, expected: [.tryLead, .reloadCache]),
        WakeCase(leading: false, wake: .timer, expected: [.tryLead, .reloadCache]),
        WakeCase(leading: false, wake: .refreshKey, expected: [.tryLead, .reloadCache]),
        WakeCase(leading: true, wake: .write, expected: [.readJournal]),
    ])
    func wakeUps(_ row: WakeCase) throws {
        var (machine, started) = Self.machine(leading: row.leading)
        if row.leading { machine.landAll() }
        let actions: [EngineAction]
        switch row.wake {
        case .write: actions = machine.send(.cacheChangedByOther(now: machine.now))
        case .timer:
            let generation = try #require(started.armedGenerations[.leadership])
            actions = machine.send(.timerFired(.leadership, generation: generation, now: machine.now))
        case .refreshKey: actions = machine.send(.refreshRequested(nil, now: machine.now))
        }
        #expect(actions.sharingKinds == row.expected)
        #expect(actions.fetches.isEmpty, "a wake-up never fetches")
    }

    @Test("a lock that names nobody is being taken or let go of: looked at again soon, backing off to the usual check, with no reload")
    func unnamedHolder() throws {
        // A leader that resigned empties the lock file, but the lock lasts while a child process
        // forked before it still holds a copy of the descriptor (until its exec closes it); a new
        // leader holds it a moment before it writes its pid.
        var (machine, _) = Self.machine(leading: false)
        var delays: [TimeInterval] = []
        var answer = machine.send(.leaderElsewhere(pid: nil, now: machine.now))
        for _ in 0..<12 {
            let delay = try #require(answer.armed[.leadership])
            delays.append(delay)
            let generation = try #require(answer.armedGenerations[.leadership])
            let look = machine.send(.timerFired(.leadership, generation: generation, now: machine.now))
            #expect(look.sharingKinds == (delay < Self.cadence / 2 ? [.tryLead] : [.tryLead, .reloadCache]),
                    "a quick look only tries the lock; the usual check also reloads")
            if look.sharingKinds.contains(.reloadCache) {
                machine.send(.cacheReloaded(CacheReload(snapshot: nil, ads: nil, pages: [], journal: []), now: machine.now))
            }
            answer = machine.send(.leaderElsewhere(pid: nil, now: machine.now))
        }
        #expect(delays.first == 0.1)
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $1 == min($0 * 2, Self.cadence / 2) }, "\(delays)")
        #expect(delays.last == Self.cadence / 2, "a lock that stays unnamed is not polled: \(delays)")
        // A named leader: the usual check at once; the next unnamed answer starts quick again.
        #expect(machine.send(.leaderElsewhere(pid: 4242, now: machine.now)).armed[.leadership] == Self.cadence / 2)
        #expect(machine.send(.leaderElsewhere(pid: nil, now: machine.now)).armed[.leadership] == 0.1)
        #expect(machine.send(.becameLeader(now: machine.now)).cancelled.contains(.leadership))
    }

    @Test("a process that is not shared ignores wake-ups and lock answers")
    func soloIgnoresSharing() {
        var machine = Machine(hasCache: true)
        machine.send(.started(hold: nil, now: machine.now))
        #expect(machine.send(.cacheChangedByOther(now: machine.now)).isEmpty)
        #expect(machine.send(.leaderElsewhere(pid: 1, now: machine.now)).isEmpty)
        #expect(machine.send(.becameLeader(now: machine.now)).isEmpty)
        #expect(machine.core.role == .solo)
    }

    @Test("a follower whose leader ended takes over: it fetches everything at once and stops looking")
    func takeOver() throws {
        var (machine, _) = Self.machine(leading: false)
        let took = machine.send(.becameLeader(now: machine.now))
        #expect(Set(took.fetches.map(\.id.kind)) == [.accounts, .campaigns, .adGroups, .ads])
        #expect(try #require(took.published.last).following == nil, "the header stops saying whom it follows")
        #expect(took.cancelled.contains(.leadership))
        #expect(took.sharingKinds == [.readJournal])
        // A reload that was under way lands after the take-over: it changes nothing.
        #expect(machine.send(.cacheReloaded(CacheReload(snapshot: Snapshot(), ads: nil, pages: [], journal: []),
                                            now: machine.now)).isEmpty)
    }

    // MARK: Following

    @Test("a follower shows what the leader saved: statuses, fetch times, and the change as an event")
    func reloadShowsLeadersSnapshot() throws {
        var (machine, _) = Self.machine(leading: false)
        machine.send(.cacheChangedByOther(now: machine.now))
        let delivered = EntityMetrics(ranges: RangeTotals(today: Delivery(spend: 2_000_000)), dailySpend: [2_000_000])
        let saved = Snapshot(account: Fixture.account, campaigns: [Fixture.campaign("c1")],
                             adGroups: [Fixture.adGroup("g1", status: .paused), Fixture.adGroup("g2")],
                             metrics: ["g1": delivered], levelMetrics: LevelMetrics(account: delivered, campaigns: ["c1": delivered]),
                             collections: [.adGroups: CollectionStatus(lastFetched: machine.now)], cachedAt: machine.now)
        let ads: CachedAds = ([:], ["g1": [Fixture.ad("a1", group: "g1")]])
        let shown = machine.send(.cacheReloaded(CacheReload(snapshot: saved, ads: ads, pages: [], journal: []),
                                                now: machine.now))
        let published = try #require(shown.published.last)
        #expect(published.metrics == saved.metrics)
        #expect(published.levelMetrics == saved.levelMetrics, "the campaigns' and the account's metrics the leader saved")
        #expect(published.adGroups.first { $0.id == "g1" }?.status == .paused)
        #expect(published.collections[.adGroups]?.lastFetched == machine.now)
        #expect(published.adsByAdGroup["g1"]?.map(\.id) == ["a1"])
        #expect(!published.isStale)
        #expect(shown.events.contains { $0.entityID == "g1" }, "the change is news: \(shown.events)")
        #expect(shown.fetches.isEmpty && shown.saves.isEmpty)
    }

    @Test("writes that come while a reload runs give one more reload, not one each")
    func reloadsCoalesce() {
        var (machine, _) = Self.machine(leading: false)
        #expect(machine.send(.cacheChangedByOther(now: machine.now)).sharingKinds == [.tryLead, .reloadCache])
        #expect(machine.send(.cacheChangedByOther(now: machine.now)).sharingKinds == [.tryLead])
        #expect(machine.send(.cacheChangedByOther(now: machine.now)).sharingKinds == [.tryLead])
        let first = machine.send(.cacheReloaded(CacheReload(snapshot: nil, ads: nil, pages: [], journal: []), now: machine.now))
        #expect(first.sharingKinds == [.reloadCache])
        let second = machine.send(.cacheReloaded(CacheReload(snapshot: nil, ads: nil, pages: [], journal: []), now: machine.now))
        #expect(second.sharingKinds.isEmpty)
    }

    @Test("a follower never writes the cache: not after a change it made, not when it stops")
    func followerNeverSaves() {
        var (machine, _) = Self.machine(leading: false)
        let id = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        let settled = machine.settle(id, readBack: [.adGroup(Fixture.adGroup("g1", status: .paused))])
        #expect(settled.saves.isEmpty && settled.readBackWrites.isEmpty)
        #expect(machine.send(.stopped(now: machine.now)).saves.isEmpty)
    }

    @Test("a follower's change goes to the API at once and its read-back to the journal, shown by itself at once")
    func followerSharesReadBack() throws {
        var (machine, _) = Self.machine(leading: false)
        let id = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        let settled = machine.settle(id, readBack: [.adGroup(Fixture.adGroup("g1", status: .paused))])
        let shared = try #require(settled.sharedReadBacks.first)
        #expect(shared.map(\.id) == ["g1"])
        #expect(machine.shown("g1") == .paused)
        // A reload before the leader saved it: the journal keeps the change on screen.
        machine.send(.cacheChangedByOther(now: machine.now))
        let stale = Snapshot(account: Fixture.account, adGroups: EngineCoreTests.Seed.adGroups, cachedAt: machine.now)
        machine.send(.cacheReloaded(CacheReload(snapshot: stale, ads: nil, pages: [],
                                                journal: [JournalEntry(sequence: 1, entities: shared)]), now: machine.now))
        #expect(machine.shown("g1") == .paused)
    }

    @Test("a reload asked for before a follower's change was shared does not undo it; the next one says what shows")
    func staleReloadKeepsOwnReadBack() throws {
        var (machine, _) = Self.machine(leading: false)
        // A reload starts: it may read the cache and the journal before the change is in them.
        #expect(machine.send(.cacheChangedByOther(now: machine.now)).sharingKinds == [.tryLead, .reloadCache])
        let id = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        let settled = machine.settle(id, readBack: [.adGroup(Fixture.adGroup("g1", status: .paused))])
        let shared = try #require(settled.sharedReadBacks.first)
        let before = Snapshot(account: Fixture.account, adGroups: EngineCoreTests.Seed.adGroups, cachedAt: machine.now)
        machine.send(.cacheReloaded(CacheReload(snapshot: before, ads: nil, pages: [], journal: []), now: machine.now))
        #expect(machine.shown("g1") == .paused, "what that reload read is older than the change")
        // A reload asked for after the change was shared reads it (from the journal, or from the
        // leader's save once trimmed from there); from then on the reloads say what shows, so
        // another viewer's later change shows too.
        machine.send(.cacheChangedByOther(now: machine.now))
        machine.send(.cacheReloaded(CacheReload(snapshot: before, ads: nil, pages: [],
                                                journal: [JournalEntry(sequence: 1, entities: shared)]), now: machine.now))
        #expect(machine.shown("g1") == .paused)
        machine.send(.cacheChangedByOther(now: machine.now))
        machine.send(.cacheReloaded(CacheReload(snapshot: before, ads: nil, pages: [], journal: []), now: machine.now))
        #expect(machine.shown("g1") == .active, "activated again by another viewer, and saved by the leader")
    }

    @Test("a follower's own change in flight keeps showing as pending across a reload")
    func pendingSurvivesReload() {
        var (machine, _) = Self.machine(leading: false)
        _ = machine.beginAction(StatusAction(kind: .adGroup, ids: ["g2"], target: .paused))
        machine.send(.cacheChangedByOther(now: machine.now))
        let saved = Snapshot(account: Fixture.account, adGroups: EngineCoreTests.Seed.adGroups, cachedAt: machine.now)
        machine.send(.cacheReloaded(CacheReload(snapshot: saved, ads: nil, pages: [], journal: []), now: machine.now))
        #expect(machine.shown("g2") == .paused)
        #expect(machine.snapshot.pending["g2"] != nil)
    }

    // MARK: Leading

    @Test("the leader saves each change at once and wakes the followers after the save")
    func leaderSavesAtOnce() throws {
        var (machine, _) = Self.machine(leading: true)
        let first = machine.landAll()
        #expect(first.saves.count == 1, "no minute's wait between saves")
        #expect(machine.send(.refreshRequested([.adGroups], now: machine.now)).fetches.count == 1)
        let during = machine.land(.adGroups, .adGroups([Fixture.adGroup("g1", status: .paused)], pages: nil))
        #expect(during.saves.isEmpty, "one save at a time")
        let finished = machine.send(.saveFinished(failed: nil))
        #expect(finished.sharingKinds == [.notifyOthers])
        #expect(finished.armed[.save] == 0, "what came during the save is saved next, at once")
    }

    @Test("the leader folds in the followers' read-backs, saves them and then trims them from the journal")
    func leaderFoldsJournal() throws {
        var (machine, _) = Self.machine(leading: true)
        machine.landAll()
        machine.send(.saveFinished(failed: nil))
        let entry = JournalEntry(sequence: 7, entities: [.adGroup(Fixture.adGroup("g2", status: .paused))])
        let read = machine.send(.journalRead([entry], now: machine.now))
        #expect(machine.shown("g2") == .paused)
        #expect(read.saves.count == 1)
        #expect(read.events.contains { $0.entityID == "g2" })
        #expect(machine.send(.journalRead([entry], now: machine.now)).isEmpty, "a record is folded in once")
        let saved = machine.send(.saveFinished(failed: nil))
        #expect(saved.trimmedJournal == [7])
    }

    @Test("a listing that started before a follower's change does not undo it at the leader")
    func journalBeatsOlderListing() {
        var (machine, _) = Self.machine(leading: true)
        machine.landAll()
        machine.send(.refreshRequested([.adGroups], now: machine.now))
        machine.send(.journalRead([JournalEntry(sequence: 1, entities: [.adGroup(Fixture.adGroup("g2", status: .paused))])],
                                  now: machine.now))
        machine.land(.adGroups, .adGroups(EngineCoreTests.Seed.adGroups, pages: nil))
        #expect(machine.shown("g2") == .paused)
    }
}

/// The sharing actions, by kind.
enum SharingActionKind: Equatable, Sendable { case tryLead, reloadCache, readJournal, shareReadBack, notifyOthers }

extension [EngineAction] {
    var sharingKinds: [SharingActionKind] {
        compactMap { action in
            switch action {
            case .tryLead: .tryLead
            case .reloadCache: .reloadCache
            case .readJournal: .readJournal
            case .shareReadBack: .shareReadBack
            case .notifyOthers: .notifyOthers
            default: nil
            }
        }
    }

    var sharedReadBacks: [[ReadBackEntity]] {
        compactMap { if case .shareReadBack(let entities) = $0 { entities } else { nil } }
    }

    var trimmedJournal: [Int] {
        compactMap { if case .notifyOthers(let sequence) = $0 { sequence } else { nil } }
    }

    var cancelled: [EngineTimer] {
        compactMap { if case .cancelTimer(let timer) = $0 { timer } else { nil } }
    }
}
