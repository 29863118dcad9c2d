import AdsCache
import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
import Testing

/// Interactions through `update`, checked on state and effects.
@Suite("Key flows")
struct KeyFlowTests {
    @Test("seed ad group shows RUNNING, $5.00 budget and bid; seed ad shows PENDING and Hashtags")
    func seedRows() {
        var state = Fixture.state()
        let line = state.screenText.first { $0.contains("Ad Group For Pin") } ?? ""
        #expect(line.contains("RUNNING"))
        #expect(line.contains("$5.00/d"))
        #expect(line.contains(" $5.00 "))
        state.press(.enter)
        let adLine = state.screenText.first { $0.contains("string") } ?? ""
        #expect(adLine.contains("PENDING"))
        #expect(adLine.contains("Hashtags"))
    }

    @Test("Enter drills into an ad group's ads, Esc comes back to the same row")
    func drillInAndBack() {
        var state = Fixture.state()
        #expect(state.selectedID == Fixture.seedAdGroupID)
        let effects = state.press(.enter)
        #expect(effects == [.setAdGroupInView(Fixture.seedAdGroupID)])
        #expect(state.screen == .ads(adGroupID: Fixture.seedAdGroupID))
        #expect(state.table.order.count == 4)
        #expect(state.screenText[1].contains("Summer Sale 2026 › Ad Group For Pin"))
        #expect(state.press(.escape) == [.setAdGroupInView(nil)])
        #expect(state.screen == .adGroups(campaignID: nil))
        #expect(state.selectedID == Fixture.seedAdGroupID)
    }

    @Test("campaign → its ad groups, with the campaign in the breadcrumb")
    func campaignDrillIn() {
        var state = Fixture.state()
        state.press(.char("c"))
        #expect(state.screen == .campaigns)
        state.press(.enter)
        #expect(state.screen == .adGroups(campaignID: "626736533506"))
        #expect(state.table.order.count == 3)
        #expect(state.screenText[1].contains("Campaigns › Summer Sale 2026"))
        state.press(.char("h"))
        #expect(state.screen == .campaigns)
    }

