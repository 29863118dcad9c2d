import Foundation
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// Every row of the README's Keys table, tried in tmux against the sandbox the way a new user
    /// would: the key is pressed and the screen (or the sandbox) must show what the row promises.
    /// A row added to the README without a check here fails the first test.
    @Suite("The README's keys, tried in a terminal")
    struct ReadmeKeysTourTests {
        /// The README's Keys table: each row's keys cell and action cell.
        static func keyRows() throws -> [(keys: String, action: String)] {
            let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
            let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let start = lines.firstIndex(of: "## Keys") else { throw E2EError("README.md has no '## Keys' section") }
            var rows: [(String, String)] = []
            for line in lines[(start + 1)...] {
                if line.hasPrefix("## ") { break }
                guard line.hasPrefix("|"), !line.hasPrefix("|---"), !line.hasPrefix("| Key ") else { continue }
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 2 else { continue }
                rows.append((cells[0], cells[1]))
            }
            return rows
        }

        /// The check for each row, named by the start of its action cell.
        static let toured = [
            "Move", "Page", "First / last row", "Drill in", "Back", "Filter as you type", "Sort by the next column",
            "Metrics range", "Column chooser", "Mark the row", "Pause / activate", "Undo", "Copy the row's link",
            "Detail pane", "Refresh now", "Events pane", "Campaigns", "Accounts overview", "Wall mode",
            "Next colour theme", "Help", "Quit", "Suspend",
        ]

        @Test("every row of the README's Keys table is toured here")
        func everyRowIsToured() throws {
            let rows = try Self.keyRows()
            #expect(rows.count == Self.toured.count, "README rows: \(rows.map(\.action))")
            for row in rows {
                #expect(Self.toured.contains { row.action.hasPrefix($0) }, "no tour step for README row: \(row.action)")
            }
        }

        /// The `i/N` position the status bar shows at its right end.
        static func position(_ screen: String) -> (index: Int, count: Int)? {
            let lines = screen.split(separator: "\n").map(String.init)
            guard let last = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                  let word = last.split(separator: " ").last else { return nil }
            let parts = word.split(separator: "/")
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
            return (index, count)
        }

        /// Presses `keys` one by one and waits for the selected row's position to be `index`.
        func expectPosition(_ run: DashboardRun, after keys: [String], _ what: String,
                            _ holds: @escaping (_ index: Int, _ count: Int) -> Bool) async throws {
            for key in keys { try await run.tmux.send(key) }
            try await run.tmux.waitFor(timeout: 10, what) { screen in
                guard let position = Self.position(screen) else { return false }
                return holds(position.index, position.count)
            }
        }

        @Test("moving, paging, first and last row: ↑ ↓ k j PgUp PgDn Ctrl-U Ctrl-D g G Home End")
        func movement() async throws {
            try await withTourDashboard { _, run in
                try await run.waitForAdGroups()
                // A page at 120x40 is the 30-odd rows the table shows; the demo account has 38.
                let page: (Int, Int) -> Bool = { index, count in index > 20 && index < count }
                try await expectPosition(run, after: ["j"], "j moves down") { index, _ in index == 2 }
                try await expectPosition(run, after: ["Down"], "↓ moves down") { index, _ in index == 3 }
                try await expectPosition(run, after: ["k"], "k moves up") { index, _ in index == 2 }
                try await expectPosition(run, after: ["Up"], "↑ moves up") { index, _ in index == 1 }
                try await expectPosition(run, after: ["NPage"], "PgDn moves a page down", page)
                try await expectPosition(run, after: ["PPage"], "PgUp moves a page back") { index, _ in index == 1 }
                try await expectPosition(run, after: ["C-d"], "Ctrl-D moves a page down", page)
                try await expectPosition(run, after: ["C-u"], "Ctrl-U moves a page back") { index, _ in index == 1 }
                try await expectPosition(run, after: ["G"], "G goes to the last row") { index, count in index == count }
                try await expectPosition(run, after: ["g"], "g goes to the first row") { index, _ in index == 1 }
                try await expectPosition(run, after: ["End"], "End goes to the last row") { index, count in index == count }
                try await expectPosition(run, after: ["Home"], "Home goes to the first row") { index, _ in index == 1 }
            }
        }

        @Test("Enter drills in (ad group → ads, campaign → ad groups, account → switch); Esc, Backspace and h go back")
        func drillInAndBack() async throws {
            try await withTourDashboard { _, run in
                try await run.waitForAdGroups()
                try await run.filter("Pin promotions")
                try await run.tmux.waitFor(timeout: 10, "the filtered list") { !$0.contains("Ad Group For Pin") }
                try await run.tmux.send("Enter")
                try await run.tmux.waitFor(timeout: 10, "the ad group's ads") { $0.contains("Review") && $0.contains("› Summer Sale") }
                try await run.tmux.send("Escape")
                try await run.tmux.waitFor(timeout: 10, "back to the ad groups") { $0.contains("› Ad groups") }

                try await run.tmux.send("Enter")
                try await run.tmux.waitFor(timeout: 10, "the ads again") { $0.contains("Review") }
                try await run.tmux.send("BSpace")
                try await run.tmux.waitFor(timeout: 10, "Backspace goes back") { $0.contains("› Ad groups") }
                try await run.tmux.send("Enter")
                try await run.tmux.waitFor(timeout: 10, "the ads again") { $0.contains("Review") }
                try await run.tmux.send("h")
                try await run.tmux.waitFor(timeout: 10, "h goes back") { $0.contains("› Ad groups") }
                // Back also clears the filter.
                try await run.tmux.send("Escape")
                try await run.waitForAdGroups()

                // Waited for whole: a capture can fall between the new header and the old footer
                // (CI once read "› Campaigns" above the ad groups' "27/38").
                try await run.tmux.send("c")
                try await run.tmux.waitFor(timeout: 10, "the campaigns, on their first row") { screen in
                    screen.contains("› Campaigns") && Self.position(screen)?.index == 1
                }
                try await run.tmux.send("Enter")
                try await run.tmux.waitFor(timeout: 10, "a campaign's ad groups") { screen in
                    screen.contains("› Campaigns › ") && Self.position(screen).map { $0.count < 38 } == true
                }
                try await run.tmux.send("Escape")

                try await run.tmux.send("A")
                try await run.tmux.waitFor(timeout: 10, "the accounts") { $0.contains("Maison Lumière") && $0.contains("Acme Outdoor") }
                try await run.tmux.send("j")
                try await run.tmux.send("Enter")
                try await run.tmux.waitFor(timeout: 20, "the other account's ad groups") { screen in
                    Screen.line(containing: "Pinwatch", in: screen)?.contains("Maison Lumière") == true && screen.contains("EUR")
                }
            }
        }

        @Test("/ filters as you type; Enter keeps the filter, Esc clears it; s and S sort")
        func filterAndSort() async throws {
            try await withTourDashboard { _, run in
                try await run.waitForAdGroups()
                try await run.tmux.send("/")
                try await run.tmux.send("Hiking", literal: true)
                try await run.tmux.waitFor(timeout: 10, "rows narrowed while typing") { screen in
                    !screen.contains("Ad Group For Pin") && screen.contains("Hiking boots")
                }
                try await run.tmux.send("Enter")
                try await run.tmux.send("j")
                try await run.tmux.waitFor(timeout: 10, "the filter kept after Enter, keys move again") { screen in
                    !screen.contains("Ad Group For Pin") && Self.position(screen)?.index == 2
                }
                try await run.tmux.send("/")
                try await run.tmux.send("Escape")
                try await run.waitForAdGroups()

                let before = try #require(Screen.header(in: try await run.tmux.capture()))
                #expect(before.contains("Name↑"))
                try await run.tmux.send("s")
                let sorted = try await run.tmux.waitFor(timeout: 10, "sorted by the next column") {
                    Screen.header(in: $0).map { !$0.contains("Name↑") && $0.contains("↑") } == true
                }
                let column = try #require(Screen.header(in: sorted)?.split(separator: " ").first { $0.hasSuffix("↑") })
                try await run.tmux.send("S")
                try await run.tmux.waitFor(timeout: 10, "the sort reversed") {
                    Screen.header(in: $0)?.contains(column.dropLast() + "↓") == true
                }
            }
        }

        @Test("Space marks rows; p and a ask first, n declines, y pauses and activates them; u undoes the last, audited")
        func markPauseActivate() async throws {
            try await withTourDashboard { sandbox, run in
                try await run.waitForAdGroups()
                try await run.tmux.send("Space")
                try await run.tmux.send("Space")
                // Space marks and moves down; waited for whole (the marks and the footer).
                try await run.tmux.waitFor(timeout: 10, "two rows marked, on the third") {
                    $0.components(separatedBy: "●").count - 1 == 2 && Self.position($0)?.index == 3
                }
                try await run.tmux.send("p")
                try await run.tmux.waitFor("Pause 2 ad groups?")
                try await run.tmux.send("n")
                try await run.tmux.waitFor(timeout: 10, "the dialog closed") { !$0.contains("Pause 2 ad groups?") }
                #expect(await sandbox.store.requests(method: "PATCH").isEmpty, "n sends nothing")
                try await run.tmux.send("p")
                try await run.tmux.waitFor("Pause 2 ad groups?")
                try await run.tmux.send("y")
                try await run.tmux.waitFor(timeout: 20, "both marked rows paused and verified") { screen in
                    ["Ad Group For Pin: 687195905986", "Back to school — Broad · All ages"].allSatisfy { name in
                        Screen.line(containing: name, in: screen).map { $0.contains("PAUSED") && !$0.contains("PAUSED…") } == true
                    }
                }
                #expect(await sandbox.store.requests(method: "PATCH").count == 1, "one request for both ids")
                try await run.tmux.send("g")
                try await run.tmux.send("a")
                try await run.tmux.waitFor("Activate 1 ad group?")
                try await run.tmux.send("y")
                try await run.tmux.waitFor(timeout: 20, "the first row active again") { screen in
                    Screen.line(containing: "Ad Group For Pin: 687195905986", in: screen)
                        .map { $0.contains("ACTIVE") && !$0.contains("PAUSED") } == true
                }
                // u reverts that activate: asked first, then sent, verified and audited as any action.
                try await run.tmux.send("u")
                try await run.tmux.waitFor("Undo: pause 1 ad group? y/N")
                try await run.tmux.send("y")
                try await run.tmux.waitFor(timeout: 20, "the first row paused again") { screen in
                    Screen.line(containing: "Ad Group For Pin: 687195905986", in: screen)
                        .map { $0.contains("PAUSED") && !$0.contains("PAUSED…") } == true
                }
                #expect(await sandbox.store.requests(method: "PATCH").count == 3)
                let audit = try String(contentsOfFile: run.scratch.auditLog, encoding: .utf8)
                    .split(separator: "\n").map(String.init)
                #expect(audit.count == 3 && audit.last?.contains("\"PAUSED\"") == true, "\(audit)")
                try await run.tmux.send("u")
                try await run.tmux.waitFor("Nothing to undo")
            }
        }

        @Test("Tab and d open the detail pane and [ ] scroll it; r refreshes now; e, c, A, w, t and ? open what they say; y copies")
        func panesAndScreens() async throws {
            try await withTourDashboard { sandbox, run in
                let output = run.scratch.path + "/output"
                try run.tmux.recordOutput(to: output)
                try await run.waitForAdGroups()
                // y copies the ad group's Ads Manager link with OSC 52.
                try await run.tmux.send("y")
                // The terminal gets the link (the "Copied …" line can give way at once to news from
                // the live sandbox, so the bytes are what is waited for).
                let link = "https://ads.pinterest.com/advertiser/549755885175/reporting/adgroups/?adGroupIds=%5B2680060704746%5D"
                let osc52 = "\u{1B}]52;c;" + Data(link.utf8).base64EncodedString() + "\u{07}"
                let copyDeadline = Date().addingTimeInterval(10)
                while Date() < copyDeadline, !((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains(osc52) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains(osc52), "OSC 52 with the link")

                try await run.tmux.send("Tab")
                let detail = try await run.tmux.waitFor(timeout: 10, "the detail pane") { $0.contains("─ Ad group Ad Group For Pin") }
                try await run.tmux.send("]")
                try await run.tmux.waitFor(timeout: 10, "the details scrolled") { $0 != detail && $0.contains("─ Ad group Ad Group For Pin") }
                try await run.tmux.send("Tab")
                try await run.tmux.waitFor(timeout: 10, "the detail pane closed") { !$0.contains("─ Ad group Ad Group For Pin") }
                try await run.tmux.send("d")
                try await run.tmux.waitFor(timeout: 10, "d opens it too") { $0.contains("─ Ad group Ad Group For Pin") }
                try await run.tmux.send("Escape")
                try await run.tmux.waitFor(timeout: 10, "Esc closes it") { !$0.contains("─ Ad group Ad Group For Pin") }

                let listings = await sandbox.store.requests(method: "GET").filter { $0.path.hasSuffix("/ad_groups") }.count
                try await run.tmux.send("r")
                let deadline = Date().addingTimeInterval(10)
                var now = listings
                while now == listings && Date() < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    now = await sandbox.store.requests(method: "GET").filter { $0.path.hasSuffix("/ad_groups") }.count
                }
                #expect(now > listings, "r sent a new ad groups listing")

                try await run.tmux.send("e")
                try await run.tmux.waitFor(timeout: 10, "the events pane") { $0.contains("─ Events") }
                try await run.tmux.send("e")
                try await run.tmux.waitFor(timeout: 10, "the events pane closed") { !$0.contains("─ Events") }
                try await run.tmux.send("c")
                try await run.tmux.waitFor(timeout: 10, "the campaigns") { $0.contains("› Campaigns") }
                try await run.tmux.send("Escape")
                try await run.tmux.send("A")
                try await run.tmux.waitFor(timeout: 10, "the accounts") { $0.contains("Maison Lumière") && $0.contains("Rejected") }
                try await run.tmux.send("Escape")
                try await run.waitForAdGroups()
                try await run.tmux.send("w")
                try await run.tmux.waitFor(timeout: 10, "the wall") { $0.contains("Pinwatch wall") && $0.contains("AD GROUPS RUNNING") }
                try await run.tmux.send("Escape")
                try await run.waitForAdGroups()

                try await run.tmux.send("t")
                try await run.tmux.waitFor(timeout: 10, "the next theme named") { $0.contains("Theme: ") }
                try await run.tmux.send("?")
                try await run.tmux.waitFor(timeout: 10, "the help") { $0.contains("─ Keys") }
                try await run.tmux.send("Escape")
                try await run.tmux.waitFor(timeout: 10, "the help closed") { !$0.contains("─ Keys") }
                try await run.tmux.send("F1")
                try await run.tmux.waitFor(timeout: 10, "F1 opens the help") { $0.contains("─ Keys") }
                try await run.tmux.send("Escape")
            }
        }

        @Test("q quits and Ctrl-C quits, each giving the terminal back")
        func quit() async throws {
            for key in ["q", "C-c"] {
                try await withTourDashboard { _, run in
                    try await run.waitForAdGroups()
                    try await run.tmux.send(key)
                    // `stty -a` prints after the exit line: wait for both.
                    let screen = try await run.tmux.waitFor(timeout: 10, "\(key) quits") {
                        $0.contains("pinwatch exited with") && $0.contains("icanon")
                    }
                    #expect(screen.contains("pinwatch exited with 0"), "\(key): \(screen)")
                    let sttyWords = screen.split { $0 == " " || $0 == "\n" || $0 == ";" }
                    #expect(sttyWords.contains("icanon") && sttyWords.contains("echo"),
                            "the terminal is back in line mode after \(key)")
                }
            }
        }

        @Test("Ctrl-Z suspends to the shell and fg returns to a working dashboard")
        func suspend() async throws {
            let sandbox = try await SandboxHarness.start()
            do {
                let scratch = try Scratch()
                let binary = try Pinwatch.binary()
                var environment = scratch.environment(["PINTEREST_ACCESS_TOKEN": SandboxHarness.token, "TERM": "screen",
                                                       "PS1": "tour$ "])
                environment["SHELL"] = "/bin/bash"
                let tmux = try TmuxSession(width: 120, height: 40, command: ["/bin/bash", "--norc", "--noprofile", "-i"],
                                           environment: environment)
                defer { tmux.kill() }
                try await tmux.waitFor("tour$")
                let command = [binary, "--base-url", sandbox.baseURL.absoluteString, "--account", "549755885175"]
                    .map(TmuxSession.shellQuote).joined(separator: " ")
                try await tmux.send(command, literal: true)
                try await tmux.send("Enter")
                try await tmux.waitFor(timeout: 30, "the dashboard") { $0.contains("Ad Group For Pin: 687195905986") }
                try await tmux.send("C-z")
                try await tmux.waitFor(timeout: 10, "the shell's prompt after the job stopped") { screen in
                    screen.contains("Stopped") && !screen.contains("Ad Group For Pin: 687195905986")
                }
                try await tmux.send("fg", literal: true)
                try await tmux.send("Enter")
                try await tmux.waitFor(timeout: 10, "the dashboard again") { $0.contains("Ad Group For Pin: 687195905986") }
                try await tmux.send("j")
                try await tmux.waitFor(timeout: 10, "keys work after fg (raw mode)") { Self.position($0)?.index == 2 }
                try await tmux.send("q")
                try await tmux.waitFor(timeout: 10, "the shell again") { $0.contains("tour$") && !$0.contains("Ad Group For Pin") }
            } catch {
                await sandbox.stop()
                throw error
            }
            await sandbox.stop()
        }

        /// Runs `body` with a fresh sandbox and the dashboard at 120x40 pointed at it.
        @Test("m cycles the metrics range the header names; o opens the column chooser, Space hides, Esc saves to config.toml")
        func metricsRangeAndColumns() async throws {
            try await withTourDashboard { _, run in
                let first = try await run.waitForAdGroups()
                #expect(first.contains(" Today "))
                for label in ["Yesterday", "7 days", "30 days", "Today"] {
                    try await run.tmux.send("m")
                    try await run.tmux.waitFor(timeout: 10, "the header names \(label)") { screen in
                        screen.split(separator: "\n").first?.contains(" \(label) ") == true
                    }
                }
                try await run.tmux.waitFor(timeout: 30, "the metrics of the account") { $0.contains("ROAS") && $0.contains("Total: ") }
                try await run.tmux.send("o")
                try await run.tmux.waitFor(timeout: 10, "the chooser") { $0.contains("Columns: ad groups") && $0.contains("[x] Campaign") }
                try await run.tmux.send("j")
                try await run.tmux.send("Space")
                try await run.tmux.waitFor(timeout: 10, "Campaign hidden") { $0.contains("[ ] Campaign") }
                try await run.tmux.send("Escape")
                let after = try await run.tmux.waitFor(timeout: 10, "the chooser closed") { !$0.contains("Columns: ad groups") }
                #expect(Screen.header(in: after)?.contains("Campaign") == false)
                let file = run.scratch.configFile
                let deadline = Date().addingTimeInterval(10)
                var saved = ""
                while Date() < deadline {
                    saved = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                    if saved.contains("[columns]") { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(saved.contains("[columns]") && saved.contains("ad_groups = [\"Name\", \"Status\""), "\(saved)")
                #expect(!saved.contains("\"Campaign\""))
            }
        }

        func withTourDashboard(_ body: (RunningSandbox, DashboardRun) async throws -> Void) async throws {
            let sandbox = try await SandboxHarness.start()
            do {
                let run = try DashboardRun(["--base-url", sandbox.baseURL.absoluteString, "--account", "549755885175"],
                                           environment: ["PINTEREST_ACCESS_TOKEN": SandboxHarness.token])
                defer { run.tmux.kill() }
                try await body(sandbox, run)
            } catch {
                await sandbox.stop()
                throw error
            }
            await sandbox.stop()
        }
    }
}
