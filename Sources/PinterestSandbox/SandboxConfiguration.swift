import Foundation
import PinterestAds
import Logging

/// How a `Sandbox` runs: where it listens, what it accepts, what it serves, how time passes and
/// what goes wrong on purpose.
public struct SandboxConfiguration: Sendable {
    /// Where the data comes from.
    public enum DataSource: Sendable {
        /// The generated demo data (`DemoData.make`) around the start time.
        case demo
        /// A given data set.
        case data(SandboxData)
        /// A JSON file in the `SandboxData` format.
        case file(URL)
    }

    /// TCP port on 127.0.0.1; 0 picks a free one.
    public var port: UInt16
    /// The only bearer token accepted (besides tokens it issues); nil accepts any non-empty token.
    public var requiredToken: String?
    /// The only refresh token `/oauth/token` accepts; nil accepts any non-empty one.
    public var refreshToken: String?
    /// The data served.
    public var dataSource: DataSource
    /// The real clock; simulated time runs from its first reading at `speed`.
    public var clock: @Sendable () -> Date
    /// How many simulated seconds pass per real second (1 = real time).
    public var speed: Double
    /// Misbehaviour at start (change it later with `SandboxStore.setChaos`).
    public var chaos: ChaosSettings
    /// Where the sandbox logs requests and problems.
    public var logger: Logger
    /// The OAuth app, redirect URIs and token lifetimes.
    public var oauth = SandboxOAuthSettings()
    /// Request budgets enforced like Pinterest's (429 and `x-ratelimit-*` headers); nil: none.
    public var budget: RequestBudget?

    /// Creates a configuration; the defaults serve the demo data on a free port to any token.
    public init(port: UInt16 = 0, requiredToken: String? = nil, refreshToken: String? = nil,
                dataSource: DataSource = .demo, clock: @escaping @Sendable () -> Date = { Date() },
                speed: Double = 1, chaos: ChaosSettings = .none,
                logger: Logger = Logger(label: "pinwatch.sandbox")) {
        self.port = port
        self.requiredToken = requiredToken
        self.refreshToken = refreshToken
        self.dataSource = dataSource
        self.clock = clock
        self.speed = speed
        self.chaos = chaos
        self.logger = logger
    }
}

/// One request the sandbox received, for tests to inspect.
public struct RecordedRequest: Sendable, Hashable {
    /// One query parameter, in the order sent (repeated keys appear repeatedly).
    public struct QueryItem: Sendable, Hashable {
        /// Parameter name.
        public var name: String
        /// Parameter value (percent-decoded).
        public var value: String

        /// Creates an item.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// HTTP method (`GET`, `PATCH`, `POST`).
    public var method: String
    /// The path, e.g. `/v5/ad_accounts/549755885175/ad_groups`.
    public var path: String
    /// Query parameters in order.
    public var query: [QueryItem]
    /// The request body.
    public var body: Data
    /// When it arrived, in simulated time.
    public var time: Date
    /// The bearer token it carried (sandbox tokens are test values): tells apart the clients of
    /// one sandbox, e.g. several Pinwatch processes given one token each.
    public var bearer: String?

    /// Creates a record.
    public init(method: String, path: String, query: [QueryItem], body: Data, time: Date, bearer: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.time = time
        self.bearer = bearer
    }

    /// Every value of a query parameter, comma-separated values split.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map(String.init) }
    }
}
