import Foundation
import Logging
@testable import PinterestAds
import PinwatchTestSupport

/// A value behind a lock, for test doubles shared with the client's tasks.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withValue<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    var current: Value { withValue { $0 } }
}

/// A clock the client reads and sleeps on: sleeping records the delay and moves time forward.
final class TestClock: Sendable {
    private let state = Locked((now: Date(timeIntervalSince1970: 1_800_000_000), sleeps: [TimeInterval]()))

    var now: Date { state.current.now }
    var sleeps: [TimeInterval] { state.current.sleeps }

    func advance(by seconds: TimeInterval) {
        state.withValue { $0.now = $0.now.addingTimeInterval(seconds) }
    }

    func sleep(_ seconds: TimeInterval) {
        state.withValue {
            $0.sleeps.append(seconds)
            $0.now = $0.now.addingTimeInterval(seconds)
        }
    }

    /// A configuration that uses this clock and a fixed jitter. The default timeout is generous:
    /// only the timeout tests should time out, not a test that met a stall of the shared CI machine
    /// (a PATCH is never retried, so one stalled request would fail a test about chunking).
    func configuration(timeout: TimeInterval = 30, retries: Int = 3, pageSize: Int = 250,
                       maxRateLimitWait: TimeInterval = 10) -> ClientConfiguration {
        ClientConfiguration(requestTimeout: timeout, maxGETRetries: retries, pageSize: pageSize,
                            maxRateLimitWait: maxRateLimitWait,
                            sleep: { [self] in self.sleep($0) }, now: { [self] in self.now }, jitter: { 0.5 })
    }
}

/// Collects every log line (message and metadata) a logger writes.
enum CapturingLogHandler {
    /// A logger at trace level writing into `lines`.
    static func logger(into lines: Locked<[String]>) -> Logger {
        ClosureLogHandler.logger { event, metadata in
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.withValue { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}

/// A secret that must never leak.
let secretToken = "pina_SECRET-token-4f9c2e7b"

/// A client pointed at a scripted server.
func makeClient(_ server: ScriptedHTTPServer, clock: TestClock, credentials: Credentials? = nil,
                configuration: ClientConfiguration? = nil, logger: Logger? = nil,
                onTokenRefreshed: (@Sendable (String) -> Void)? = nil) -> PinterestClient {
    PinterestClient(baseURL: server.baseURL.appendingPathComponent("v5"),
                    credentials: credentials ?? Credentials(accessToken: secretToken),
                    configuration: configuration ?? clock.configuration(), logger: logger,
                    onTokenRefreshed: onTokenRefreshed)
}

/// JSON for a page of objects with the given ids.
func pageJSON(ids: [String], bookmark: String?, extra: String = "") -> String {
    let items = ids.map { #"{"id": "\#($0)", "status": "ACTIVE"\#(extra)}"# }.joined(separator: ",")
    let mark = bookmark.map { #""\#($0)""# } ?? "null"
    return #"{"items": [\#(items)], "bookmark": \#(mark)}"#
}

/// Runs `body` and returns the PinterestError it throws, or nil.
func capture<T>(_ body: () async throws(PinterestError) -> T) async -> PinterestError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
