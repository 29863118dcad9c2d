import AdsCache
@testable import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
import Testing

/// The fixture with a second account reported by its background refresh, and the wall.
enum WallFixture {
    /// Acme Europe's health: two rejected ads, a disabled ad group, over budget, and an error.
    static func otherHealth(asOf: Date = Fixture.now.addingTimeInterval(-240)) -> AccountHealth {
        var health = AccountHealth(accountID: Fixture.otherAccount.id, account: Fixture.otherAccount)
        health.adGroupsRunning = 12
        health.adGroupsPaused = 4
        health.adGroupsDisabled = 1
        health.adsRejected = 2
        health.adsPendingReview = 7
        health.spendToday = 81_500_000
        health.dailyBudget = 80_000_000
        health.dataAsOf = asOf
        health.error = "HTTP 503 from api.pinterest.com"
        health.isLoaded = true
        var rejected = ChangeEvent.changed(.ad, id: "687195134399", name: "Herbst Kampagne", at: asOf,
                                           fields: [FieldChange(.reviewStatus, old: "PENDING", new: "REJECTED")],
                                           rejectedReasons: [RejectionReason(code: "CLICKBAIT", label: "Clickbait")])
        rejected.id = ChangeEvent.ID(source: EventSource(rawValue: 2_000), sequence: 1)
        health.alerts = [rejected]
        return health
    }

    /// The fixture state on the wall (read-only, as `--wall` starts), with Acme Europe's health.
    static func state(width: Int = 80, height: Int = 24, glyphs: Glyphs = .unicode) -> AppState {
        var state = Fixture.state(width: width, height: height, readOnly: true, glyphs: glyphs)
        state.wall = WallState(cycle: 15, asksBeforeQuitting: true, now: Fixture.now)
        state.watchesOtherAccounts = true
        state.readOnlyReason = "the wall is read-only; --read-write allows it"
        _ = update(&state, .accountHealthArrived(otherHealth()))
        return state
    }
}

extension AppState {
    /// Moves the clock to `date`, as the UI loop's tick does.
    mutating func advance(to date: Date) { _ = update(&self, .tick(date)) }
}

@Suite("Wall mode")
struct WallTests {
    static let sizes = [(80, 24), (120, 40), (300, 80)]

    @Test("golden walls at 80x24, 120x40 and 300x80: the account on screen, then the next one")
    func goldens() {
        for (width, height) in Self.sizes {
            var state = WallFixture.state(width: width, height: height)
            Golden.check(render(state, width: width, height: height), "wall-\(width)x\(height)")
            state.advance(to: Fixture.now.addingTimeInterval(15))
            Golden.check(render(state, width: width, height: height), "wall-other-\(width)x\(height)")
        }
    }

    @Test("ASCII terminals get # digits and nothing outside ASCII")
    func ascii() {
        let state = WallFixture.state(width: 80, height: 24, glyphs: .ascii)
        let grid = render(state, width: 80, height: 24)
        Golden.check(grid, "wall-ascii-80x24")
        #expect(grid.textLines().joined().unicodeScalars.allSatisfy { $0.isASCII })
        #expect(grid.textLines().contains { $0.contains("###") })
    }

    @Test("the account on screen is counted from its snapshot: running, paused, rejected, pending, spend, budgets")
    func liveHealth() {
        let state = WallFixture.state()
        let health = state.health(of: Fixture.account)
        // Fixture: RUNNING seed, Retargeting and Family; PAUSED 夏のセール and Winter teaser (Retargeting's
        // pause is still pending); one rejected and one pending ad; $3.12 + $21.00 spent; daily budgets
        // of the running ones $5 + $20 + $10.
        #expect(health.adGroupsRunning == 3)
        #expect(health.adGroupsPaused == 2)
        #expect(health.adGroupsDisabled == 0)
        #expect(health.adsRejected == 1)
        #expect(health.adsPendingReview == 1)
        #expect(health.spendToday == 24_120_000)
        #expect(health.dailyBudget == 35_000_000)
        #expect(health.alerts.map(\.kind) == [.refreshFailed, .changed], "notable ones, newest first")
        let text = render(state, width: 80, height: 24).textLines().joined(separator: "\n")
        #expect(text.contains("$24.12 of $35.00 daily budget"))
        #expect(text.contains("Landing page broken"), "the latest alerts")
    }

