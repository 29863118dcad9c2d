import Foundation

/// Misbehaviour the sandbox adds on purpose, settable at start and at run time
/// (`SandboxStore.setChaos`). Every switch has its own scope: all requests, or only those whose
/// path contains a substring.
public struct ChaosSettings: Sendable, Hashable {
    /// Which requests a switch applies to.
    public enum Scope: Sendable, Hashable {
        /// Every request.
        case all
        /// Requests whose path (e.g. `/v5/ad_accounts/1/ads`) contains this text.
        case pathContains(String)
        /// Requests with this method (`PATCH`, case-insensitive) whose path contains the text ("" for any
        /// path): a write can misbehave while the reads of the same path behave.
        case method(String, pathContains: String = "")

        /// Whether a request path is in scope, whatever its method.
        public func matches(_ path: String) -> Bool {
            switch self {
            case .all: true
            case .pathContains(let text): path.contains(text)
            case .method(_, let text): text.isEmpty || path.contains(text)
            }
        }

        /// Whether a request is in scope.
        public func matches(method: String, path: String) -> Bool {
            switch self {
            case .method(let wanted, _):
                wanted.caseInsensitiveCompare(method) == .orderedSame && matches(path)
            case .all, .pathContains:
                matches(path)
            }
        }
    }

    /// Answer 429 to every `every`-th request in scope, with `Retry-After: retryAfterSeconds`.
    public struct RateLimit: Sendable, Hashable {
        /// N: the N-th, 2N-th… request in scope is refused.
        public var every: Int
        /// The `Retry-After` header value, in seconds.
        public var retryAfterSeconds: Int
        /// Which requests count and may be refused.
        public var scope: Scope

        /// Creates a rate limit.
        public init(every: Int, retryAfterSeconds: Int = 1, scope: Scope = .all) {
            self.every = every
            self.retryAfterSeconds = retryAfterSeconds
            self.scope = scope
        }
    }

    /// Answer a 5xx to a share (0…1) of the requests in scope, drawn from a seeded generator.
    public struct ServerErrors: Sendable, Hashable {
        /// The share of requests that fail, 0…1.
        public var rate: Double
        /// Which requests may fail.
        public var scope: Scope

        /// Creates a server error rate.
        public init(rate: Double, scope: Scope = .all) {
            self.rate = rate
            self.scope = scope
        }
    }

    /// Delay every request in scope before answering.
    public struct Latency: Sendable, Hashable {
        /// The added delay in milliseconds.
        public var milliseconds: Int
        /// Which requests are delayed.
        public var scope: Scope

        /// Creates a latency.
        public init(milliseconds: Int, scope: Scope = .all) {
            self.milliseconds = milliseconds
            self.scope = scope
        }
    }

    /// A way of answering badly, for fault tests.
    public enum Fault: Sendable, Hashable {
        /// Answer normally, but only after this many (real) seconds.
        case slowResponse(seconds: Double)
        /// Never answer: hold the connection until the sandbox stops, then close it.
        case hang
        /// 200-style answer whose JSON body is cut in half (Content-Length matches the cut body).
        case truncatedJSON
        /// 200 with an HTML error page instead of JSON.
        case htmlBody
        /// Send the headers and part of the body, then close the connection. The request itself
        /// was handled: a write has been applied.
        case connectionReset
        /// Close the connection without handling the request: a write is not applied, and the
        /// client cannot tell that from a reset after applying it.
        case connectionResetUnhandled
        /// Answer a write as if it had been applied (the answer shows the new status) without
        /// changing anything: only reading the entity back shows the change did not happen.
        case ignoreWrite
    }

    /// A fault and the requests it applies to.
    public struct FaultRule: Sendable, Hashable {
        /// What goes wrong.
        public var fault: Fault
        /// Which requests it applies to.
        public var scope: Scope

        /// Creates a rule.
        public init(_ fault: Fault, scope: Scope = .all) {
            self.fault = fault
            self.scope = scope
        }
    }

    /// 429 every N requests, if set.
    public var rateLimit: RateLimit?
    /// A 5xx rate, if set.
    public var serverErrors: ServerErrors?
    /// Added latency, if set.
    public var latency: Latency?
    /// Faults; the first rule whose scope matches a request applies.
    public var faults: [FaultRule]
    /// When on, every bearer token issued before is refused (401) until `/oauth/token` issues a new one.
    public var expireTokens: Bool
    /// The seed of the 5xx generator.
    public var seed: UInt64

    /// Creates settings; the defaults are "behave".
    public init(rateLimit: RateLimit? = nil, serverErrors: ServerErrors? = nil, latency: Latency? = nil,
                faults: [FaultRule] = [], expireTokens: Bool = false, seed: UInt64 = 42) {
        self.rateLimit = rateLimit
        self.serverErrors = serverErrors
        self.latency = latency
        self.faults = faults
        self.expireTokens = expireTokens
        self.seed = seed
    }

    /// No chaos at all.
    public static let none = ChaosSettings()
}
