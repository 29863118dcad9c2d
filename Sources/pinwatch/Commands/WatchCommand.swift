import AdsCache
import ArgumentParser
import Dispatch
import Foundation
import Logging
import Synchronization

/// `pinwatch watch`: the dashboard's engine and alert rules without a terminal, for a server or a
/// systemd unit. Logs to `--log-file` or standard error, runs the `[alerts] command` hook, and
/// on SIGTERM (or SIGINT) stops refreshing, hands every alert given to the hook, saves the cache
/// and exits 0.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch an account with no terminal: alerts go to the log and the [alerts] command.",
        discussion: "Stops cleanly, exit code 0, on SIGTERM or SIGINT.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Ad groups refresh every SECONDS (default 30); the other cadences scale with it.", valueName: "seconds"))
    var refresh: Double?

    func validate() throws {
        if let refresh, !(refresh >= 1 && refresh <= 86_400) {
            throw ValidationError("--refresh must be between 1 and 86400 seconds.")
        }
    }

    func run() async throws {
        do {
            try await watch()
        } catch {
            throw CleanExit.failure(error)
        }
    }

    private func watch() async throws(UserError) {
        let logger = try Self.logger(logFile: connection.logFile)
        // Signals are taken before anything starts, so a SIGTERM during start-up is not lost.
        let stop = StopSignal(signals: [SIGTERM, SIGINT])
        let session = try await Session.open(connection, logger: logger)
        let account: String
        if let wanted = session.requestedAccountID, session.hasCache(accountID: wanted) {
            account = wanted
        } else {
            account = try await session.resolveAccount().account.id
        }
        let connection = session.connect(accountID: account, refresh: session.refreshConfiguration(adGroupsSeconds: refresh))
        let hook = session.alertHook()
        let monitor = session.alertMonitor(for: connection) { alerts in
            hook?.run(alerts)
        }
        monitor.start()
        connection.engine.start()
        logger.notice("Watching ad account \(account)\(hook == nil ? "" : ", alerts go to the command")")
        let signal = await stop.wait()
        logger.notice("Signal \(signal): stopping")
        // No publication after the engine stops; every snapshot it published is judged, every
        // alert given reaches the hook, then the process may go.
        connection.engine.stop()
        monitor.stop()
        hook?.drain()
        await session.close()
        logger.notice("Stopped")
    }

    /// Logs to the file when given, else to standard error (info and up).
    static func logger(logFile: String?) throws(UserError) -> Logger {
        if logFile != nil { return try LogSetup.makeOrFail(logFile: logFile) }
        let level = ProcessInfo.processInfo.environment["PINWATCH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let sink = FileLogHandler.Sink(standardError: ())
        return Logger(label: "pinwatch") { FileLogHandler(label: $0, sink: sink, level: level) }
    }
}

/// Waits for one of some signals, taken from their default action by dispatch sources (no
/// polling, and safe: nothing runs in a signal handler).
final class StopSignal: Sendable {
    private let state = Mutex<(received: Int32?, waiter: CheckedContinuation<Int32, Never>?, sources: [any DispatchSourceSignal])>((nil, nil, []))
    private let queue = DispatchQueue(label: "pinwatch.signals")

    init(signals: [Int32]) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            sources.append(source)
        }
        state.withLock { $0.sources = sources }
    }

    /// The first signal received (at once if one came already).
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Int32? in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func received(_ number: Int32) {
        let waiter = state.withLock { state -> CheckedContinuation<Int32, Never>? in
            guard state.received == nil else { return nil }
            state.received = number
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: number)
    }
}
