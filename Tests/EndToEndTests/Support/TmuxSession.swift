import Foundation

/// Errors from driving tmux in end-to-end tests.
struct TmuxError: Error, CustomStringConvertible {
    let description: String
}

/// Runs a program inside a detached tmux session on a private server socket, types keys into it
/// and reads the screen, the way a person at a terminal would.
final class TmuxSession {
    let socket: String
    let name = "pinwatch"
    private(set) var isRunning = true

    /// Starts `command` in a new session of `width`×`height` with `environment` added.
    init(width: Int, height: Int, command: [String], environment: [String: String] = [:]) throws {
        guard let tmux = TmuxSession.tmuxPath else {
            throw TmuxError(description: "tmux is not installed: the end-to-end tests need it "
                + "(apt-get install tmux; .ci/run installs it)")
        }
        self.tmuxPath = tmux
        socket = "pinwatch-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let env = environment.map { "\($0.key)=\(TmuxSession.shellQuote($0.value))" }.joined(separator: " ")
        let line = (env.isEmpty ? "" : "env \(env) ") + command.map(TmuxSession.shellQuote).joined(separator: " ")
        // remain-on-exit keeps the pane (and what the program left on it) readable after it exits.
        try run(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", line])
        try run(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    private let tmuxPath: String

    deinit { kill() }

    /// The tmux binary, if installed.
    static var tmuxPath: String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin", "/opt/homebrew/bin"] {
            let path = dir + "/tmux"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Types keys: tmux key names ("Enter", "Escape", "C-c", "Up") or literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text, one line per row.
    func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", name])
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the program in the pane has exited.
    func paneIsDead() throws -> Bool {
        try run(["display-message", "-p", "-t", name, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The pid of the program in the pane.
    func panePID() throws -> pid_t {
        let text = try run(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TmuxError(description: "no pane pid in \(text)")
        }
        return pid
    }

    /// Waits until `predicate` holds for the screen, polling every 50 ms; returns the screen.
    @discardableResult
    func waitFor(timeout: TimeInterval = 10, _ what: String,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            usleep(50_000)
        }
        throw TmuxError(description: "timed out after \(timeout)s waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor(timeout: timeout, "“\(text)”") { $0.contains(text) }
    }

    /// Ends the session and its server.
    func kill() {
        guard isRunning else { return }
        isRunning = false
        _ = try? run(["kill-server"])
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tmuxPath)
        process.arguments = ["-L", socket] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TmuxError(description: "tmux \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Finds the built `pinwatch` binary next to the running test bundle.
enum BuiltProducts {
    static var pinwatch: URL {
        if let override = ProcessInfo.processInfo.environment["PINWATCH_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // Swift Testing on Linux may run from inside the .xctest bundle folder.
        if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("pinwatch")
    }
}
