import AdsCache
import Dispatch
import Foundation
import Logging
import Synchronization

/// The command of `[alerts] command`, run through `/bin/sh -c` once per alert with the alert as one
/// JSON object on its standard input. Runs one at a time on a queue of its own (never the UI
/// thread), each stopped after `timeout`; a failure, a timeout or words on its standard error are
/// logged. Its output never reaches the terminal, and Pinterest secrets are not in its environment.
final class AlertHook: Sendable {
    let command: String
    let timeout: TimeInterval
    private let logger: Logger
    private let queue = DispatchQueue(label: "pinwatch.alerts.hook", qos: .utility)
    private let environment: [String: String]

    /// Variables never passed to the command.
    static let secretVariables: Set<String> = ["PINTEREST_ACCESS_TOKEN", "PINTEREST_REFRESH_ACCESS_TOKEN",
                                               "PINTEREST_APP_SECRET"]

    init(command: String, timeout: TimeInterval = 10, logger: Logger,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.command = command
        self.timeout = timeout
        self.logger = logger
        self.environment = environment.filter { !Self.secretVariables.contains($0.key) }
        // A command that exits without reading its input must not take Pinwatch down with it:
        // writing to the closed pipe then fails with EPIPE, which is logged.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Queues one run per alert.
    func run(_ alerts: [Alert]) {
        for alert in alerts {
            queue.async { self.runOnce(alert) }
        }
    }

    /// Waits until every run queued so far has finished (or been stopped by its timeout).
    func drain() {
        queue.sync {}
    }

    private func runOnce(_ alert: Alert) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            logger.error("Alert command could not start: \(error)")
            return
        }
        // The error output is read while the command runs, so a chatty command never blocks.
        let errorText = Mutex<Data>(Data())
        let reading = DispatchGroup()
        DispatchQueue.global(qos: .utility).async(group: reading) {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = data }
        }
        do {
            try input.fileHandleForWriting.write(contentsOf: alert.hookJSON)
        } catch {
            // A command may have no use for its input and exit at once (the pipe is then broken).
            logger.debug("Alert command did not read its input: \(error)")
        }
        try? input.fileHandleForWriting.close()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
            logger.error("Alert command timed out after \(Int(timeout)) s and was stopped (alert \(alert.kind.rawValue) \(alert.entityID))")
        } else if process.terminationStatus != 0 {
            logger.error("Alert command failed with status \(process.terminationStatus) (alert \(alert.kind.rawValue) \(alert.entityID))")
        }
        _ = reading.wait(timeout: .now() + 2)
        let text = String(decoding: errorText.withLock { $0 }.prefix(2_000), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { logger.warning("Alert command said: \(text)") }
    }
}
