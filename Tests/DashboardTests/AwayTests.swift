import AdsCache
import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
import Testing

/// "While you were away": the cached snapshot against the first live one, shown until a key.
@Suite("While you were away")
struct AwayTests {
    static let savedAt = Fixture.now.addingTimeInterval(-9 * 3600)

    /// The fixture as the cache had it: the rejected ad still in review, the ad group's budget
    /// lower, the other ad group still running.
    static func cached() -> Snapshot {
        var snapshot = Fixture.snapshot()
        snapshot.cachedAt = savedAt
        snapshot.pending = [:]
        for kind in snapshot.collections.keys { snapshot.collections[kind] = CollectionStatus(lastFetched: savedAt) }
        var ads = snapshot.adsByAdGroup[Fixture.seedAdGroupID] ?? []
        ads[1].reviewStatus = .pending
        ads[1].rejectedReasons = nil
        ads[2].reviewStatus = .pending
        snapshot.adsByAdGroup[Fixture.seedAdGroupID] = ads
        snapshot.adGroups[2].budgetInMicroCurrency = 15_000_000
        snapshot.adGroups[3].summaryStatus = .running
        return snapshot
    }

    /// The first live snapshot: every compared collection fetched after the cache was written.
    static func live(fetched: [CollectionKind] = AwayHandlingKinds.all) -> Snapshot {
        var snapshot = Fixture.snapshot()
        snapshot.pending = [:]
        snapshot.adGroups[3].summaryStatus = .completed
        for kind in fetched { snapshot.collections[kind] = CollectionStatus(lastFetched: Fixture.now) }
        return snapshot
    }

    enum AwayHandlingKinds {
        static let all: [CollectionKind] = [.campaigns, .adGroups, .ads]
    }

    static func started(width: Int = 120, height: Int = 40) -> AppState {
        var state = AppState(themeNames: ["default"], width: width, height: height, now: Fixture.now,
                             timeZone: Fixture.utc, glyphs: .unicode)
        _ = update(&state, .storeAttached(Fixture.source))
        // The store's first snapshot is empty, as a store holds before the cache is read.
        _ = update(&state, .snapshotArrived(Snapshot(), []))
        _ = update(&state, .snapshotArrived(cached(), []))
        return state
    }

    @Test("shown once ads, ad groups and campaigns came live, with what changed; any key closes it")
    func shownWhenComplete() throws {
        var state = Self.started()
        // The ads come live while the ad groups still come from the cache.
        var adsFirst = Self.live(fetched: [.ads])
        adsFirst.cachedAt = Self.savedAt
        _ = update(&state, .snapshotArrived(adsFirst, []))
        _ = update(&state, .snapshotArrived(Self.live(fetched: [.adGroups, .campaigns]), []))
        #expect(state.away == nil, "the ads have not come yet")
        _ = update(&state, .snapshotArrived(Self.live(), []))
        let away = try #require(state.away)
        #expect(away.sections.map(\.heading) == ["Ads rejected (1)", "Ads approved (1)", "Completed (1)", "Budgets changed (1)"])
        #expect(away.sections[0].lines == ["'Summer Sale': Landing page broken"])
        #expect(away.sections[3].lines == ["'Retargeting — cart abandoners' $15.00 → $20.00"])
        #expect(state.press(.char("p")).isEmpty, "the key only closes it")
        #expect(state.away == nil && state.confirm == nil)
        _ = update(&state, .snapshotArrived(Self.live(), []))
        #expect(state.away == nil, "shown once")
    }

    @Test("nothing shown when nothing changed, or without a cache")
    func quiet() {
        var same = AppState(now: Fixture.now, timeZone: Fixture.utc)
        _ = update(&same, .storeAttached(Fixture.source))
        var cached = Self.live()
        cached.cachedAt = Self.savedAt
        for kind in AwayHandlingKinds.all { cached.collections[kind] = CollectionStatus(lastFetched: Self.savedAt) }
        _ = update(&same, .snapshotArrived(cached, []))
        _ = update(&same, .snapshotArrived(Self.live(), []))
        #expect(same.away == nil)
        var fresh = AppState(now: Fixture.now, timeZone: Fixture.utc)
        _ = update(&fresh, .storeAttached(Fixture.source))
        _ = update(&fresh, .snapshotArrived(Self.live(), []))
        #expect(fresh.away == nil)
    }

