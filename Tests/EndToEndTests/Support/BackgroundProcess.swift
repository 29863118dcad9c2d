import Foundation
import Synchronization

/// A program left running while a test talks to it (the exporter, Prometheus): its output is
/// collected as it comes, and it is terminated when the test is done or the value is released.
final class BackgroundProcess: Sendable {
    let name: String
    private let process: Process
    private let output = Output()

    /// What the process printed, appended to from the pipe's handler.
    private final class Output: Sendable {
        let text = Mutex("")
    }

    /// Starts `executable arguments` with `environment` (the caller's when nil), standard input
    /// from /dev/null, standard output and error collected together.
    init(_ name: String, executable: String, arguments: [String], environment: [String: String]? = nil) throws {
        self.name = name
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
    }

    deinit {
        if process.isRunning { process.interrupt() }
    }

    /// Everything printed so far.
    var printed: String { output.text.withLock { $0 } }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }

    /// Waits until `extract` finds something in the output, the process ends, or `timeout` passes.
    func waitForOutput<T>(timeout: TimeInterval, _ what: String, _ extract: (String) -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let found = extract(printed) { return found }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        if let found = extract(printed) { return found }
        throw E2EError("\(name): no \(what) within \(timeout) s (running: \(process.isRunning))\n\(printed)")
    }

    /// Sends SIGTERM and waits up to `timeout` for the exit; returns the exit status.
    @discardableResult
    func terminate(timeout: TimeInterval = 10) async throws -> Int32 {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            throw E2EError("\(name) did not exit within \(timeout) s of SIGTERM\n\(printed)")
        }
        return process.terminationStatus
    }
}