    @Test("accounts change every cycle, and the loop is woken for it")
    func cycles() {
        var state = WallFixture.state()
        #expect(state.screenText[0].contains("Acme Outdoor"))
        #expect(state.nextRedraw(after: Fixture.now) == Fixture.now.addingTimeInterval(15))
        state.advance(to: Fixture.now.addingTimeInterval(14.9))
        #expect(state.screenText[0].contains("Acme Outdoor"))
        state.advance(to: Fixture.now.addingTimeInterval(15))
        #expect(state.screenText.joined().contains("Acme Europe"))
        #expect(!state.screenText[0].contains("Acme Outdoor"))
        state.advance(to: Fixture.now.addingTimeInterval(30))
        #expect(state.screenText.joined().contains("Acme Outdoor"))
        state.press(.right)
        #expect(state.screenText.joined().contains("Acme Europe"), "→ steps to the next one")
        state.advance(to: Fixture.now.addingTimeInterval(44))
        #expect(state.screenText.joined().contains("Acme Europe"), "and it stays a full cycle")
        state.press(.left)
        #expect(state.screenText.joined().contains("Acme Outdoor"))
    }

    @Test("the content moves by a cell every few minutes against burn-in, and comes back")
    func burnIn() {
        var state = WallFixture.state(width: 120, height: 40)
        state.wall?.cycle = 86_400  // one account throughout
        let interval = WallState(now: Fixture.now).shiftInterval
        func origin() -> (x: Int, y: Int)? {
            let lines = state.screenText
            for (y, line) in lines.enumerated() {
                if let range = line.range(of: "Pinwatch wall") { return (line.distance(from: line.startIndex, to: range.lowerBound), y) }
            }
            return nil
        }
        var seen: [String] = []
        for step in 0...WallState.shifts.count {
            state.advance(to: Fixture.now.addingTimeInterval(Double(step) * interval + 1))
            guard let point = origin() else {
                Issue.record("no header at step \(step)")
                return
            }
            seen.append("\(point.x),\(point.y)")
            #expect(state.nextRedraw(after: state.now).map { $0 <= Fixture.now.addingTimeInterval(Double(step + 1) * interval) } == true)
        }
        #expect(Set(seen.prefix(WallState.shifts.count)).count == WallState.shifts.count, "every offset used: \(seen)")
        #expect(seen.first == seen.last, "the cycle of offsets starts over: \(seen)")
        let columns = seen.compactMap { Int($0.split(separator: ",")[0]) }
        #expect((columns.max() ?? 0) - (columns.min() ?? 0) == 1, "a little: one cell")
    }

    @Test("Ctrl-C and q ask before quitting; only y quits")
    func quitAsks() {
        var state = WallFixture.state()
        #expect(state.press(.ctrl("c")).isEmpty)
        #expect(state.screenText.joined().contains("Quit Pinwatch? y/N"))
        #expect(state.press(.char("n")).isEmpty)
        #expect(!state.screenText.joined().contains("Quit Pinwatch?"))
        #expect(state.press(.char("q")).isEmpty)
        #expect(state.screenText.joined().contains("Quit Pinwatch? y/N"))
        #expect(state.press(.char("Y")).isEmpty, "a stray Shift does not quit")
        #expect(state.press(.ctrl("c")).isEmpty)
        #expect(state.press(.char("y")) == [.quit])
        var plain = Fixture.state()
        #expect(plain.press(.ctrl("c")) == [.quit], "the ordinary dashboard quits at once")
    }

    @Test("read-only: p and a are refused on the wall and behind it, no dialog, no effect")
    func readOnlyRefuses() {
        var state = WallFixture.state()
        for key in [Key.char("p"), .char("a")] {
            #expect(state.press(key).isEmpty)
            #expect(state.confirm == nil)
            #expect(state.message?.text.hasPrefix("Read-only mode:") == true)
            #expect(state.message?.text.contains("--read-write") == true)
        }
        #expect(state.screenText.contains { $0.contains("Read-only mode: activating is disabled") })
        let selected = state.selectedID
        _ = update(&state, .mouse(MouseEvent(x: 10, y: 5, kind: .press)))
        #expect(state.selectedID == selected, "the mouse does not move the table behind the wall")
        state.press(.enter)
        #expect(state.wall?.isShowing == false)
        #expect(state.press(.char("p")).isEmpty)
        #expect(state.confirm == nil)
        state.press(.char("w"))
        #expect(state.wall?.isShowing == true)
    }

    @Test("--read-write: p on the wall says where to pause from; behind it p asks as usual")
    func readWrite() {
        var state = WallFixture.state()
        state.readOnly = false
        #expect(state.press(.char("p")).isEmpty)
        #expect(state.confirm == nil)
        #expect(state.message?.text == "Leave the wall (Enter) to pause or activate")
        state.press(.enter)
        state.press(.char("p"))
        #expect(state.confirm?.question == "Pause 1 ad group? y/N")
    }

