import AdsCache
import Foundation
import Logging
import PinterestAds
import PinterestSandbox
import AllocatorPolicy

/// One account being watched: its engine, the store it publishes to and its cache.
struct AccountConnection {
    let engine: AdsEngine
    let store: SnapshotStore
    var cache: CacheDatabase? = nil
}

/// Everything a command needs to talk to Pinterest, resolved from options, environment and config:
/// the client, the account, where the cache and audit log live. `--demo` starts the sandbox here.
final class Session: Sendable {
    let client: PinterestClient
    let config: PinwatchConfig
    let options: ConnectionOptions
    let logger: Logger
    let readOnly: Bool
    let identity: String
    let environment: [String: String]
    /// The request ledger and budget of every request this session sends.
    let budget: SessionBudget
    private let sandbox: Sandbox?

    /// The config file's path (it may not exist).
    var configPath: String { options.config ?? PinwatchConfig.defaultPath(environment: environment) }

    private init(client: PinterestClient, config: PinwatchConfig, options: ConnectionOptions, logger: Logger,
                 identity: String, environment: [String: String], sandbox: Sandbox?, budget: SessionBudget) {
        self.client = client
        self.config = config
        self.options = options
        self.logger = logger
        self.readOnly = options.readOnly || (config.readOnly ?? false)
        self.identity = identity
        self.environment = environment
        self.sandbox = sandbox
        self.budget = budget
        budget.share(SharedRequestLedger(fileURL: SessionBudget.ledgerURL(
            cacheDirectory: CacheFiles.defaultCacheDirectory(environment: environment), identity: identity)), now: Date())
    }

    /// Opens a session. Errors are `UserError`s: one sentence and what to do.
    static func open(_ options: ConnectionOptions, logger: Logger,
                     environment: [String: String] = ProcessInfo.processInfo.environment) async throws(UserError) -> Session {
        let configPath = options.config ?? PinwatchConfig.defaultPath(environment: environment)
        let config = try PinwatchConfig.load(path: configPath, explicit: options.config != nil)
        let budget = SessionBudget(tier: options.apiTier ?? config.apiTier,
                                   sharePercent: options.budgetShare ?? config.budgetShare ?? 80)

        if options.demo {
            let sandboxLogger = Logger(label: "pinwatch.sandbox")
            let sandbox: Sandbox
            let url: URL
            do {
                sandbox = try Sandbox(configuration: SandboxConfiguration(speed: 30, logger: sandboxLogger))
                url = try await sandbox.start()
            } catch {
                throw UserError("The built-in demo API could not start: \(error).",
                                hint: "Check that 127.0.0.1 accepts local connections.")
            }
            let client = PinterestClient(baseURL: url, credentials: Credentials(accessToken: "demo-token"),
                                         configuration: clientConfiguration(options: options, config: config, budget: budget),
                                         logger: logger)
            return Session(client: client, config: config, options: options, logger: logger,
                           identity: "demo", environment: environment, sandbox: sandbox, budget: budget)
        }

        let (credentials, source) = try resolveSignIn(config: config, configPath: configPath, environment: environment)
        let baseURL = try resolveBaseURL(options: options, config: config, environment: environment)
        let client = makeClient(credentials, source: source, baseURL: baseURL,
                                configuration: clientConfiguration(options: options, config: config, budget: budget),
                                logger: logger)
        // The cache is keyed by who the token belongs to, never by the token itself.
        let identity = await cacheIdentity(source: source, credentials: credentials, client: client,
                                           environment: environment, logger: logger)
        return Session(client: client, config: config, options: options, logger: logger,
                       identity: identity, environment: environment, sandbox: nil, budget: budget)
    }

    /// The client's pacing: the request timeout from `--request-timeout`, else the config, else 20 s;
    /// with a `budget`, every request is counted in it and the tier learnt from the API's headers.
    static func clientConfiguration(options: ConnectionOptions, config: PinwatchConfig,
                                    budget: SessionBudget? = nil) -> ClientConfiguration {
        var configuration = ClientConfiguration()
        if let seconds = options.requestTimeout ?? config.requestTimeout { configuration.requestTimeout = seconds }
        if let budget {
            configuration.requestLedger = budget
            configuration.onRateLimitHeaders = { budget.learn($0) }
        }
        return configuration
    }