    @Test("filter narrows as you type, Enter keeps it, Esc in the prompt clears it")
    func filter() {
        var state = Fixture.state()
        state.press(.char("/"))
        #expect(state.isEditingFilter)
        state.type("PAUSED")
        #expect(state.table.order.count == 2)  // by status, case-insensitive
        state.press(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        state.type("2680060704749")
        #expect(state.table.order.count == 1)  // by id
        #expect(state.selectedID == "2680060704749")
        state.press(.enter)
        #expect(!state.isEditingFilter)
        #expect(state.current.filter == "2680060704749")
        state.press(.char("/"), .escape)
        #expect(state.current.filter.isEmpty)
        #expect(state.table.order.count == 5)
        #expect(state.selectedID == "2680060704749")  // selection survives the filter
    }

    @Test("s cycles sort columns, S reverses")
    func sort() {
        var state = Fixture.state()
        let names = { (s: AppState) in s.table.order.map { s.table.ids[$0] } }
        #expect(state.currentSort == SortState(column: 0, ascending: true))
        state.press(.char("S"))
        #expect(state.currentSort.ascending == false)
        let descending = names(state)
        state.press(.char("S"))
        #expect(names(state) == descending.reversed())
        state.press(.char("s"))
        #expect(state.currentSort == SortState(column: 1, ascending: true))
        for _ in 1..<state.table.columns.count { state.press(.char("s")) }
        #expect(state.currentSort.column == 0)
        // Budget column (4): highest first when reversed.
        state.currentSort = SortState(column: 4, ascending: false)
        _ = update(&state, .tick(Fixture.now))
        #expect(state.table.row(at: 0).id == "2680060704747")
    }

    @Test("rows already in the target status are skipped with a note")
    func bulkPauseSkipsAlreadyPaused() {
        var state = Fixture.state()
        state.press(.char(" "), .char(" "), .char(" "))  // seed (ACTIVE), Retargeting (pausing), Winter (PAUSED)
        #expect(state.marked == [Fixture.seedAdGroupID, "2680060704748", "2680060704750"])
        #expect(state.cursor == 3)
        #expect(state.press(.char("p")).isEmpty)
        #expect(state.confirm?.question == "Pause 1 ad group? y/N")
        #expect(state.confirm?.notes.contains("2 already paused, skipped") == true)
        #expect(state.press(.char("y")) == [.performAction(kind: .adGroup, ids: [Fixture.seedAdGroupID], target: .paused)])
        #expect(state.selectedID == "2680060704747")
        state.press(.char("p"))  // 夏のセール alone, already PAUSED: nothing to do
        #expect(state.confirm == nil)
        #expect(state.message?.text == "The ad group is already paused")
    }

    @Test("three ACTIVE rows marked: y emits exactly .performAction(.adGroup, ids, .paused)")
    func confirmYes() {
        var snapshot = Fixture.snapshot()
        snapshot.pending = [:]
        snapshot.adGroups = snapshot.adGroups.map { var g = $0; g.status = .active; return g }
        var state = Fixture.state(snapshot: snapshot)
        state.press(.char(" "), .char(" "), .char(" "))
        let marked = (0..<3).map { state.table.row(at: $0).id }
        #expect(state.marked == Set(marked))
        #expect(state.press(.char("p")).isEmpty)
        #expect(state.confirm?.question == "Pause 3 ad groups? y/N")
        #expect(state.screenText.contains { $0.contains("Pause 3 ad groups? y/N") })
        let effects = state.press(.char("y"))
        #expect(effects == [.performAction(kind: .adGroup, ids: marked, target: .paused)])
        #expect(state.confirm == nil)
        #expect(state.marked.isEmpty)
    }

    @Test("n (or any key but y) cancels with no effect")
    func confirmNo() {
        var state = Fixture.state()
        state.press(.char("p"))
        #expect(state.confirm?.question == "Pause 1 ad group? y/N")
        #expect(state.press(.char("n")).isEmpty)
        #expect(state.confirm == nil)
        state.press(.char("p"))
        #expect(state.press(.enter).isEmpty)
        #expect(state.confirm == nil)
        #expect(state.screen == .adGroups(campaignID: nil))
    }

    @Test("capital Y cancels like any other key: only y proceeds", arguments: ["p", "a"])
    func capitalYCancels(_ key: Character) {
        var state = Fixture.state()
        if key == "a" { state.press(.char("j"), .char("j")) }  // Winter teaser, PAUSED
        state.press(.char(key))
        #expect(state.confirm != nil)
        #expect(state.press(.char("Y")).isEmpty)
        #expect(state.confirm == nil)
        #expect(state.message?.text == "Cancelled")
    }

    @Test("read-only: no dialog, a message instead")
    func readOnly() {
        var state = Fixture.state(readOnly: true)
        #expect(state.press(.char("p")).isEmpty)
        #expect(state.confirm == nil)
        #expect(state.message?.text == "Read-only mode: pausing is disabled (started with --read-only)")
        #expect(state.press(.char("a")).isEmpty)
        #expect(state.confirm == nil)
        #expect(state.message?.text.hasPrefix("Read-only mode") == true)
    }

    @Test("resize keeps the selection visible")
    func resize() {
        var snapshot = Fixture.snapshot()
        snapshot.adGroups = (0..<200).map { Fixture.adGroup(String(9000 + $0), "Group \($0)", campaign: "626736533506",
                                                            status: .active, summary: .running, budget: 1_000_000) }
        var state = Fixture.state(width: 120, height: 40, snapshot: snapshot)
        state.press(.char("G"))
        let id = state.selectedID
        #expect(id == "9099")  // "Group 99" sorts last by name
        _ = update(&state, .resized(width: 80, height: 15))
        #expect(state.selectedID == id)
        let text = state.screenText
        #expect(text.contains { $0.contains("Group 99") })  // name order: "Group 99" is last
        _ = update(&state, .resized(width: 200, height: 60))
        #expect(state.screenText.contains { $0.contains("Group 99 ") })
    }

    @Test("a refresh keeps the selection on the same entity id, even when rows move")
    func refreshKeepsSelection() {
        var state = Fixture.state()
        state.press(.char("j"), .char("j"))
        let id = state.selectedID
        var snapshot = Fixture.snapshot()
        snapshot.adGroups.insert(Fixture.adGroup("1", "AAA first", campaign: "626736533506", status: .active,
                                                 summary: .running, budget: 1), at: 0)
        _ = update(&state, .snapshotArrived(snapshot, []))
        #expect(state.selectedID == id)
        #expect(state.cursor == 3)
    }

    @Test("double click drills in; clicks far apart do not")
    func doubleClick() {
        var state = Fixture.state()
        let rowY = 4  // header 2, column header 1, second row
        #expect(update(&state, .mouse(MouseEvent(x: 5, y: rowY, kind: .press))).isEmpty)
        #expect(state.cursor == 1)
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(1)))
        #expect(update(&state, .mouse(MouseEvent(x: 5, y: rowY, kind: .press))).isEmpty)
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(1.3)))
        let id = state.selectedID ?? ""
        #expect(update(&state, .mouse(MouseEvent(x: 5, y: rowY, kind: .press))) == [.setAdGroupInView(id)])
        #expect(state.screen == .ads(adGroupID: id))
        state.press(.escape)
        #expect(update(&state, .mouse(MouseEvent(x: 5, y: 3, kind: .doubleClick))) == [.setAdGroupInView(Fixture.seedAdGroupID)])
    }

    @Test("wheel scrolls, keys move, quit and suspend are effects")
    func misc() {
        var state = Fixture.state()
        #expect(state.press(.char("q")) == [.quit])
        #expect(state.press(.ctrl("c")) == [.quit])
        #expect(state.press(.ctrl("z")) == [.suspend])
        #expect(state.press(.char("r")) == [.refreshNow])
        #expect(state.press(.char("t")) == [.applyTheme("monochrome")])
        #expect(state.press(.char("A")) == [.watchAccounts([Fixture.account.id, Fixture.otherAccount.id])])
        #expect(state.screen == .accounts)
        #expect(state.press(.enter) == [.switchAccount(Fixture.otherAccount.id)])
        #expect(state.screen == .adGroups(campaignID: nil))
    }

    @Test("messages clear after 5 s, a rejection's flash stays until a key; events are capped at 500")
    func messagesAndEvents() {
        var state = Fixture.state()
        state.press(.char("s"))
        #expect(state.message?.text.hasPrefix("Sorted by") == true)
        #expect(state.nextRedraw(after: Fixture.now) == Fixture.now.addingTimeInterval(Message.lifetime))
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(4)))
        #expect(state.message != nil)
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(5.5)))
        #expect(state.message == nil)

        state.now = Fixture.now
        let rejection = Fixture.published(.changed(.ad, id: "x", name: "Summer Sale", at: Fixture.now,
                                                   fields: [FieldChange(.reviewStatus, old: "PENDING", new: "REJECTED")],
                                                   rejectedReasons: [RejectionReason(code: "LANDING_PAGE_BROKEN",
                                                                                     label: "Landing page broken")]), 10)
        _ = update(&state, .snapshotArrived(Fixture.snapshot(), [rejection]))
        #expect(state.message?.text == "14:02:11 ad 'Summer Sale' rejected: Landing page broken")
        #expect(state.message?.severity == .error)
        // No wake-up is planned for it: it waits, however long, for the operator.
        #expect(state.nextRedraw(after: Fixture.now) != Fixture.now.addingTimeInterval(Message.lifetime))
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(3_600)))
        #expect(state.message?.text == "14:02:11 ad 'Summer Sale' rejected: Landing page broken")
        state.press(.char("j"))
        #expect(state.message == nil)
        let many = (100..<800).map { Fixture.published(.added(.adGroup, id: "\($0)", name: nil, at: Fixture.now), $0) }
        _ = update(&state, .snapshotArrived(Fixture.snapshot(), many))
        #expect(state.events.count == 500)
        #expect(state.events.last?.id.sequence == 799)
    }

    @Test("action reports become messages")
    func actionReport() {
        var state = Fixture.state()
        _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .paused, succeeded: ["1", "2", "3"])))
        #expect(state.message?.text == "Paused 3 ad groups")
        _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .paused, succeeded: ["1"],
                                                        failed: ["2": "Ad group is archived"])))
        #expect(state.message?.text == "Paused 1 of 2 ad groups; 1 failed: Ad group is archived")
        #expect(state.message?.severity == .error)
        _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .paused, unknown: [
            "1": "Pinterest accepted the change, but it still reads back as ACTIVE"])))
        #expect(state.message?.text
            == "Paused 0 of 1 ad group; 1 not verified: Pinterest accepted the change, but it still reads back as ACTIVE")
        #expect(state.message?.severity == .warning)
        // What did not fully work stays until a key; a full success clears by itself.
        #expect(state.message?.untilKey == true)
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(60)))
        #expect(state.message?.text.hasPrefix("Paused 0 of 1 ad group") == true)
        // A refresh failing meanwhile goes to the events pane, not over the report.
        let refreshFailed = Fixture.published(.refreshFailed(.adGroups, message: "Pinterest API error 502", at: Fixture.now), 20)
        _ = update(&state, .snapshotArrived(Fixture.snapshot(), [refreshFailed]))
        #expect(state.events.contains { $0.id == refreshFailed.id })
        #expect(state.message?.text.hasPrefix("Paused 0 of 1 ad group") == true)
        state.press(.char("j"))
        #expect(state.message == nil)
        _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .paused, succeeded: ["1"])))
        #expect(state.message?.untilKey == false)
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(120)))
        #expect(state.message == nil)
    }
}

extension AppState {
    /// Selects the row with `id` by moving through the table.
    mutating func select(id: String) {
        press(.char("g"))
        for _ in 0..<table.order.count where selectedID != id { press(.char("j")) }
    }
}
