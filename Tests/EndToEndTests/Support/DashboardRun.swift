import Foundation
import PinwatchTestSupport

/// The dashboard running in tmux the way a person starts it: from a shell, which afterwards prints
/// pinwatch's exit status and `stty -a` (so a test can see whether the terminal was given back).
final class DashboardRun {
    let scratch: Scratch
    let tmux: TmuxSession
    private let pidFile: String

    /// Starts `pinwatch arguments` in a `width`×`height` window, with a clean home and `environment`.
    /// Several runs may share one `scratch` (one home and cache) under different `name`s.
    init(_ arguments: [String], environment: [String: String] = [:], width: Int = 120, height: Int = 40,
         scratch: Scratch? = nil, name: String = "pinwatch") throws {
        let scratch = try scratch ?? Scratch()
        self.scratch = scratch
        let binary = try Pinwatch.binary()
        pidFile = scratch.path + "/\(name).pid"
        let command = ([binary] + arguments).map(TmuxSession.shellQuote).joined(separator: " ")
        // run.sh records its own pid and then becomes pinwatch, which so stays in the foreground.
        let run = try scratch.writeScript("\(name)-run.sh", "echo $$ > \(TmuxSession.shellQuote(pidFile))\nexec \(command)")
        let outer = try scratch.writeScript("\(name)-outer.sh", """
            \(TmuxSession.shellQuote(run))
            echo "pinwatch exited with $?"
            stty -a
            sleep 120
            """)
        var env = scratch.environment(environment)
        env["TERM"] = env["TERM"] ?? "screen"
        tmux = try TmuxSession(width: width, height: height, command: ["/bin/sh", outer], environment: env,
                               inheritEnvironment: false)
    }

    /// The dashboard against a test sandbox: its URL, a token, the demo account and a 2 s cadence.
    convenience init(sandbox baseURL: URL, extraArguments: [String] = [], width: Int = 120, height: Int = 40) throws {
        try self.init(["--base-url", baseURL.absoluteString, "--account", "549755885175", "--refresh", "2"]
                        + extraArguments,
                      environment: ["PINTEREST_ACCESS_TOKEN": "test-token"], width: width, height: height)
    }

    deinit { tmux.kill() }

    /// The pid of the pinwatch process (waits briefly for the launcher to record it).
    func pid() async throws -> pid_t {
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw E2EError("pinwatch's pid was never written to \(pidFile)")
    }

    /// Whether the pinwatch process still runs.
    func isAlive() async throws -> Bool {
        kill(try await pid(), 0) == 0
    }

    /// Waits for the ad groups table of the demo account.
    @discardableResult
    func waitForAdGroups(timeout: TimeInterval = 30) async throws -> String {
        try await tmux.waitFor(timeout: timeout, "the ad groups table") {
            $0.contains("Ad groups") && $0.contains("Ad Group For Pin: 687195905986")
        }
    }

    /// Narrows the table to rows matching `text` with the `/` filter.
    func filter(_ text: String) async throws {
        try await tmux.send("/")
        try await tmux.send(text, literal: true)
        try await tmux.send("Enter")
    }
}

/// Helpers to read a captured screen.
enum Screen {
    /// The first line containing `text`, or nil.
    static func line(containing text: String, in screen: String) -> String? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).first { $0.contains(text) }
    }

    /// The table's header line (it starts with the Name column).
    static func header(in screen: String) -> String? {
        screen.split(separator: "\n").map(String.init).first {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("Name") && $0.contains("Status")
        }
    }

    /// The number of columns a header line names (columns are two or more spaces apart).
    static func columnCount(_ header: String) -> Int {
        header.split(separator: "  ", omittingEmptySubsequences: true)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
    }
}
