import Logging

/// A log handler at trace level that hands every event, with the handler's own metadata, to a
/// closure: for tests that read, or act on, what the code under test logs.
public struct ClosureLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace
    private let body: @Sendable (LogEvent, Logger.Metadata) -> Void

    /// A handler calling `body` for every event.
    public init(_ body: @escaping @Sendable (LogEvent, Logger.Metadata) -> Void) {
        self.body = body
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        body(event, metadata)
    }

    /// A logger at trace level whose every event goes to `body`.
    public static func logger(_ body: @escaping @Sendable (LogEvent, Logger.Metadata) -> Void) -> Logger {
        var logger = Logger(label: "pinwatch.test") { _ in ClosureLogHandler(body) }
        logger.logLevel = .trace
        return logger
    }
}
