import Foundation
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// The real binary in tmux on the hostile data set (`HostileData`): escape sequences, controls,
/// bidi overrides, zero-width and combining characters, CJK, emoji, a 5,000-character name, an
/// empty one, unknown enum values, all-null objects and huge budgets. It walks every screen that
/// shows them, and then every byte it wrote to the terminal is scanned: nothing from the data may
/// reach the terminal as a sequence, every table stays aligned, and `q` exits cleanly.
@Suite("Hostile data, real binary", .tags(.endToEnd))
struct HostileDataTests {
    /// A terminal locale to run in.
    struct Locale: Sendable, CustomTestStringConvertible {
        let lang: String
        let unicode: Bool
        var testDescription: String { "LANG=\(lang)" }
        /// Box and ellipsis glyphs the dashboard draws in this locale.
        var vertical: String { unicode ? "│" : "|" }
        var topLeft: String { unicode ? "┌" : "+" }
        var ellipsis: String { unicode ? "…" : "~" }
        /// How a data ESC looks once made harmless.
        var visibleEscape: String { unicode ? "\u{241B}" : "^[" }
    }

    static let locales = [Locale(lang: "C.UTF-8", unicode: true), Locale(lang: "C", unicode: false)]
    static let width = 120
    static let height = 40

    @Test("no sequence from the data reaches the terminal, tables stay aligned, q exits cleanly",
          arguments: locales)
    func hostileData(_ locale: Locale) async throws {
        var options = LiveDashboard.Options()
        options.width = Self.width
        options.height = Self.height
        options.term = "xterm-256color"
        options.lang = locale.lang
        options.record = true
        options.data = HostileData.make(now: Date())
        try await LiveDashboard.with(options) { dashboard in
            var walk = Walk(dashboard: dashboard, locale: locale)
            try await walk.run()
            let screens = walk.screens

            for screen in screens {
                let problems = Self.alignmentProblems(screen.grid, locale)
                #expect(problems.isEmpty, "\(screen.name): \(problems.joined(separator: "; "))\n\(screen.grid.text)")
            }
            #expect(screens.contains { $0.grid.text.contains(locale.visibleEscape) },
                    "the data's escapes are shown, made visible")

            let exited = try await dashboard.waitFor("pinwatch to exit", timeout: 20) { _ in
                dashboard.exitStatus != nil && dashboard.sttyAfterExit?.contains("icanon") == true
            }
            #expect(dashboard.exitStatus == 0, "exit status \(String(describing: dashboard.exitStatus)); screen:\n\(exited.text)")
            let stty = dashboard.sttyAfterExit ?? ""
            let words = Set(stty.split(whereSeparator: \.isWhitespace))
            #expect(words.contains("icanon") && words.contains("echo") && !words.contains("-icanon")
                && !words.contains("-echo"), "terminal left raw: \(stty)")