    @Test("golden: the away screen at 80x24, 120x40 and 40x12")
    func golden() {
        for (width, height) in GoldenRenderTests.sizes {
            var state = Self.started(width: width, height: height)
            _ = update(&state, .snapshotArrived(Self.live(), []))
            state.message = nil
            Golden.check(render(state, width: width, height: height), "away-\(width)x\(height)")
        }
    }
}

/// `u`: the last pause/activate since the start reverted, within 10 minutes, confirmed.
@Suite("Undo")
struct UndoTests {
    /// The fixture with the seed ad group paused from the dashboard (as the read-back shows it).
    static func afterPause() -> AppState {
        var state = Fixture.state()
        state.press(.char("p"), .char("y"))
        _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .paused, succeeded: [Fixture.seedAdGroupID])))
        var snapshot = state.snapshot
        snapshot.adGroups[0].status = .paused
        _ = update(&state, .snapshotArrived(snapshot, []))
        state.message = nil
        return state
    }

    @Test("asks, then sends the reverse through the same action; the undo itself is not undone")
    func revert() {
        var state = Self.afterPause()
        #expect(state.press(.char("u")).isEmpty)
        #expect(state.confirm?.question == "Undo: activate 1 ad group? y/N")
        #expect(state.press(.char("n")).isEmpty, "not confirmed")
        state.press(.char("u"))
        #expect(state.press(.char("y")) == [.performAction(kind: .adGroup, ids: [Fixture.seedAdGroupID], target: .active)])
        state.press(.char("u"))
        #expect(state.confirm == nil && state.message?.text == "Nothing to undo", "while the undo is under way")
        _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .active, succeeded: [Fixture.seedAdGroupID])))
        #expect(state.undoable == nil)
        state.press(.char("u"))
        #expect(state.message?.text == "Nothing to undo")
    }

    @Test("not after 10 minutes, not in read-only mode, not for an action that changed nothing")
    func refused() {
        var old = Self.afterPause()
        _ = update(&old, .tick(Fixture.now.addingTimeInterval(601)))
        old.press(.char("u"))
        #expect(old.confirm == nil && old.message?.text.hasPrefix("Nothing to undo: the last action is more than 10 minutes old") == true)

        var readOnly = Self.afterPause()
        readOnly.readOnly = true
        readOnly.press(.char("u"))
        #expect(readOnly.confirm == nil && readOnly.message?.severity == .warning)

        var failed = Fixture.state()
        _ = update(&failed, .actionFinished(ActionReport(kind: .adGroup, target: .paused, failed: ["1": "no"])))
        failed.press(.char("u"))
        #expect(failed.confirm == nil && failed.message?.text == "Nothing to undo")
    }

    @Test("golden: the undo question")
    func golden() {
        for (width, height) in GoldenRenderTests.sizes {
            var state = Self.afterPause()
            state.width = width
            state.height = height
            state.press(.char("u"))
            Golden.check(render(state, width: width, height: height), "undo-confirm-\(width)x\(height)")
        }
    }
}

/// Alerts at the dashboard: a bell and notifications, as the settings say.
@Suite("Alert delivery at the dashboard")
struct AlertDeliveryTests {
    static let alert = Alert(kind: .adRejected, accountID: "1", entityType: "ad", entityID: "a1",
                             name: "Linen\u{1B}[31m", message: "ad 'Linen\u{1B}[31m' rejected: Clickbait", time: Fixture.now)

    @Test("bell and one notification per alert, sanitized; none when turned off")
    func effects() {
        var state = Fixture.state()
        let effects = update(&state, .alertsFired([Self.alert]))
        #expect(effects.first == .ringBell)
        guard case .notify(let title, let body)? = effects.last else {
            Issue.record("no notification: \(effects)")
            return
        }
        #expect(title == "Pinwatch: ad rejected")
        #expect(!body.unicodeScalars.contains { $0.value == 0x1B } && body.hasSuffix("rejected: Clickbait"))
        state.alertDelivery = AlertDelivery(bell: false, desktop: false)
        #expect(update(&state, .alertsFired([Self.alert])).isEmpty)
    }

    @Test("many alerts at once: a few notifications and one that counts the rest")
    func many() {
        var state = Fixture.state()
        let effects = update(&state, .alertsFired(Array(repeating: Self.alert, count: 7)))
        #expect(effects.count == 4, "a bell, two alerts, one count")
        #expect(effects.last == .notify(title: "Pinwatch", body: "5 more alerts (e: events)"))
    }
}