    @Test("Enter leaves the wall for the dashboard of the account on it; Esc and w for the dashboard as it was")
    func enterDrillsIn() {
        var state = WallFixture.state()
        state.advance(to: Fixture.now.addingTimeInterval(15))
        for key in [Key.escape, .char("w")] {
            #expect(state.press(key).isEmpty)
            #expect(state.wall?.isShowing == false)
            #expect(state.screenText[0].contains("Acme Outdoor"), "the dashboard of the account on screen")
            state.press(.char("w"))
            #expect(state.wall?.isShowing == true)
        }
        let effects = state.press(.enter)
        #expect(effects.contains(.switchAccount(Fixture.otherAccount.id)))
        #expect(state.wall?.isShowing == false)
        #expect(state.screen == .adGroups(campaignID: nil))
    }

    @Test("large digits: half blocks three rows high at scale 1, # five rows in ASCII, wider at larger scales")
    func bigDigits() {
        #expect(BigDigits.lines("17", scale: 1, glyphs: .unicode) == ["▄█  ▀▀█", " █    █", "▀▀▀   ▀"])
        #expect(BigDigits.lines("1", scale: 1, glyphs: .ascii) == [" # ", "## ", " # ", " # ", "###"])
        for scale in 1...WallView.maxScale {
            for glyphs in [Glyphs.unicode, .ascii] {
                let lines = BigDigits.lines("80%", scale: scale, glyphs: glyphs)
                #expect(lines.count == BigDigits.height(scale: scale, glyphs: glyphs))
                #expect(lines.allSatisfy { DisplayWidth.of($0) == BigDigits.width("80%", scale: scale) })
            }
        }
    }

    @Test("from 80x24 to 300x80 the digits grow and the six numbers stay whole")
    func readableAtEverySize() {
        var previous = 0
        for (width, height) in [(80, 24), (100, 30), (120, 40), (200, 60), (300, 80)] {
            let state = WallFixture.state(width: width, height: height)
            let grid = render(state, width: width, height: height)
            let text = grid.textLines()
            for label in ["AD GROUPS RUNNING", "PAUSED", "DISABLED", "ADS REJECTED", "PENDING REVIEW", "DAILY BUDGET SPENT"] {
                #expect(text.contains { $0.contains(label) }, "\(label) at \(width)x\(height)")
            }
            let blockRows = text.filter { $0.contains("█") || $0.contains("▀") || $0.contains("▄") }.count
            #expect(blockRows >= previous, "\(width)x\(height): \(blockRows) rows of digits")
            previous = blockRows
            #expect(text.contains { $0.contains("Latest alerts") }, "\(width)x\(height)")
        }
        #expect(previous >= 30, "300x80 draws large digits")
    }

    @Test("every size from the smallest to 300x80 draws the wall inside the screen, ASCII too")
    func everySize() {
        for width in [Layout.minWidth, 79, 80, 121, 199, 300] {
            for height in [Layout.minHeight, 23, 24, 40, 57, 80] {
                for glyphs in [Glyphs.unicode, .ascii] {
                    var state = WallFixture.state(width: width, height: height, glyphs: glyphs)
                    for step in 0..<WallState.shifts.count {
                        state.advance(to: Fixture.now.addingTimeInterval(Double(step) * 180 + 15 * Double(step % 2)))
                        let text = render(state, width: width, height: height).textLines()
                        #expect(text.count == height && text.allSatisfy { DisplayWidth.of($0) == width })
                        #expect(text.contains { $0.contains("Pinwatch wall") }, "\(width)x\(height)")
                        #expect(text.contains { $0.contains("RUNNING") }, "\(width)x\(height)")
                    }
                }
            }
        }
    }

    @Test("A, c and e from the wall open the dashboard's screens of the account on screen, not the one on the wall")
    func screensFromTheWall() {
        var state = WallFixture.state()
        state.advance(to: Fixture.now.addingTimeInterval(15))  // Acme Europe on the wall
        #expect(!state.press(.char("A")).contains(.switchAccount(Fixture.otherAccount.id)))
        #expect(state.wall?.isShowing == false && state.screen == .accounts)
        state.press(.char("w"), .char("c"))
        #expect(state.wall?.isShowing == false && state.screen == .campaigns)
        state.press(.char("w"), .char("e"))
        #expect(state.wall?.isShowing == false && state.showEvents)
    }
}

@Suite("Accounts overview")
struct OverviewTests {
    static let sizes = [(80, 24), (120, 40), (300, 80)]

