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

    /// Starts `command` in a new session of `width`×`height`. The command sees `environment` and
    /// nothing else (`env -i`): a token or XDG path of the person running the tests never leaks in.
    init(width: Int, height: Int, command: [String], environment: [String: String] = [:]) throws {
        guard let tmux = TmuxSession.tmuxPath else {
            throw TmuxError(description: "tmux is not installed: the end-to-end tests need it "
                + "(apt-get install tmux; .ci/run installs it)")
        }
        self.tmuxPath = tmux
        socket = "pinwatch-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let env = environment.map { "\($0.key)=\(TmuxSession.shellQuote($0.value))" }.joined(separator: " ")
        let line = "env -i \(env) " + command.map(TmuxSession.shellQuote).joined(separator: " ")
        // remain-on-exit keeps the pane (and what the program left on it) readable after it exits.
        try runBlocking(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", line])
        try runBlocking(["set-option", "-t", name, "remain-on-exit", "on"])
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
    func send(_ keys: String..., literal: Bool = false) async throws {
        try await run(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text, one line per row.
    func capture() async throws -> String {
        try await run(["capture-pane", "-p", "-t", name])
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) async throws {
        try await run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the program in the pane has exited.
    func paneIsDead() async throws -> Bool {
        try await run(["display-message", "-p", "-t", name, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The pid of the program in the pane.
    func panePID() async throws -> pid_t {
        let text = try await run(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TmuxError(description: "no pane pid in \(text)")
        }
        return pid
    }

    /// Waits until `predicate` holds for the screen, polling every 50 ms; returns the screen.
    /// It sleeps with `Task.sleep`, not `usleep`: an in-process sandbox serves the program from the
    /// same small thread pool, and a blocked pool thread would starve it.
    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ what: String,
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
    func waitFor(_ text: String, timeout: TimeInterval = 20) async throws -> String {
        try await waitFor(timeout: timeout, "“\(text)”") { $0.contains(text) }
    }

    /// Ends the session and its server.
    func kill() {
        guard isRunning else { return }
        isRunning = false
        // tmux 3.3a can answer `kill-server` and keep running with the session and its program
        // alive; ending the session first ends the program and then the server.
        _ = try? runBlocking(["kill-session", "-t", name])
        _ = try? runBlocking(["kill-server"])
    }

    /// Runs a tmux command on a dispatch thread: waiting for it must not hold a thread of the small
    /// shared pool, which an in-process sandbox needs to answer the program under test.
    @discardableResult
    private func run(_ arguments: [String]) async throws -> String {
        let (tmuxPath, socket) = (self.tmuxPath, self.socket)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try TmuxSession.execute(tmuxPath, socket: socket, arguments) })
            }
        }
    }

    @discardableResult
    private func runBlocking(_ arguments: [String]) throws -> String {
        try TmuxSession.execute(tmuxPath, socket: socket, arguments)
    }

    /// Runs `tmux -L socket arguments` and returns what it printed; throws if it failed.
    private static func execute(_ tmuxPath: String, socket: String, _ arguments: [String]) throws -> String {
        // posix_spawn and waitpid rather than Foundation's Process, whose exit monitoring never saw
        // the client of `new-session` finish (it stayed a zombie and the wait hung). Output goes to
        // a file, not a pipe: the server that `new-session` forks inherits the client's stdout and
        // would keep a pipe open for its whole life.
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("pinwatch-tmux-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = [tmuxPath, "-L", socket] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmuxPath, &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw TmuxError(description: "cannot start tmux: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TmuxError(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let text = String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
        // Exited normally with status 0 (WIFEXITED and WEXITSTATUS, which Swift does not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw TmuxError(description: "tmux \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
