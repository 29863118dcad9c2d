import ArgumentParser
import Dispatch
import Foundation
import PinterestAds
import Logging
import PinterestSandbox

/// `pinwatch sandbox`: serves a local stand-in for the Pinterest API v5 until interrupted.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a local Pinterest API v5 sandbox with demo data (or a data file)."
    )

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port: UInt16 = 8080

    @Option(help: "The only bearer token accepted (default: any non-empty token).")
    var token: String?

    @Option(help: "A JSON data file ({\"accounts\", \"campaigns\", \"ad_groups\", \"ads\"}) instead of the demo data.")
    var data: String?

    @Option(help: "A built-in data set: demo (the default) or hostile (escape sequences, controls, bidi overrides, huge numbers and nulls in every shown field, to check what reaches the terminal).")
    var dataset: BuiltInDataSet = .demo

    @Flag(help: "Serve the built-in demo data (the default; the same as --dataset demo).")
    var demo = false

    @Option(help: "Simulated seconds per real second (e.g. 60 makes reviews resolve within a minute; 0 stops time).")
    var speed: Double = 1

    @Flag(help: "Stop simulated time (same as --speed 0): nothing changes unless a request changes it.")
    var freeze = false

    @Flag(name: .customLong("log-requests"), help: "Log every request line (method, path, status) to standard error.")
    var logRequests = false

    @Option(help: "Answer 429 to every N-th request.")
    var rateLimitEvery: Int?

    @Option(help: "Share of requests (0...1) answered with a 5xx.")
    var errorRate: Double?

    @Option(help: "Added latency per request, in milliseconds.")
    var latencyMs: Int?

    @Option(help: ArgumentHelp("Enforce a Pinterest access tier's request budgets with 429s and x-ratelimit-* headers: trial (1,000 a day) or standard (per minute per category).", valueName: "trial|standard"))
    var tier: APITier?

    @Option(name: .customLong("tier-limit"), help: ArgumentHelp("With --tier: this budget instead of Pinterest's (requests per day on trial, per minute for each category on standard).", valueName: "n"))
    var tierLimit: Int?

    @OptionGroup(title: "Sign-in") var oauth: SandboxOAuthOptions

    func validate() throws {
        if data != nil, dataset != .demo { throw ValidationError("Use either --data or --dataset, not both.") }
        if demo, data != nil || dataset != .demo {
            throw ValidationError("--demo serves the demo data; leave it out to serve --data or --dataset \(dataset.rawValue).")
        }
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more.") }
        if let rateLimitEvery, rateLimitEvery < 1 { throw ValidationError("--rate-limit-every must be at least 1.") }
        if let errorRate, !(0...1).contains(errorRate) { throw ValidationError("--error-rate must be between 0 and 1.") }
        if let latencyMs, latencyMs < 0 { throw ValidationError("--latency-ms must not be negative.") }
    }

    func run() async throws {
        var chaos = ChaosSettings()
        chaos.rateLimit = rateLimitEvery.map { ChaosSettings.RateLimit(every: $0, retryAfterSeconds: 1) }
        chaos.serverErrors = errorRate.map { ChaosSettings.ServerErrors(rate: $0) }
        chaos.latency = latencyMs.map { ChaosSettings.Latency(milliseconds: $0) }
        let source: SandboxConfiguration.DataSource
        if let data {
            source = .file(URL(fileURLWithPath: data))
        } else {
            switch dataset {
            case .demo: source = .demo
            case .hostile: source = .data(HostileData.make(now: Date()))
            }
        }
        var logger = Logger(label: "pinwatch.sandbox")
        if logRequests {
            // Request lines are logged at debug level; send them (and only this logger) to stderr.
            logger = Logger(label: "pinwatch.sandbox", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .debug
        }
        var configuration = SandboxConfiguration(port: port, requiredToken: token, dataSource: source,
                                                 speed: freeze ? 0 : speed, chaos: chaos, logger: logger)
        configuration.oauth = oauth.settings
        configuration.budget = tier.map { tier in
            guard let tierLimit, tierLimit > 0 else { return RequestBudget(tier: tier) }
            switch tier {
            case .trial: return RequestBudget(tier: .trial, perDay: tierLimit)
            case .standard: return RequestBudget(tier: .standard, perMinute: RequestBudget(tier: .standard).perMinute
                                                    .mapValues { _ in tierLimit })
            }
        }
        let sandbox: Sandbox
        do {
            sandbox = try Sandbox(configuration: configuration)
        } catch {
            throw ValidationError(error.description)
        }
        let url: URL
        do {
            url = try await sandbox.start()
        } catch let error as SandboxStartError {
            throw CleanExit.failure(UserError("\(error).", hint: "Choose another with --port (0 picks a free one)."))
        }
        let termination = Termination()
        let tokenHint = token.map { "the token \"\($0)\"" } ?? "any non-empty token"
        say("""
            Pinterest API sandbox listening on \(url.absoluteString)
            Point pinwatch at it: use \(url.absoluteString) as the API base URL and \(tokenHint).
            \(accountsHint)\
            Press Ctrl-C to stop.
            """)
        await termination.wait()
        say("Stopping the sandbox…")
        await sandbox.stop()
    }

    /// Which accounts the served data has, when it is a built-in set.
    private var accountsHint: String {
        guard data == nil else { return "" }
        switch dataset {
        case .demo:
            return "Demo accounts: \(DemoData.primaryAccountID) (USD), \(DemoData.secondaryAccountID) (EUR). "
        case .hostile:
            return "Hostile data: account \(HostileData.accountID) (names full of escape sequences and controls). "
        }
    }

    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// The data sets `pinwatch sandbox --dataset` serves.
enum BuiltInDataSet: String, ExpressibleByArgument, CaseIterable {
    case demo, hostile
}
