import Foundation
import Testing

extension EndToEnd {
    /// Mouse reports on a terminal wider than X10 reports can address (223 columns).
    @Suite("Mouse on a wide terminal")
    struct WideMouseTests {
        /// An SGR (1006) report of the first button at 1-based `column`, `row`: press or release.
        static func report(column: Int, row: Int, press: Bool) -> String {
            "\u{1B}[<0;\(column);\(row)\(press ? "M" : "m")"
        }

        @Test("a double click at column 300 of a 320-column tmux opens that row's ad group",
              arguments: ["screen", "xterm-256color"])
        func doubleClickPastColumn223(term: String) async throws {
            let shell = try await ShellSession(width: 320, height: 40, environment: ["TERM": term])
            try await shell.startPinwatch(["--demo"])
            let screen = try await shell.waitForAdGroups()
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let header = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Name") })
            // The third row: a click that lands on the first (selected) row would prove less.
            let target = header + 3
            let name = try #require(lines[target].trimmingCharacters(in: .whitespaces)
                .components(separatedBy: "  ").first?.components(separatedBy: "…").first)
            #expect(!name.isEmpty)
            let click = Self.report(column: 300, row: target + 1, press: true) + Self.report(column: 300, row: target + 1, press: false)
            try await shell.type(click + click)
            let ads = try await shell.waitFor("the ads of “\(name)”") { screen in
                screen.contains("Rejected for") && screen.split(separator: "\n").contains { $0.contains("› \(name)") }
            }
            #expect(ads.contains("Review"))
            try await shell.quitPinwatch()
        }
    }
}