    static func resolveCredentials(config: PinwatchConfig, environment: [String: String]) throws(UserError) -> Credentials {
        if let fromEnvironment = Credentials.fromEnvironment(environment) { return fromEnvironment }
        if let token = config.accessToken, !token.isEmpty {
            return Credentials(accessToken: token, refreshToken: environment["PINTEREST_REFRESH_ACCESS_TOKEN"] ?? config.refreshToken,
                               appID: environment["PINTEREST_APP_ID"] ?? config.appID,
                               appSecret: environment["PINTEREST_APP_SECRET"] ?? config.appSecret)
        }
        throw UserError("No Pinterest access token found.",
                        hint: "Run `pinwatch login` to sign in, or set PINTEREST_ACCESS_TOKEN (or access_token under [credentials] in config.toml), or try `pinwatch --demo`.")
    }

    static func resolveBaseURL(options: ConnectionOptions, config: PinwatchConfig,
                               environment: [String: String]) throws(UserError) -> URL {
        try resolveBaseURL(options.baseURL, config: config, environment: environment)
    }

    /// The API root: the option given, else `PINTEREST_API_URI`, the config, Pinterest's.
    static func resolveBaseURL(_ option: String?, config: PinwatchConfig,
                               environment: [String: String]) throws(UserError) -> URL {
        let raw = option ?? environment["PINTEREST_API_URI"] ?? config.baseURL ?? "https://api.pinterest.com/v5"
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host != nil else {
            throw UserError("“\(raw)” is not an http(s) URL.", hint: "Give --base-url like https://api.pinterest.com/v5.")
        }
        return url
    }

    /// The account id asked for (option, then config), if any.
    var requestedAccountID: String? { options.account ?? config.account }

    /// Lists the accounts and picks the one asked for, else the first. Errors say what to do.
    func resolveAccount() async throws(UserError) -> (account: AdAccount, all: [AdAccount]) {
        let accounts: [AdAccount]
        do {
            accounts = try await client.listAdAccounts()
        } catch {
            throw Session.userError(error, baseURL: client.baseURL)
        }
        if let wanted = requestedAccountID {
            guard let account = accounts.first(where: { $0.id == wanted }) else {
                let visible = accounts.prefix(5).map { "\($0.id) (\($0.name ?? "unnamed"))" }.joined(separator: ", ")
                throw UserError("Ad account \(wanted) is not visible to this token.",
                                hint: accounts.isEmpty ? "Check the token's scopes (ads:read); it sees no ad accounts."
                                    : "Pass --account with one it can see: \(visible).")
            }
            return (account, accounts)
        }
        guard let first = accounts.first else {
            throw UserError("This token sees no ad accounts.", hint: "Check the token's scopes (ads:read).")
        }
        return (first, accounts)
    }

    /// A sentence for an API error met before anything could be shown.
    static func userError(_ error: PinterestError, baseURL: URL) -> UserError {
        switch error {
        case .unauthorized:
            return UserError("Pinterest refused the access token (401).",
                             hint: "Run `pinwatch login` to sign in again. Check PINTEREST_ACCESS_TOKEN if you set one.")
        case .forbidden:
            return UserError("The access token may not read ad accounts (403).", hint: "Grant the token the ads:read scope.")
        case .transport(let kind, _) where kind == .cannotConnect:
            return UserError("Cannot reach the Pinterest API at \(baseURL.absoluteString).",
                             hint: "Check the network or --base-url.")
        case .rateLimited:
            return UserError("\(error).", hint: "Wait and try again.")
        default:
            return UserError("\(error).", hint: "Try again; use --log-file to see details.")
        }
    }

    /// Where per-account caches live: `$XDG_CACHE_HOME/pinwatch`.
    var cacheDirectory: URL {
        CacheFiles.defaultCacheDirectory(environment: environment)
    }

    /// Whether a cache file exists for this account and identity (so start-up can show it at once).
    func hasCache(accountID: String) -> Bool {
        FileManager.default.fileExists(atPath: cacheDirectory
            .appendingPathComponent(CacheFiles.databaseFileName(accountID: accountID, identity: identity)).path)
    }