            let transcriptURL = dashboard.transcriptURL
            let unicode = locale.unicode
            let payloads = Self.allPayloads
            let scan = await offPool { () -> ScanResult in
                let bytes = [UInt8]((try? Data(contentsOf: transcriptURL)) ?? Data())
                var scan = TranscriptScan(bytes: bytes, unicode: unicode)
                let problems = scan.problems()
                return ScanResult(byteCount: bytes.count, problems: problems, leaks: scan.leaks(of: payloads),
                                  sequences: scan.sequences,
                                  restored: Self.leavesAlternateScreen(bytes))
            }
            #expect(scan.byteCount > 10_000, "the transcript holds the session (\(scan.byteCount) bytes)")
            #expect(scan.problems.isEmpty, "foreign bytes in the output:\n\(scan.problems.joined(separator: "\n"))")
            #expect(scan.leaks.isEmpty, "data reached the terminal unchanged: \(scan.leaks.joined(separator: ", "))")
            #expect(scan.restored, "the alternate screen was left and the cursor shown again at exit")
            let kinds = Set(scan.sequences.keys.map { $0.hasPrefix("CSI") ? $0.filter { !$0.isNumber && $0 != ";" } : $0 })
                .sorted()
            Report.line("hostile data \(locale.testDescription) | \(screens.count) screens aligned | "
                + "\(scan.byteCount) bytes scanned, \(scan.sequences.values.reduce(0, +)) escape sequences, "
                + "all of these forms: \(kinds.joined(separator: ", "))")
        }
    }

    @Test("the scan finds data sequences, controls and format characters, and passes what ncurses sends")
    func scanCatchesLeaks() {
        let ncurses = "\u{1B}[?1049h\u{1B}[22;0;0t\u{1B}[1;39r\u{1B}(B\u{1B}[m\u{1B}[H\u{1B}[2J\u{1B}[3;5H"
            + "\u{1B}[0;1m東京 ␛]0;pwned␇\u{1B}[K\r\n\u{1B}[5b\u{1B}[?25h\u{1B}[?1049l\u{1B}[23;0;0t\u{1B}>"
        var clean = TranscriptScan(bytes: Array(ncurses.utf8), unicode: true)
        #expect(clean.problems().isEmpty)
        #expect(clean.leaks(of: Self.allPayloads).isEmpty)
        let leaked: [String: String] = [
            "OSC title": "a\u{1B}]0;pwned\u{07}b", "OSC 52": "\u{1B}]52;c;ZWNobw==\u{1B}\\",
            "DCS": "\u{1B}P+q544e\u{1B}\\", "reset": "\u{1B}c", "status report": "\u{1B}[6n", "BEL": "\u{07}",
            "C1 CSI": "\u{9B}31m", "RLO": "\u{202E}x", "BOM": "\u{FEFF}", "lone ESC": "x\u{1B}",
        ]
        for (name, bytes) in leaked {
            var scan = TranscriptScan(bytes: Array((ncurses + bytes).utf8), unicode: true)
            #expect(!scan.problems().isEmpty, "\(name) was not noticed")
        }
        let payload = HostileData.payloads[0].text
        let unchanged = TranscriptScan(bytes: Array(("\u{1B}[H" + payload).utf8), unicode: true)
        #expect(!unchanged.leaks(of: Self.allPayloads).isEmpty, "a payload sent unchanged is a leak")
        var nonASCII = TranscriptScan(bytes: Array("東京".utf8), unicode: false)
        #expect(!nonASCII.problems().isEmpty, "non-ASCII in a non-UTF-8 terminal")
    }

    struct ScanResult: Sendable {
        let byteCount: Int
        let problems: [String]
        let leaks: [String]
        let sequences: [String: Int]
        let restored: Bool
    }

    /// Every hostile string the data set serves (names, labels, enum values, account fields).
    static let allPayloads: [String] = HostileData.payloads.map(\.text)
        + [HostileData.hostileEnumValue, HostileData.hostileCurrency]

    /// Whether the last alternate-screen switch leaves it, and the cursor is made visible after it.
    static func leavesAlternateScreen(_ bytes: [UInt8]) -> Bool {
        let data = Data(bytes)
        guard let leave = data.range(of: Data("\u{1B}[?1049l".utf8), options: .backwards) else { return false }
        let enter = data.range(of: Data("\u{1B}[?1049h".utf8), options: .backwards)
        let cursor = data.range(of: Data("\u{1B}[?25h".utf8), options: .backwards)
        return (enter.map { $0.lowerBound < leave.lowerBound } ?? true) && cursor != nil
    }

    // MARK: - Alignment

    /// Why the screen is not aligned: rows wider than the terminal, a table row whose
    /// status column is not under the `Status` heading or whose columns touch, a detail pane
    /// border out of line. Empty when aligned.
    static func alignmentProblems(_ grid: PaneGrid, _ locale: Locale) -> [String] {
        var problems: [String] = []
        guard grid.rows.count == height else { return ["\(grid.rows.count) rows instead of \(height)"] }
        // tmux leaves cells nothing was written to out of the capture, so rows may be shorter;
        // a longer one means a character took more cells in the terminal than its width says.
        for (y, row) in grid.rows.enumerated() where row.count > width {
            problems.append("row \(y) is \(row.count) columns wide: \(grid.line(y).debugDescription)")
        }
        let headingRow = 2
        let bodyRows = 3..<(height - 2)
        // The detail pane beside the table: its corner on the heading row, borders on every row.
        var tableRight = width
        if let paneLeft = grid.column(of: locale.topLeft, row: headingRow) {
            tableRight = paneLeft
            for y in bodyRows.dropLast() {
                for x in [paneLeft, width - 1] where grid.cell(x, y) != locale.vertical {
                    problems.append("row \(y): pane border expected at column \(x), found \(grid.cell(x, y).debugDescription)")
                }
            }
        }
        // The last row of the table is its totals row, which has no status.
        let totalsRow = height - 3
        let rows = bodyRows.filter { y in y != totalsRow && (0..<tableRight).contains { grid.cell($0, y) != " " } }
        if let status = grid.column(of: "Status", row: headingRow), status < tableRight {
            if !grid.text(totalsRow, 0..<min(tableRight, 9)).hasPrefix("  Total: ") {
                problems.append("row \(totalsRow): no totals row: \(grid.line(totalsRow).debugDescription)")
            }
            let words = ["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT"]
            for y in rows {
                let text = grid.text(y, status..<min(tableRight, status + 8))
                if !words.contains(where: text.hasPrefix) {
                    problems.append("row \(y): no status under the heading (column \(status)): \(grid.line(y).debugDescription)")
                }
            }
        }
        // Left-aligned columns start after a blank cell on every row.
        for heading in ["Campaign", "Status", "Summary", "Review", "Currency"] {
            guard let x = grid.column(of: heading, row: headingRow), x > 0, x < tableRight else { continue }
            for y in rows where grid.cell(x - 1, y) != " " {
                problems.append("row \(y): column \(heading) does not start at \(x): \(grid.line(y).debugDescription)")
            }
        }
        return problems
    }
}

