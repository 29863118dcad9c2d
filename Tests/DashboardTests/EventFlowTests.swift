import AdsCache
@testable import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
import Testing

/// Change events from the stores to the events pane and the message line.
@Suite("Events from store to screen")
struct EventFlowTests {
    static let time = Fixture.now

    static func rejection(_ name: String, _ reasons: [String], at time: Date = time) -> ChangeEvent {
        .changed(.ad, id: "ad-" + name, name: name, at: time,
                 fields: [FieldChange(.reviewStatus, old: "PENDING", new: "REJECTED"),
                          FieldChange(.summaryStatus, old: "PENDING", new: "REJECTED")],
                 rejectedReasons: reasons.map { RejectionReason(code: $0.uppercased(), label: $0) })
    }

    static func approval(_ name: String, at time: Date = time) -> ChangeEvent {
        .changed(.ad, id: "ad-" + name, name: name, at: time,
                 fields: [FieldChange(.reviewStatus, old: "PENDING", new: "APPROVED"),
                          FieldChange(.summaryStatus, old: "PENDING", new: "APPROVED")])
    }

    static func line(_ event: ChangeEvent, glyphs: Glyphs = .unicode) -> String {
        EventText.line(event, timeZone: Fixture.utc, glyphs: glyphs)
    }

    @Test("one happening, one line: a rejection names its reasons, an approval says so once")
    func oneLine() {
        #expect(Self.line(Self.rejection("Linen throw — A", ["Clickbait"]))
            == "14:02:11 ad 'Linen throw — A' rejected: Clickbait")
        #expect(Self.line(Self.rejection("Linen throw — A", ["Clickbait", "Landing page broken"]))
            == "14:02:11 ad 'Linen throw — A' rejected: Clickbait, Landing page broken")
        #expect(Self.line(Self.approval("Sunset")) == "14:02:11 ad 'Sunset' approved")
        let paused = ChangeEvent.changed(.adGroup, id: "g1", name: "Spring", at: Self.time,
                                         fields: [FieldChange(.status, old: "ACTIVE", new: "PAUSED"),
                                                  FieldChange(.summaryStatus, old: "RUNNING", new: "PAUSED"),
                                                  FieldChange(.budget, old: "$5.00", new: "$7.50")])
        #expect(Self.line(paused) == "14:02:11 ad group 'Spring' paused, budget $5.00 → $7.50")
        #expect(Self.line(paused, glyphs: .ascii) == "14:02:11 ad group 'Spring' paused, budget $5.00 -> $7.50")
        let completed = ChangeEvent.changed(.adGroup, id: "g1", name: "Spring", at: Self.time,
                                            fields: [FieldChange(.summaryStatus, old: "RUNNING", new: "COMPLETED")])
        #expect(Self.line(completed) == "14:02:11 ad group 'Spring' now COMPLETED (was RUNNING)")
        let moreReasons = ChangeEvent.changed(.ad, id: "a", name: "Sunset", at: Self.time, fields: [],
                                              rejectedReasons: [RejectionReason(code: "HASHTAGS", label: "Hashtags")])
        #expect(Self.line(moreReasons) == "14:02:11 ad 'Sunset' new rejection reasons: Hashtags")
        #expect(Self.line(.refreshFailed(.adGroups, message: "HTTP 503", at: Self.time))
            == "14:02:11 refreshing ad groups failed: HTTP 503")
        #expect(Self.line(.actionFailed(.adGroup, id: "g1", name: "Spring", target: .paused,
                                        message: "Ad group is archived", at: Self.time))
            == "14:02:11 ad group 'Spring' not paused: Ad group is archived")
        #expect(Self.line(.actionSucceeded(.adGroup, id: nil, name: nil, target: .active,
                                           summary: "Activated 3 ad groups", at: Self.time))
            == "14:02:11 Activated 3 ad groups")
    }

    @Test("the events pane draws one row per event")
    func paneRows() {
        var state = Fixture.state()
        state.press(.char("e"))
        let rows = state.screenText.filter { $0.contains("Summer Sale") }
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first?.contains("rejected: Landing page broken") == true)
    }

    @Test("the most severe event of a batch heads the message line, and a rejection there stays until a key")
    func mostSevereFirst() {
        var state = Fixture.state()
        // The rejection is not the newest of the batch: an approval came after it.
        let batch = [Fixture.published(Self.rejection("Landing", ["Landing page broken"]), 10),
                     Fixture.published(Self.approval("Sunset ☀ lifestyle"), 11)]
        _ = update(&state, .snapshotArrived(Fixture.snapshot(), batch))
        #expect(state.message?.text == "14:02:11 ad 'Landing' rejected: Landing page broken  (+1 more, e: events)")
        #expect(state.message?.severity == .error)
        #expect(state.message?.untilKey == true)
        _ = update(&state, .tick(Self.time.addingTimeInterval(60)))
        #expect(state.message?.text.contains("rejected") == true, "it did not clear by itself")
    }

    @Test("an action's report is not replaced by the statuses the action changed, whichever arrives first")
    func actionReportStays() {
        let activated = ActionReport(kind: .adGroup, target: .active, succeeded: ["2680060704748"])
        let batch = [
            Fixture.published(.changed(.adGroup, id: "2680060704748", name: "Retargeting — cart abandoners", at: Self.time,
                                       fields: [FieldChange(.summaryStatus, old: "PAUSED", new: "NOT_STARTED")]), 10),
            Fixture.published(.actionSucceeded(.adGroup, id: "2680060704748", name: "Retargeting — cart abandoners",
                                               target: .active, summary: "Activated 1 ad group", at: Self.time), 11),
        ]
        var reportFirst = Fixture.state()
        _ = update(&reportFirst, .actionFinished(activated))
        _ = update(&reportFirst, .snapshotArrived(Fixture.snapshot(), batch))
        #expect(reportFirst.message?.text == "Activated 1 ad group")
        #expect(reportFirst.events.suffix(2).map(\.id) == batch.map(\.id), "both are in the events pane")

        var snapshotFirst = Fixture.state()
        _ = update(&snapshotFirst, .snapshotArrived(Fixture.snapshot(), batch))
        _ = update(&snapshotFirst, .actionFinished(activated))
        #expect(snapshotFirst.message?.text == "Activated 1 ad group")
    }

    @Test("after switching stores the change log is the new store's alone, even though it counts from 1 again")
    func switchClearsLog() {
        var state = Fixture.state()
        #expect(state.events.count == 3)
        let next = EventSource(rawValue: 2_000)
        _ = update(&state, .storeAttached(next))
        #expect(state.events.isEmpty)
        var rejected = Self.rejection("Other account's ad", ["Clickbait"])
        rejected.id = ChangeEvent.ID(source: next, sequence: 1)  // the same number as the old store's first
        _ = update(&state, .snapshotArrived(Fixture.snapshot(), [rejected], from: next))
        #expect(state.events.map(\.id) == [rejected.id])
        #expect(state.message?.text.contains("Other account's ad") == true)
        // A late delivery of the store before is dropped: neither its snapshot nor its events show.
        var stale = Fixture.snapshot()
        stale.adGroups = []
        _ = update(&state, .snapshotArrived(stale, [Fixture.published(Self.approval("Old"), 4)]))
        #expect(state.events.map(\.id) == [rejected.id])
        #expect(!state.snapshot.adGroups.isEmpty)
    }

    /// A seeded generator, so a failing schedule can be run again.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("over several stores: every event of the attached store is in the state exactly once, none of another",
          arguments: 0..<30)
    func severalStores(seed: Int) {
        var random = SplitMix64(state: UInt64(seed))
        var state = AppState(now: Self.time, timeZone: Fixture.utc)
        // Stores in the order they were attached; the last is attached. Detached stores keep
        // publishing (their engine is still stopping) and their deliveries may still arrive.
        var stores = [SnapshotStore()]
        // A subscription delivers the store's snapshot at once, then each publication.
        var queued: [[AppEvent]] = [[.snapshotArrived(stores[0].current, [], from: stores[0].eventSource)]]
        var expected: [ChangeEvent.ID] = []
        _ = update(&state, .storeAttached(stores[0].eventSource))

        func deliverOne() {
            let waiting = queued.indices.filter { !queued[$0].isEmpty }
            guard let index = waiting.randomElement(using: &random) else { return }
            _ = update(&state, queued[index].removeFirst())
        }

        for _ in 0..<300 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                // A store publishes a batch of events (every store numbers its own from 1).
                let index = Int.random(in: 0..<stores.count, using: &random)
                let store = stores[index]
                let count = Int.random(in: 0...3, using: &random)
                let published = store.edit { snapshot in
                    snapshot.adGroups.append(Fixture.adGroup("g\(snapshot.adGroups.count)", "Group", campaign: "c",
                                                             status: .active, summary: .running, budget: 1))
                    return (0..<count).map { _ in
                        Bool.random(using: &random) ? Self.rejection("x", ["Clickbait"]) : Self.approval("y")
                    }
                }.changes
                queued[index].append(.snapshotArrived(store.current, published, from: store.eventSource))
                if index == stores.count - 1 { expected += published.map(\.id) }
            case 4..<9:
                deliverOne()
            default:
                // Switch accounts: a new store is attached; nothing published before counts.
                let store = SnapshotStore()
                stores.append(store)
                queued.append([.snapshotArrived(store.current, [], from: store.eventSource)])
                expected = []
                _ = update(&state, .storeAttached(stores[stores.count - 1].eventSource))
            }
            let attached = stores[stores.count - 1].eventSource
            let onlyAttached = state.events.allSatisfy { $0.id.source == attached }
            let once = Set(state.events.map(\.id)).count == state.events.count
            #expect(onlyAttached, "an event of a detached store, seed \(seed)")
            #expect(once, "an event twice, seed \(seed)")
            if !onlyAttached || !once { return }
        }
        while queued.contains(where: { !$0.isEmpty }) { deliverOne() }
        #expect(state.events.map(\.id) == Array(expected.suffix(AppState.maxEvents)), "seed \(seed)")
        #expect(state.snapshot.adGroups.count == stores[stores.count - 1].current.adGroups.count)
    }
}
