import ArgumentParser
import Foundation
import Logging

/// Where logs go: a file given with `--log-file` (0600), else nowhere. Never the terminal.
enum LogSetup {
    /// A logger writing to `logFile` at debug level (`PINWATCH_LOG_LEVEL` overrides), or a silent one.
    static func make(logFile: String?, label: String = "pinwatch") throws -> Logger {
        guard let logFile else {
            return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        }
        let sink = try FileLogHandler.Sink(path: logFile)
        let level = ProcessInfo.processInfo.environment["PINWATCH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return Logger(label: label, factory: { FileLogHandler(label: $0, sink: sink, level: level) })
    }
}

extension CleanExit {
    /// Prints a user error as one sentence plus what to do, and exits with its code.
    static func failure(_ error: any Error) -> any Error {
        guard let error = error as? UserError else { return error }
        FileHandle.standardError.write(Data("pinwatch: \(error.description)\n".utf8))
        return ExitCode(error.exitCode)
    }
}

extension LogSetup {
    /// `make`, with a failure to open the file as a `UserError`.
    static func makeOrFail(logFile: String?) throws(UserError) -> Logger {
        do {
            return try make(logFile: logFile)
        } catch let error as UserError {
            throw error
        } catch {
            throw UserError("Cannot open the log file: \(error).", hint: "Choose a writable path for --log-file.")
        }
    }
}
