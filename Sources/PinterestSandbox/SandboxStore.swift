import Foundation
import PinterestAds

/// The sandbox's state: the data set, simulated time, chaos, tokens and the request log.
/// Tests reach it through `Sandbox.store` to arrange and inspect.
public actor SandboxStore {
    var data: SandboxData
    var life: LifeSimulation
    let clock: @Sendable () -> Date
    let origin: Date
    let speed: Double
    var offset: TimeInterval = 0
    var lastTick: Date
    var log: [RecordedRequest] = []
    /// The chaos in force.
    public private(set) var chaos: ChaosSettings
    var chaosRandom: SplitMix64
    var rateLimitCount = 0
    let requiredToken: String?
    let refreshToken: String?
    var issuedTokens: Set<String> = []
    var issuedSinceExpiry: Set<String> = []
    var tokenCounter = 0
    let oauth: SandboxOAuthSettings
    var oauthLedger = OAuthLedger()
    /// The tier's request budgets enforced with 429s (nil: none), and what was used of them.
    let budget: RequestBudget?
    var budgetUsage: RequestUsage?
    var stopped = false

    /// Creates a store serving `data`; simulated time starts at the clock's first reading.
    public init(data: SandboxData, clock: @escaping @Sendable () -> Date = { Date() }, speed: Double = 1,
                chaos: ChaosSettings = .none, requiredToken: String? = nil, refreshToken: String? = nil,
                frozenIDs: Set<String> = DemoData.frozenIDs, oauth: SandboxOAuthSettings = .init(),
                budget: RequestBudget? = nil) {
        self.budget = budget
        self.data = data
        self.clock = clock
        self.speed = speed
        self.chaos = chaos
        self.chaosRandom = SplitMix64(seed: chaos.seed)
        self.requiredToken = requiredToken
        self.refreshToken = refreshToken
        self.oauth = oauth
        let start = clock()
        self.origin = start
        self.lastTick = start
        self.life = LifeSimulation(frozenIDs: frozenIDs)
    }

    /// Simulated now: the start, plus real time elapsed times `speed`, plus every `advance(by:)`.
    public func now() -> Date {
        origin.addingTimeInterval(clock().timeIntervalSince(origin) * speed + offset)
    }

    /// Moves simulated time forward (on top of the clock) and lets the data live up to then.
    public func advance(by seconds: TimeInterval) {
        offset += seconds
        tick()
    }

    /// Changes the data in place (e.g. reject an ad), after bringing it up to now.
    public func mutate(_ body: @Sendable (inout SandboxData) -> Void) {
        tick()
        body(&data)
    }

    /// The data as served now.
    public func snapshot() -> SandboxData {
        tick()
        return data
    }

    /// Requests received so far, optionally only those of one method (`"PATCH"`).
    public func requests(method: String? = nil) -> [RecordedRequest] {
        guard let method else { return log }
        return log.filter { $0.method.caseInsensitiveCompare(method) == .orderedSame }
    }

    /// Forgets the requests received so far.
    public func resetLog() {
        log.removeAll()
    }

    /// Replaces the chaos settings; switching `expireTokens` on expires every token issued so far.
    public func setChaos(_ settings: ChaosSettings) {
        if settings.expireTokens, !chaos.expireTokens { issuedSinceExpiry.removeAll() }
        if settings.seed != chaos.seed { chaosRandom = SplitMix64(seed: settings.seed) }
        if settings.rateLimit != chaos.rateLimit { rateLimitCount = 0 }
        chaos = settings
    }

    /// Lets the data live from the last tick to now.
    func tick() {
        let current = now()
        life.advance(&data, from: lastTick, to: current)
        if current > lastTick { lastTick = current }
    }

    /// Marks the store stopped, so held ("hang") requests let go.
    func markStopped() {
        stopped = true
    }

    /// Whether the sandbox is stopping.
    var isStopped: Bool { stopped }
}