    /// The audit log: `$XDG_STATE_HOME/pinwatch/audit.log`.
    var auditURL: URL {
        CacheFiles.defaultStateDirectory(environment: environment).appendingPathComponent("audit.log")
    }

    /// Refresh cadences from config, scaled by `--refresh` (the ad groups cadence; others follow).
    func refreshConfiguration(adGroupsSeconds: Double?) -> RefreshConfiguration {
        var intervals = RefreshConfiguration.defaultIntervals
        let base = intervals[.adGroups] ?? 30
        if let seconds = adGroupsSeconds ?? config.refresh.adGroups {
            let scale = seconds / base
            for (kind, value) in intervals { intervals[kind] = value * scale }
        }
        if let value = config.refresh.adsInView { intervals[.adsInView] = value }
        if let value = config.refresh.ads { intervals[.ads] = value }
        if let value = config.refresh.analytics { intervals[.analytics] = value }
        var configuration = RefreshConfiguration(intervals: intervals)
        if let zone = config.reportingTimeZone { configuration.reportingTimeZone = zone }
        return configuration
    }

    /// Seconds between refreshes of the accounts not on screen (the overview and the wall).
    static let defaultOtherAccountsSeconds: Double = 600

    /// The cadence of the accounts not on screen: every collection at `[refresh] other_accounts`.
    func otherAccountsRefresh() -> RefreshConfiguration {
        Session.otherAccountsRefresh(seconds: config.refresh.otherAccounts ?? Session.defaultOtherAccountsSeconds)
    }

    /// Every collection every `seconds`, and every ad kept in brief only: an account in the
    /// background is counted, never drawn ad by ad.
    static func otherAccountsRefresh(seconds: TimeInterval) -> RefreshConfiguration {
        RefreshConfiguration(intervals: Dictionary(uniqueKeysWithValues: CollectionKind.allCases.map { ($0, seconds) }),
                             residentAdsLimit: 0)
    }

    /// An engine for an account, with its cache (a warning is logged if the cache had to be rebuilt).
    /// `readOnly` may refuse actions where the session would not (the wall), never the reverse.
    ///
    /// `shared`: the Pinwatch processes of this account and identity on the host share one
    /// fetcher (see `CacheSharing`); off for `--demo`, whose sandbox is each process's own.
    func connect(accountID: String, refresh: RefreshConfiguration, readOnly: Bool = false,
                 clock: any EngineClock = LiveClock(), shared: Bool = true) -> AccountConnection {
        let store = SnapshotStore()
        var cache: CacheDatabase?
        do {
            cache = try CacheDatabase(directory: cacheDirectory, accountID: accountID, identity: identity, logger: logger)
        } catch {
            logger.warning("Cache unavailable, running without it: \(error)")
        }
        let sharing = cache.flatMap { shared && sandbox == nil ? CacheSharing(databaseURL: $0.fileURL) : nil }
        let engine = AdsEngine(api: client, accountID: accountID, store: store, cache: cache,
                               configuration: refresh, clock: clock, audit: AuditLog(fileURL: auditURL),
                               readOnly: self.readOnly || readOnly, logger: logger,
                               largeWorkFinished: { ProcessMemory.releaseFreeSoon() },
                               budget: { [budget] now in budget.current(at: now) }, sharing: sharing)
        return AccountConnection(engine: engine, store: store, cache: cache)
    }

    /// The alert monitor of an account (`[alerts]` settings), handing what fires to `deliver`;
    /// start it before the engine, so the cached snapshot is its first "before". Its day is the
    /// account's reporting day, the one the engine reads "today's" spend in.
    func alertMonitor(for connection: AccountConnection,
                      deliver: @escaping @Sendable ([Alert]) -> Void) -> AlertMonitor {
        AlertMonitor(store: connection.store, accountID: connection.engine.accountID, cache: connection.cache,
                     settings: config.alerts.settings, timeZone: connection.engine.configuration.reportingTimeZone,
                     logger: logger, deliver: deliver)
    }

    /// The `[alerts] command` hook, if one is set.
    func alertHook() -> AlertHook? {
        guard let command = config.alerts.command, !command.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return AlertHook(command: command, timeout: config.alerts.commandTimeout ?? 10, logger: logger,
                         environment: environment)
    }

    /// Stops the demo sandbox, if one runs.
    func close() async {
        await sandbox?.stop()
    }
}