    @Test("golden overviews at 80x24, 120x40 and 300x80")
    func goldens() {
        for (width, height) in Self.sizes {
            var state = Fixture.state(width: width, height: height)
            state.press(.char("A"))
            _ = update(&state, .accountHealthArrived(WallFixture.otherHealth()))
            Golden.check(render(state, width: width, height: height), "overview-\(width)x\(height)")
        }
    }

    @Test("A opens it and asks once for the other accounts to be watched; a report fills their row")
    func opensAndWatches() {
        var state = Fixture.state()
        #expect(state.press(.char("A")) == [.watchAccounts([Fixture.account.id, Fixture.otherAccount.id])])
        #expect(state.screen == .accounts)
        let waiting = state.screenText.first { $0.contains("Acme Europe") } ?? ""
        #expect(waiting.contains("waiting"), "\(waiting)")
        _ = update(&state, .accountHealthArrived(WallFixture.otherHealth()))
        let row = state.screenText.first { $0.contains("Acme Europe") } ?? ""
        #expect(row.contains("4 min ago") && row.contains("102%"), "\(row)")
        state.press(.escape)
        #expect(state.press(.char("A")).isEmpty, "asked once")
        // A new list of accounts is passed on.
        var snapshot = Fixture.snapshot()
        let third = AdAccount(id: "549755885177", currency: .gbp, name: "Acme UK")
        snapshot.accounts.append(third)
        #expect(update(&state, .snapshotArrived(snapshot, []))
            == [.watchAccounts([Fixture.account.id, Fixture.otherAccount.id, third.id])])
    }

    @Test("sortable: s moves to the rejected ads, S reverses; Enter drills into the account")
    func sortAndDrill() {
        var state = Fixture.state()
        state.press(.char("A"))
        _ = update(&state, .accountHealthArrived(WallFixture.otherHealth()))
        func order() -> [String] { state.table.order.indices.map { state.table.id(at: $0) } }
        #expect(order() == [Fixture.otherAccount.id, Fixture.account.id], "by name: Europe, Outdoor")
        state.press(.char("s"))
        #expect(state.table.columns[state.currentSort.column].title == "Rejected")
        #expect(order() == [Fixture.account.id, Fixture.otherAccount.id], "1 rejected before 2")
        state.press(.char("S"))
        #expect(order() == [Fixture.otherAccount.id, Fixture.account.id], "2 rejected before 1")
        state.press(.char("g"))
        #expect(state.selectedID == Fixture.otherAccount.id)
        #expect(state.press(.enter).contains(.switchAccount(Fixture.otherAccount.id)))
        #expect(state.accountHealth[Fixture.account.id]?.adsRejected == 1,
                "the account left keeps its row until its own background report")
    }

    @Test("a report about the account on screen does not replace its live row")
    func ownReportIgnored() {
        var state = Fixture.state()
        var stale = AccountHealth(accountID: Fixture.account.id, account: Fixture.account)
        stale.isLoaded = true
        _ = update(&state, .accountHealthArrived(stale))
        #expect(state.accountHealth[Fixture.account.id] == nil)
        #expect(state.health(of: Fixture.account).adsRejected == 1)
    }
}

@Suite("Wall and overview with hostile text")
struct WallHostileTextTests {
    @Test("names, errors and alerts from the API reach the wall and the overview sanitized and aligned")
    func hostile() {
        for (width, height) in [(80, 24), (120, 40), (300, 80)] {
            for glyphs in [Glyphs.unicode, .ascii] {
                var state = WallFixture.state(width: width, height: height, glyphs: glyphs)
                for (index, text) in HostileTextTests.hostile.enumerated() {
                    var health = WallFixture.otherHealth()
                    health.account?.name = text
                    health.account?.currency = Currency(rawValue: text)
                    health.error = text
                    health.alerts = [.changed(.ad, id: text, name: text, at: Fixture.now,
                                              fields: [FieldChange(.reviewStatus, old: text, new: "REJECTED")],
                                              rejectedReasons: [RejectionReason(code: text, label: text)])]
                    _ = update(&state, .accountHealthArrived(health))
                    state.advance(to: Fixture.now.addingTimeInterval(15 + 30 * Double(index)))
                    HostileTextTests.check(render(state, width: width, height: height))
                    if glyphs == .ascii {
                        #expect(render(state, width: width, height: height).textLines().joined().unicodeScalars.allSatisfy { $0.isASCII })
                    }
                }
                state.press(.escape, .char("A"))
                HostileTextTests.check(render(state, width: width, height: height))
            }
        }
    }
}
