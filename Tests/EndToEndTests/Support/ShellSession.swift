import Foundation
import PinwatchTestSupport

/// An interactive bash (job control on) in tmux, from which a test starts pinwatch by typing its
/// command line, as a person does: what Ctrl-Z and `fg` need, which a script's shell lacks.
final class ShellSession: @unchecked Sendable {
    /// What the prompt shows (a captured screen drops its trailing space).
    static let prompt = "pw-shell$"

    let scratch: Scratch
    let tmux: PinwatchTestSupport.TmuxSession
    /// Every byte written to the pane once recording started.
    let transcript: String

    /// Starts bash in a `width`×`height` window with a clean home; TERM defaults to `screen`.
    init(width: Int = 120, height: Int = 40, environment: [String: String] = [:]) async throws {
        scratch = try Scratch()
        transcript = scratch.path + "/transcript.bin"
        var env = scratch.environment(["TERM": "screen", "PS1": ShellSession.prompt + " "])
        env.merge(environment) { $1 }
        let command = ["env", "-i"] + env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ["bash", "--norc", "--noprofile", "-i"]
        let (width, height) = (width, height)
        tmux = try await offPool { try PinwatchTestSupport.TmuxSession(width: width, height: height, command: command) }
        try await waitFor("the shell prompt") { $0.contains(ShellSession.prompt) }
        let transcript = self.transcript
        try await onTmux { try $0.recordOutput(to: transcript) }
    }

    deinit { tmux.kill() }

    /// Types `pinwatch arguments` and Enter.
    func startPinwatch(_ arguments: [String]) async throws {
        let line = ([BuiltProducts.pinwatch.path] + arguments).map(PinwatchTestSupport.TmuxSession.shellQuote)
            .joined(separator: " ")
        try await type(line)
        try await send("Enter")
    }

    /// Quits pinwatch with `q` and waits for the shell's prompt to come back.
    func quitPinwatch() async throws {
        try await type("q")
        try await waitFor("the prompt after quitting") { ShellSession.lastLine($0).hasPrefix(ShellSession.prompt) }
    }

    /// The last line of a screen that is not empty.
    static func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// Types text literally.
    func type(_ text: String) async throws {
        try await onTmux { try $0.send(text, literal: true) }
    }

    /// Sends tmux key names ("Enter", "C-z").
    func send(_ keys: String...) async throws {
        try await onTmux { tmux in for key in keys { try tmux.send(key) } }
    }

    /// The screen now.
    func capture() async throws -> String {
        try await onTmux { try $0.capture() }
    }

    /// Waits (polling every 50 ms, until `timeout`) for `predicate` to hold for the screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, _ predicate: @escaping (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try await capture()
            if predicate(screen) { return screen }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw E2EError("timed out after \(Int(timeout)) s waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits for the demo account's ad groups table.
    @discardableResult
    func waitForAdGroups() async throws -> String {
        try await waitFor("the ad groups table") { $0.contains("Ad groups") && $0.contains("Ad Group For Pin: 687195905986") }
    }

    /// The pid of the shell's child (the program started from it).
    func childPID() async throws -> pid_t {
        let shell = try await onTmux { try $0.panePID() }
        var children = ""
        for _ in 0..<100 {
            children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").first.flatMap({ pid_t($0) }) { return pid }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw E2EError("the shell \(shell) has no child")
    }

    /// A process's state letter from /proc (`S` sleeping, `T` stopped, …), nil once it is gone.
    static func state(of pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[close...].dropFirst().first { $0 != " " }
    }

    /// Waits until `pid`'s state satisfies `predicate`; returns the state.
    @discardableResult
    func waitForState(of pid: pid_t, _ what: String, timeout: TimeInterval = 10,
                      _ predicate: (Character?) -> Bool) async throws -> Character? {
        let deadline = Date().addingTimeInterval(timeout)
        var state = Self.state(of: pid)
        while Date() < deadline {
            state = Self.state(of: pid)
            if predicate(state) { return state }
            try await Task.sleep(for: .milliseconds(50))
        }
        let screen = (try? await capture()) ?? ""
        throw E2EError("pinwatch (\(pid)) never got \(what): state \(state.map(String.init) ?? "gone"); screen:\n\(screen)")
    }

    /// The bytes recorded so far.
    func recorded() -> Data {
        FileManager.default.contents(atPath: transcript) ?? Data()
    }

    private func onTmux<T: Sendable>(_ body: @escaping @Sendable (PinwatchTestSupport.TmuxSession) throws -> T) async throws -> T {
        let tmux = self.tmux
        return try await offPool { try body(tmux) }
    }
}
