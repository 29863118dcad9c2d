import Foundation
import Synchronization

/// Errors from driving tmux in end-to-end and robustness tests.
public struct TmuxError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// Creates an error.
    public init(description: String) { self.description = description }
}

/// Runs a program inside a detached tmux session on a private server socket, types keys into it
/// and reads the screen, the way a person at a terminal would.
///
/// Every command has a blocking form and an `async` one of the same name; the `async` one runs the
/// tmux client on a thread of its own (`offPool`), so a test whose sandbox answers on
/// the cooperative pool does not starve it while it waits for tmux.
public final class TmuxSession: Sendable {
    /// The private tmux server socket name (`tmux -L`).
    public let socket: String
    /// The session name.
    public let name = "pinwatch"
    private let running = Mutex(true)
    /// Whether the tmux server is still up (until `kill()`).
    public var isRunning: Bool { running.withLock { $0 } }

    /// Starts `command` in a new session of `width`×`height` with `environment` added to the test
    /// process's own; with `inheritEnvironment: false` the command sees `environment` and nothing
    /// else (`env -i`), so a token or XDG path of the person running the tests never leaks in.
    public init(width: Int, height: Int, command: [String], environment: [String: String] = [:],
                inheritEnvironment: Bool = true) throws {
        guard let tmux = TmuxSession.tmuxPath else {
            throw TmuxError(description: "tmux is not installed: the end-to-end tests need it "
                + "(apt-get install tmux; .ci/run installs it)")
        }
        self.tmuxPath = tmux
        socket = "pinwatch-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let env = environment.map { "\($0.key)=\(TmuxSession.shellQuote($0.value))" }.joined(separator: " ")
        let prefix = inheritEnvironment ? (env.isEmpty ? "" : "env \(env) ") : "env -i \(env) "
        let line = prefix + command.map(TmuxSession.shellQuote).joined(separator: " ")
        // remain-on-exit keeps the pane (and what the program left on it) readable after it exits.
        try run(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", line])
        try run(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    private let tmuxPath: String

    deinit { kill() }

    /// The tmux binary, if installed.
    public static var tmuxPath: String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin", "/opt/homebrew/bin"] {
            let path = dir + "/tmux"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Types keys: tmux key names ("Enter", "Escape", "C-c", "Up") or literal text with `literal`.
    public func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text, one line per row.
    public func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", name])
    }

    /// Resizes the window.
    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the program in the pane has exited.
    public func paneIsDead() throws -> Bool {
        try run(["display-message", "-p", "-t", name, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The pid of the program in the pane.
    public func panePID() throws -> pid_t {
        let text = try run(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TmuxError(description: "no pane pid in \(text)")
        }
        return pid
    }

    /// Waits until `predicate` holds for the screen, polling every 50 ms; returns the screen.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 10, _ what: String,
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
    public func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor(timeout: timeout, "“\(text)”") { $0.contains(text) }
    }

    /// Appends every byte the program writes to the pane to `path` (tmux `pipe-pane`), escape
    /// sequences included, for tests that check what reaches the terminal.
    public func recordOutput(to path: String) throws {
        try run(["pipe-pane", "-o", "-t", name, "cat >> " + TmuxSession.shellQuote(path)])
    }

    /// Runs any tmux command against this session's server and returns its output.
    @discardableResult
    public func command(_ arguments: [String]) throws -> String {
        try run(arguments)
    }

    /// Ends the session and its server.
    public func kill() {
        guard running.withLock({ running in defer { running = false }; return running }) else { return }
        // tmux 3.3a can answer `kill-server` and keep running with the session and its program
        // alive; ending the session first ends the program and then the server.
        _ = try? run(["kill-session", "-t", name])
        _ = try? run(["kill-server"])
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        // Output goes to a file, not a pipe: the server that `new-session` forks inherits the
        // client's stdout, so reading a pipe to its end would wait for the server to exit. The
        // client is spawned and reaped with posix_spawn/waitpid: Foundation's Process did not
        // always notice a tmux client exiting (its zombie stayed, waitUntilExit never returned).
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("tmux-output-\(getpid())-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        let status = try Self.spawnAndWait([tmuxPath, "-L", socket] + arguments, outputPath: outputPath)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        guard status == 0 else {
            throw TmuxError(description: "tmux \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
        }
        return text
    }

    /// Runs `argv` with stdin from /dev/null and stdout and stderr into `outputPath`; returns the
    /// exit status (or 128 + signal).
    private static func spawnAndWait(_ argv: [String], outputPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process (sandbox sockets, pipes) may leak into tmux's server,
        // which would keep them open for its whole life. (glibc ignores a close of an fd that
        // another thread closed meanwhile.)
        for fd in Self.openDescriptors() where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // Dispatch worker threads block signals, and a spawned process inherits the mask: the tmux
        // server would then ignore the SIGTERM that `kill-server` sends it. Start from defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard spawned == 0 else {
            throw TmuxError(description: "cannot start \(argv[0]): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TmuxError(description: "waitpid failed: errno \(errno)") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// The file descriptors open in this process.
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    // MARK: - The same commands for async tests

    /// Types keys (see the blocking form).
    public func send(_ keys: String..., literal: Bool = false) async throws {
        try await offPool { [self] in _ = try run(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys) }
    }

    /// The visible screen as text (see the blocking form).
    public func capture() async throws -> String {
        try await offPool { [self] in try capture() }
    }

    /// Resizes the window (see the blocking form).
    public func resize(width: Int, height: Int) async throws {
        try await offPool { [self] in try resize(width: width, height: height) }
    }

    /// Waits until `predicate` holds for the screen, polling every 50 ms; returns the screen.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 10, _ what: String,
                        _ predicate: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try await capture()
            if predicate(screen) { return screen }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TmuxError(description: "timed out after \(timeout)s waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 10) async throws -> String {
        try await waitFor(timeout: timeout, "“\(text)”") { $0.contains(text) }
    }

    public static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Finds the built `pinwatch` binary next to the running test bundle.
public enum BuiltProducts {
    /// The `pinwatch` executable (or `$PINWATCH_BINARY`).
    public static var pinwatch: URL {
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
