import Foundation
import PinwatchTestSupport

/// A failure of the end-to-end machinery itself (not of the behaviour under test).
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A private folder for one test: HOME and the XDG directories live inside, so a run never reads
/// or writes the real home. Removed when released.
final class Scratch {
    let url: URL

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/pinwatch-e2e-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw E2EError("mkdtemp failed: \(String(cString: strerror(errno)))") }
        url = URL(fileURLWithPath: String(cString: made))
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }
    var home: String { path + "/home" }
    var configHome: String { path + "/config" }
    var stateHome: String { path + "/state" }
    var cacheHome: String { path + "/cache" }
    var auditLog: String { stateHome + "/pinwatch/audit.log" }
    var configFile: String { configHome + "/pinwatch/config.toml" }

    /// The whole environment a pinwatch run gets: a clean home, UTF-8, and `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": home,
            "XDG_CONFIG_HOME": configHome,
            "XDG_STATE_HOME": stateHome,
            "XDG_CACHE_HOME": cacheHome,
            "LANG": "C.UTF-8",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Writes `text` to the config file with `mode` and returns its path.
    @discardableResult
    func writeConfig(_ text: String, mode: mode_t = 0o600) throws -> String {
        try FileManager.default.createDirectory(atPath: configHome + "/pinwatch", withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: configFile))
        guard chmod(configFile, mode) == 0 else { throw E2EError("chmod \(configFile) failed") }
        return configFile
    }

    /// Writes an executable shell script and returns its path.
    func writeScript(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try Data(("#!/bin/sh\n" + text + "\n").utf8).write(to: URL(fileURLWithPath: file))
        guard chmod(file, 0o755) == 0 else { throw E2EError("chmod \(file) failed") }
        return file
    }
}

/// What a finished pinwatch run printed and returned.
struct RunResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }

    /// Non-empty lines of standard error.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init).filter { !$0.isEmpty } }
}

/// Runs the built `pinwatch` binary as a child process.
enum Pinwatch {
    /// The binary, or a clear error when it has not been built.
    static func binary() throws -> String {
        let url = BuiltProducts.pinwatch
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw E2EError("""
                the pinwatch binary is not at \(url.path): build it before the tests with \
                `swift build --build-tests` (or `swift build`), or point PINWATCH_BINARY at it
                """)
        }
        return url.path
    }

    /// Runs `pinwatch arguments` with exactly `environment`, standard input from /dev/null, and waits
    /// (at most `timeout` seconds, then it is killed and the run fails). Nothing here blocks a thread
    /// of the shared pool: an in-process sandbox needs those to answer the child.
    static func run(_ arguments: [String], environment: [String: String],
                    timeout: TimeInterval = 60) async throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = AsyncStream<Int32>.makeStream(of: Int32.self)
        process.terminationHandler = { finished in
            exited.continuation.yield(finished.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        let started = Date()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        async let stdout = readToEnd(out.fileHandleForReading)
        async let stderr = readToEnd(err.fileHandleForReading)
        var status: Int32 = -1
        for await value in exited.stream { status = value }
        let result = RunResult(status: status, stdout: await stdout, stderr: await stderr)
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal && Date().timeIntervalSince(started) >= timeout {
            throw E2EError("pinwatch \(arguments.joined(separator: " ")) did not finish within \(timeout)s\n\(result)")
        }
        return result
    }

    /// Reads a pipe to its end on a dispatch thread.
    private static func readToEnd(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
