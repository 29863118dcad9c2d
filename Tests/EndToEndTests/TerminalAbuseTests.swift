import Foundation
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// The dashboard on hostile terminals: odd TERM values, no UTF-8, tiny windows, resize storms.
    /// Each must give a sensible screen or one clear message, and the terminal back on exit.
    @Suite("Terminal abuse")
    struct TerminalAbuseTests {
        /// `stty -a` after pinwatch exited shows the terminal cooked again.
        static func restored(_ screen: String) -> Bool {
            let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init)
            return words.contains("echo") && words.contains("icanon") && !words.contains("-echo") && !words.contains("-icanon")
        }

        @Test("TERM=xterm, xterm-256color, screen and vt100 show the dashboard; q gives the terminal back",
              arguments: ["xterm", "xterm-256color", "screen", "vt100"])
        func termVariants(term: String) async throws {
            let run = try DashboardRun(["--demo"], environment: ["TERM": term], width: 120, height: 40)
            defer { run.tmux.kill() }
            _ = try await run.waitForAdGroups()
            // The account's name comes with its own (accounts) refresh, maybe a moment later.
            try await run.tmux.waitFor("Acme Outdoor Co.", timeout: 20)
            try await run.tmux.send("q")
            let after = try await run.tmux.waitFor(timeout: 30, "pinwatch to exit and stty to print") {
                $0.contains("pinwatch exited with") && $0.contains("icanon")
            }
            #expect(after.contains("pinwatch exited with 0"))
            #expect(Self.restored(after), "stty after exit: \(after)")
        }

        @Test("TERM=dumb: one clear sentence, a non-zero exit, the terminal untouched")
        func dumbTerminal() async throws {
            let run = try DashboardRun(["--demo"], environment: ["TERM": "dumb"], width: 100, height: 30)
            defer { run.tmux.kill() }
            let after = try await run.tmux.waitFor(timeout: 30, "pinwatch to exit and stty to print") {
                $0.contains("pinwatch exited with") && $0.contains("icanon")
            }
            #expect(after.contains("cannot move the cursor"))
            #expect(!after.contains("pinwatch exited with 0"))
            #expect(Self.restored(after), "stty after exit: \(after)")
        }

        @Test("LANG=C: ASCII borders, sparklines and ellipses; no UTF-8 sent")
        func asciiLocale() async throws {
            let run = try DashboardRun(["--demo"], environment: ["TERM": "xterm-256color", "LANG": "C", "LC_ALL": "C"],
                                       width: 120, height: 30)
            defer { run.tmux.kill() }
            let screen = try await run.waitForAdGroups()
            let unicodeGlyphs = Set("…▁▂▃▄▅▆▇█›─│┌┐└┘✗●⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
            #expect(!screen.contains(where: { unicodeGlyphs.contains($0) }), "\(screen)")
            try await run.tmux.send("q")
            let after = try await run.tmux.waitFor(timeout: 30, "pinwatch to exit and stty to print") {
                $0.contains("pinwatch exited with") && $0.contains("icanon")
            }
            #expect(Self.restored(after))
        }

        @Test("a 20x6 terminal shows \"terminal too small\" until it grows; no crash")
        func tinyTerminal() async throws {
            let run = try DashboardRun(["--demo"], environment: ["TERM": "xterm-256color"], width: 20, height: 6)
            defer { run.tmux.kill() }
            try await run.tmux.waitFor(timeout: 30, "the too-small screen") { $0.lowercased().contains("too small") }
            try await run.tmux.resize(width: 120, height: 40)
            _ = try await run.waitForAdGroups()
            #expect(try await run.isAlive())
        }

        @Test("100 resizes in a burst: still alive, and the final size drawn as a start at that size draws it")
        func resizeStorm() async throws {
            let run = try DashboardRun(["--demo"], environment: ["TERM": "xterm-256color"], width: 120, height: 40)
            defer { run.tmux.kill() }
            let initial = try await run.waitForAdGroups()
            let sizes = [(60, 15), (200, 60), (80, 24), (30, 8), (150, 45)]
            let start = Date()
            for index in 0..<100 {
                let (width, height) = sizes[index % sizes.count]
                try await run.tmux.resize(width: width, height: height)
            }
            let seconds = Date().timeIntervalSince(start)
            try await run.tmux.resize(width: 120, height: 40)
            // The last storm size was 150x45: a layout left from it would show other columns.
            let columns = try #require(Screen.header(in: initial))
            let screen = try await run.tmux.waitFor(timeout: 30, "the columns of a 120x40 start") {
                Screen.header(in: $0) == columns
            }
            #expect(try await run.isAlive())
            #expect(screen.split(separator: "\n").first?.contains("Pinwatch") == true)
            print("TERMINAL ABUSE: 100 resizes took \(String(format: "%.1f", seconds)) s")
        }
    }
}