/// One screen seen during the walk.
struct SeenScreen: Sendable {
    let name: String
    let grid: PaneGrid
}

/// The keys a person would press to see every hostile value, capturing each screen once it settles.
struct Walk {
    let dashboard: LiveDashboard
    let locale: HostileDataTests.Locale
    var screens: [SeenScreen] = []

    init(dashboard: LiveDashboard, locale: HostileDataTests.Locale) {
        self.dashboard = dashboard
        self.locale = locale
    }

    mutating func run() async throws {
        try await dashboard.waitForFirstLoad()
        try await see("ad groups")
        // Scroll through every ad group, a row at a time, then by pages, then to both ends.
        for step in 0..<12 {
            try await dashboard.send("Down", "Down", "Down", "Down")
            try await see("ad groups, row \(4 * (step + 1))")
        }
        try await dashboard.send("g")
        try await dashboard.send("NPage")
        try await see("ad groups, page down")
        try await dashboard.send("NPage")
        try await see("ad groups, second page down")
        try await dashboard.send("G")
        try await see("ad groups, last row")
        try await dashboard.send("g")

        // The 5,000-character name, alone after a filter: cut to its column.
        try await filter("H12")
        let long = try await see("filtered to the long name")
        try checkLongName(long.grid)
        try await back(1)

        // Into the ad group of hostile ads, with the detail pane, through every ad.
        try await filter("H01")
        try await dashboard.send("Enter")
        try await dashboard.waitFor("the hostile ads") { $0.lines.count > 2 && $0.lines[2].contains("Review") }
        try await see("hostile ads")
        try await dashboard.send("Tab")
        try await see("hostile ads, details")
        for index in 0..<(HostileData.payloads.count + 1) {
            try await dashboard.send("]", "]", "]")
            try await see("hostile ad \(index + 1), details scrolled")
            try await dashboard.send("Down")
            try await see("hostile ad \(index + 2), details")
        }
        try await back(3)  // the pane, the ads, the filter

        // Details of the all-null ad group and the huge budgets.
        for (id, name) in [(HostileData.nullAdGroupID, "all-null ad group"),
                           (HostileData.hugeBudgetAdGroupID, "huge budget ad group")] {
            try await filter(id)
            try await dashboard.send("Tab")
            try await see("\(name), details")
            try await back(2)
        }

        // Campaigns and accounts (one with every nullable field null).
        try await dashboard.send("c")
        try await dashboard.waitFor("the campaigns") { $0.freshness.contains("Campaigns") }
        try await see("campaigns")
        try await dashboard.send("Tab")
        try await see("campaigns, details")
        try await back(1)
        try await dashboard.send("A")
        try await dashboard.waitFor("the accounts") { $0.freshness.contains("Ad accounts") }
        try await see("accounts")
        try await dashboard.send("j", "Tab")
        try await see("all-null account, details")
        try await dashboard.send("q")
    }

    /// Presses Escape `times` times, each on its own (two in one write would read as one key).
    private func back(_ times: Int) async throws {
        for _ in 0..<times {
            try await dashboard.send("Escape")
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Filters the list to `text` and keeps the filter.
    private func filter(_ text: String) async throws {
        try await dashboard.send("/")
        try await dashboard.send(text, literal: true)
        try await dashboard.send("Enter")
        try await dashboard.waitFor("the filter \(text)") { screen in
            screen.contains("filter: \(text)")
        }
    }

    /// Captures the screen once two captures 80 ms apart agree, and keeps it.
    @discardableResult
    private mutating func see(_ name: String) async throws -> SeenScreen {
        var previous = ""
        let deadline = Date().addingTimeInterval(5)
        while true {
            let text = try await dashboard.onQueue { tmux in
                try tmux.command(["capture-pane", "-p", "-N", "-t", tmux.name])
            }
            if text == previous || Date() > deadline {
                let screen = SeenScreen(name: name, grid: PaneGrid(text: text))
                screens.append(screen)
                return screen
            }
            previous = text
            try await Task.sleep(for: .milliseconds(80))
        }
    }

    /// The long name's row shows the start of the name, cut in the middle with an ellipsis, before
    /// the next column.
    private func checkLongName(_ grid: PaneGrid) throws {
        let y = try #require(grid.row(containing: "H12 5000 characters"), "the long name is listed:\n\(grid.text)")
        let campaign = try #require(grid.column(of: "Campaign", row: 2), "a Campaign column:\n\(grid.text)")
        let name = grid.text(y, 0..<campaign)
        #expect(name.contains(locale.ellipsis), "the long name is cut with an ellipsis: \(name.debugDescription)")
        #expect(grid.cell(campaign - 1, y) == " ", "the long name stops before the Campaign column")
    }
}
