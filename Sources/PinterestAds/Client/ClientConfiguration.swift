import Foundation

/// How `PinterestClient` paces and retries requests. Time is injectable so tests never really wait.
public struct ClientConfiguration: Sendable {
    /// Seconds to wait for each response.
    public var requestTimeout: TimeInterval
    /// How many times a GET is retried after a retryable failure (transport error, 5xx, short 429).
    public var maxGETRetries: Int
    /// The first retry delay, doubled on each further retry.
    public var backoffBase: TimeInterval
    /// The longest retry delay.
    public var backoffCap: TimeInterval
    /// Items per page asked of list endpoints (1…250).
    public var pageSize: Int
    /// The longest rate-limit wait a GET sits out before retrying; longer ones throw `.rateLimited`.
    public var maxRateLimitWait: TimeInterval
    /// Suspends for a number of seconds (`Task.sleep` by default).
    public var sleep: @Sendable (TimeInterval) async throws -> Void
    /// The current time.
    public var now: @Sendable () -> Date
    /// A random number in 0…1 for backoff jitter.
    public var jitter: @Sendable () -> Double
    /// Where each request sent is counted by rate-limit category (nil: not counted).
    public var requestLedger: (any RequestLedger)?
    /// Called with the `x-ratelimit-*` headers of each response that has them (how the tier is learnt).
    public var onRateLimitHeaders: (@Sendable (RateLimitHeaders) -> Void)?

    /// Creates a configuration; the defaults suit the real API.
    public init(requestTimeout: TimeInterval = 20, maxGETRetries: Int = 3, backoffBase: TimeInterval = 0.5,
                backoffCap: TimeInterval = 8, pageSize: Int = 250, maxRateLimitWait: TimeInterval = 10,
                sleep: @escaping @Sendable (TimeInterval) async throws -> Void = ClientConfiguration.taskSleep,
                now: @escaping @Sendable () -> Date = { Date() },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                requestLedger: (any RequestLedger)? = nil,
                onRateLimitHeaders: (@Sendable (RateLimitHeaders) -> Void)? = nil) {
        self.requestTimeout = requestTimeout
        self.maxGETRetries = max(0, maxGETRetries)
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.pageSize = min(250, max(1, pageSize))
        self.maxRateLimitWait = maxRateLimitWait
        self.sleep = sleep
        self.now = now
        self.jitter = jitter
        self.requestLedger = requestLedger
        self.onRateLimitHeaders = onRateLimitHeaders
    }

    /// Sleeps with `Task.sleep`.
    public static let taskSleep: @Sendable (TimeInterval) async throws -> Void = { seconds in
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1_000_000_000))
    }

    /// The delay before retry number `attempt` (0-based): capped exponential backoff with
    /// "equal jitter" (half fixed, half random), so clients that failed together spread out.
    public func backoffDelay(attempt: Int) -> TimeInterval {
        let exponential = backoffBase * pow(2, Double(min(max(attempt, 0), 30)))
        let capped = min(backoffCap, exponential)
        let random = min(1, max(0, jitter()))
        return capped / 2 + capped / 2 * random
    }
}
