@testable import Dashboard
import Foundation
import ScreenGrid
import Testing

/// The README's keys table, read from README.md at the package root: every key of every row does
/// what its row says (through `update`), and the help overlay lists it.
@Suite("README keys table")
struct ReadmeKeysTests {
    /// One row of the table: the raw key column, the keys named in it, the action column.
    struct Row: Sendable {
        var keyColumn: String
        var keyNames: [String]
        var action: String
    }

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The rows of the table under "## Keys".
    static func rows() throws -> [Row] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "## Keys") else { return [] }
        var rows: [Row] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| `") else { continue }
            let columns = line.split(separator: "|", omittingEmptySubsequences: true)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count >= 2 else { continue }
            rows.append(Row(keyColumn: columns[0], keyNames: backticked(columns[0]),
                            action: columns[1...].joined(separator: "|")))
        }
        return rows
    }

    /// The texts between backticks.
    static func backticked(_ s: String) -> [String] {
        s.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The key a README name stands for.
    static func key(_ name: String) -> Key? {
        switch name {
        case "↑": .up
        case "↓": .down
        case "PgUp": .pageUp
        case "PgDn": .pageDown
        case "Home": .home
        case "End": .end
        case "Enter": .enter
        case "Esc": .escape
        case "Backspace": .backspace
        case "Space": .char(" ")
        case "Tab": .tab
        case "F1": .function(1)
        case "F2": .function(2)
        default:
            if name.hasPrefix("Ctrl-"), name.count == 6, let letter = name.last { .ctrl(Character(letter.lowercased())) }
            else if name.count == 1, let character = name.first { .char(character) }
            else { nil }
        }
    }

    /// How the help overlay spells a README key name ("Ctrl-U" is "^U", "Backspace" is "⌫").
    static func helpSpelling(_ name: String) -> String {
        if name.hasPrefix("Ctrl-") { return "^" + name.dropFirst(5) }
        return name == "Backspace" ? "⌫" : name
    }

    /// Per row (by its key column): a check that the key does what the row says.
    static let checks: [String: @Sendable (Key) -> Void] = [
        "`↑`/`↓` or `k`/`j`": { key in
            var state = Fixture.state()
            let down = key == .down || key == .char("j")
            if !down { state.press(.down) }
            let before = state.cursor ?? -1
            state.press(key)
            #expect(state.cursor == before + (down ? 1 : -1))
        },
        "`PgUp`/`PgDn`, `Ctrl-U`/`Ctrl-D`": { key in
            var snapshot = Fixture.snapshot()
            snapshot.adGroups = (0..<60).map { Fixture.adGroup(String(1000 + $0), "Group \(1000 + $0)", campaign: "c",
                                                                status: .active, summary: .running, budget: nil) }
            var state = Fixture.state(width: 80, height: 24, snapshot: snapshot)
            let page = state.pageSize - 1
            if key == .pageDown || key == .ctrl("d") {
                state.press(key)
                #expect(state.cursor == page)
            } else {
                state.press(.end, key)
                #expect(state.cursor == 59 - page)
            }
        },
        "`g`/`G` or `Home`/`End`": { key in
            var state = Fixture.state()
            if key == .char("G") || key == .end {
                state.press(key)
                #expect(state.cursor == state.table.order.count - 1)
            } else {
                state.press(.char("G"), key)
                #expect(state.cursor == 0)
            }
        },
        "`Enter`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.setAdGroupInView(Fixture.seedAdGroupID)])
            #expect(state.screen == .ads(adGroupID: Fixture.seedAdGroupID))
            var campaigns = Fixture.state()
            campaigns.press(.char("c"))
            let campaign = campaigns.selectedID
            campaigns.press(key)
            #expect(campaign != nil && campaigns.screen == .adGroups(campaignID: campaign))
            var accounts = Fixture.state()
            accounts.press(.char("A"))
            for _ in 0..<3 where accounts.selectedID != Fixture.otherAccount.id { accounts.press(.down) }
            #expect(accounts.press(key).contains(.switchAccount(Fixture.otherAccount.id)))
        },
        "`Esc`, `Backspace` or `h`": { key in
            var state = Fixture.state()
            state.press(.enter)
            #expect(state.press(key) == [.setAdGroupInView(nil)])
            #expect(state.screen == .adGroups(campaignID: nil))
            state.press(.tab)
            state.press(key)
            #expect(!state.showDetail, "closes the detail pane")
            state.press(.char("e"))
            state.press(key)
            #expect(!state.showEvents, "closes the events pane")
            state.press(.char("/"))
            state.type("paused")
            state.press(.enter)
            #expect(state.current.filter == "paused")
            state.press(key)
            #expect(state.current.filter.isEmpty, "clears the filter")
        },
        "`/`": { key in
            var state = Fixture.state()
            let all = state.table.order.count
            state.press(key)
            #expect(state.isEditingFilter)
            state.type("paused")
            #expect(state.table.order.count > 0 && state.table.order.count < all, "status")
            state.press(.enter)
            #expect(!state.isEditingFilter && state.current.filter == "paused", "Enter keeps it")
            state.press(key, .escape)
            #expect(state.current.filter.isEmpty && state.table.order.count == all, "Esc clears")
            state.press(key)
            state.type(Fixture.seedAdGroupID)
            #expect(state.table.order.count == 1 && state.selectedID == Fixture.seedAdGroupID, "id")
            state.press(.escape, key)
            state.type("winter")
            #expect(state.table.order.count == 1 && state.selectedID == "2680060704750", "name")
        },
        "`s` / `S`": { key in
            var state = Fixture.state()
            let ascending = state.table.order.indices.map { state.table.row(at: $0).id }
            state.press(key)
            if key == .char("s") {
                #expect(state.currentSort == SortState(column: 1, ascending: true))
            } else {
                #expect(state.currentSort == SortState(column: 0, ascending: false))
                #expect(state.table.order.indices.map { state.table.row(at: $0).id } == ascending.reversed())
            }
        },
        "`m`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.metricsRange == .yesterday)
            #expect(state.screenText[0].contains("Yesterday"))
        },
        "`o` or `F2`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.chooser?.kind == .adGroups)
            #expect(state.screenText.joined().contains("Columns: ad groups"))
            state.press(.char("j"), .char(" "))
            #expect(state.press(.escape) == [.saveColumns(.adGroups, state.chosenColumns[.adGroups] ?? [])])
            #expect(state.chooser == nil && state.chosenColumns[.adGroups]?.contains("Campaign") == false)
        },
        "`Space`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.marked == [Fixture.seedAdGroupID])
            #expect(state.cursor == 1)
        },
        "`p` / `a`": { key in
            var state = Fixture.state()
            let pause = key == .char("p")
            if !pause { state.press(.char("j"), .char("j")) }  // Winter teaser, PAUSED
            let id = state.selectedID ?? ""
            let question = pause ? "Pause 1 ad group? y/N" : "Activate 1 ad group? y/N"
            for other in [Key.char("n"), .char("Y"), .enter, .escape] {
                state.press(key)
                #expect(state.confirm?.question == question)
                #expect(state.press(other).isEmpty, "only y proceeds, not \(other)")
                #expect(state.confirm == nil)
            }
            state.press(key)
            #expect(state.screenText.contains { $0.contains(question) })
            #expect(state.press(.char("y")) == [.performAction(kind: .adGroup, ids: [id], target: pause ? .paused : .active)])
        },
        "`u`": { key in
            var state = Fixture.state()
            let id = state.selectedID ?? ""
            state.press(.char("p"), .char("y"))
            _ = update(&state, .actionFinished(ActionReport(kind: .adGroup, target: .paused, succeeded: [id])))
            for index in state.snapshot.adGroups.indices where state.snapshot.adGroups[index].id == id {
                state.snapshot.adGroups[index].status = .paused
            }
            state.press(key)
            #expect(state.confirm?.question == "Undo: activate 1 ad group? y/N")
            #expect(state.press(.char("y")) == [.performAction(kind: .adGroup, ids: [id], target: .active)])
        },
        "`y`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.copyToClipboard(
                "https://ads.pinterest.com/advertiser/549755885175/reporting/adgroups/?adGroupIds=%5B2680060704746%5D")])
            state.press(.char("c"))
            #expect(state.press(key) == [.copyToClipboard(
                "https://ads.pinterest.com/advertiser/549755885175/reporting/campaigns/?campaignIds=%5B\(state.selectedID ?? "")%5D")])
        },
        "`Tab` or `d`": { key in
            var state = Fixture.state(width: 80, height: 24)
            state.press(.enter)
            state.press(key)
            #expect(state.showDetail)
            state.press(.char("]"))
            #expect(state.detailScroll > 0, "] scrolls down")
            state.press(.char("["))
            #expect(state.detailScroll == 0, "[ scrolls up")
            state.press(key)
            #expect(!state.showDetail)
        },
        "`r`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.refreshNow])
        },
        "`e`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.showEvents)
            #expect(state.screenText.joined().contains("Landing page broken"))
        },
        "`c`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.screen == .campaigns)
        },
        "`A`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.watchAccounts([Fixture.account.id, Fixture.otherAccount.id])])
            #expect(state.screen == .accounts)
            #expect(state.table.columns.map(\.title).contains("Rejected"))
        },
        "`w`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.wall?.isShowing == true)
            #expect(state.screenText.contains { $0.contains("AD GROUPS RUNNING") })
            state.press(.escape)
            #expect(state.wall?.isShowing == false)
        },
        "`t`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.applyTheme("monochrome")])
        },
        "`?` or `F1`": { key in
            var state = Fixture.state()
            state.press(key)
            #expect(state.showHelp)
            #expect(state.screenText.contains { $0.contains("Keys") })
        },
        "`q` or `Ctrl-C`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.quit])
        },
        "`Ctrl-Z`": { key in
            var state = Fixture.state()
            #expect(state.press(key) == [.suspend])
        },
    ]

    @Test("the README's keys table and the checks here name the same rows")
    func sameRows() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 10, "the table under ## Keys was found")
        #expect(Set(rows.map(\.keyColumn)) == Set(Self.checks.keys))
    }

    @Test("every key of every README row does what the row says")
    func everyKeyWorks() throws {
        for row in try Self.rows() {
            #expect(!row.keyNames.isEmpty, "\(row.keyColumn)")
            for name in row.keyNames {
                guard let key = Self.key(name) else {
                    Issue.record("README key \(name) is not a key")
                    continue
                }
                guard let check = Self.checks[row.keyColumn] else { continue }
                check(key)
            }
        }
    }

    @Test("the help overlay lists every README key")
    func helpListsEveryKey() throws {
        let help = HelpView.lines(readOnly: false)
        for row in try Self.rows() {
            for name in row.keyNames {
                guard let key = Self.key(name) else { continue }
                let bindings = KeyMap.bindings.filter { $0.keys.contains(key) && $0.context != .filter && $0.context != .confirm }
                #expect(!bindings.isEmpty, "no binding for \(name)")
                let spelling = Self.helpSpelling(name)
                #expect(bindings.allSatisfy { $0.label.split(separator: " ").contains(Substring(spelling)) },
                        "help spells \(name) differently: \(bindings.map(\.label))")
                #expect(help.contains { line in bindings.contains { $0.label == line.keys } })
            }
        }
    }

    @Test("the confirm dialog's y is the only key that proceeds, as the README says")
    func onlyLowercaseY() {
        let yes = KeyMap.bindings.filter { $0.command == .confirmYes }
        #expect(yes.flatMap(\.keys) == [.char("y")])
    }
}
