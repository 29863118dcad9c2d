import Foundation
import Testing

extension EndToEnd {
    /// `Ctrl-Z` and `fg` from an interactive shell, as the README promises.
    @Suite("Suspend and resume")
    struct SuspendTests {
        /// What stops the dashboard: the key, or a signal from outside.
        enum Stop: String, CaseIterable, CustomTestStringConvertible {
            case ctrlZ = "Ctrl-Z"
            case killTSTP = "kill -TSTP"
            var testDescription: String { rawValue }
        }

        /// Starts the demo from the shell and stops it; returns its pid once stopped with the
        /// shell prompt on screen.
        static func startAndStop(_ shell: ShellSession, by stop: Stop) async throws -> pid_t {
            try await shell.startPinwatch(["--demo"])
            try await shell.waitForAdGroups()
            let pid = try await shell.childPID()
            switch stop {
            case .ctrlZ: try await shell.send("C-z")
            case .killTSTP: #expect(kill(pid, SIGTSTP) == 0)
            }
            try await shell.waitForState(of: pid, "stopped (T)") { $0 == "T" }
            let screen = try await shell.waitFor("the shell's prompt after the stop") {
                $0.contains("Stopped") && ShellSession.lastLine($0).hasPrefix(ShellSession.prompt)
            }
            #expect(!screen.contains("Ad Group For Pin: 687195905986"), "the dashboard left the screen:\n\(screen)")
            return pid
        }

        @Test("stops the process and shows the shell; fg brings the dashboard back answering keys at once",
              arguments: Stop.allCases)
        func suspendAndResume(_ stop: Stop) async throws {
            let shell = try await ShellSession()
            let pid = try await Self.startAndStop(shell, by: stop)
            try await shell.type("fg")
            try await shell.send("Enter")
            try await shell.waitForAdGroups()
            #expect(ShellSession.state(of: pid) != "T")
            // In line mode "?" would wait for Enter; raw mode hands it over at once.
            try await shell.type("?")
            try await shell.waitFor("help, opened by one key") { $0.contains("Suspend to the shell") }
            try await shell.type("?")
            try await shell.waitFor("help closed") { !$0.contains("Suspend to the shell") }
            try await shell.quitPinwatch()
            try await shell.waitForState(of: pid, "exited") { $0 == nil || $0 == "Z" }
        }

        /// `ESC [ H ESC [ J`: TERM=screen's `clear`, which ncurses sends to repaint everything.
        static let clearScreen = Data("\u{1B}[H\u{1B}[J".utf8)

        static func occurrences(of needle: Data, in data: Data) -> Int {
            var count = 0
            var start = data.startIndex
            while let range = data.range(of: needle, in: start..<data.endIndex) {
                count += 1
                start = range.upperBound
            }
            return count
        }

        @Test("fg repaints the screen once, not twice", arguments: Stop.allCases)
        func fgRepaintsOnce(_ stop: Stop) async throws {
            let shell = try await ShellSession()
            let pid = try await Self.startAndStop(shell, by: stop)
            let before = shell.recorded().count
            try await shell.type("fg")
            try await shell.send("Enter")
            try await shell.waitForAdGroups()
            // Let any further repaint happen: one key's answer is drawn after everything queued before it.
            try await shell.type("?")
            try await shell.waitFor("help") { $0.contains("Suspend to the shell") }
            let afterFg = shell.recorded().dropFirst(before)
            let repaints = Self.occurrences(of: Self.clearScreen, in: Data(afterFg))
            #expect(repaints == 1, "full repaints after fg: \(repaints) (\(afterFg.count) bytes)")
            try await shell.quitPinwatch()
            try await shell.waitForState(of: pid, "exited") { $0 == nil || $0 == "Z" }
        }
    }
}
