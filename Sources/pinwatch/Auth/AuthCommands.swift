import AdsCache
import Dashboard
import ArgumentParser
import Foundation
import PinterestAds
import ScreenGrid

/// `pinwatch login`: Pinterest's authorization-code flow, made to work over SSH too.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to Pinterest in a browser and keep the tokens for Pinwatch.",
        discussion: """
            Needs your Pinterest app's id and secret (PINTEREST_APP_ID / PINTEREST_APP_SECRET, app_id / \
            app_secret under [credentials] in config.toml, or asked for). Prints a URL to open; the \
            browser comes back to the app's redirect URI (default http://localhost:8085/), which \
            Pinwatch listens on. When the browser runs on another machine (SSH), copy the address it \
            ends on and paste it here. Tokens go to $XDG_CONFIG_HOME/pinwatch/credentials.json (0600).
            """)

    @Option(name: .customLong("redirect-uri"), help: ArgumentHelp("The redirect URI registered for your app.", valueName: "url"))
    var redirectURI = "http://localhost:8085/"

    @Option(name: .customLong("authorize-url"), help: ArgumentHelp("Pinterest's consent page (default https://www.pinterest.com/oauth/, or the sandbox's /oauth/ with a local --base-url).", valueName: "url"))
    var authorizeURL: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Pinterest API base URL (default: $PINTEREST_API_URI or https://api.pinterest.com/v5).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Config file (default: $XDG_CONFIG_HOME/pinwatch/config.toml).", valueName: "path"))
    var config: String?

    @Flag(name: .customLong("read-only"), help: "Ask only for read access (no ads:write): Pinwatch can then not pause or activate.")
    var readOnly = false

    @Flag(name: .customLong("continuous-refresh"), help: "Ask for a continuous refresh token (needed by apps made before 25 September 2025).")
    var continuousRefresh = false

    @Flag(name: .customLong("no-browser"), help: "Do not try to open a browser; only print the URL.")
    var noBrowser = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the browser.", valueName: "seconds"))
    var timeout: Double = 300

    func run() async throws {
        do {
            try await SignIn(command: self, environment: ProcessInfo.processInfo.environment).run()
        } catch {
            throw CleanExit.failure(error)
        }
    }
}

/// `pinwatch logout`: revokes the stored tokens at Pinterest and deletes the credentials file.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke the tokens `pinwatch login` stored and delete them.")

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Pinterest API base URL.", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Config file.", valueName: "path"))
    var config: String?

    func run() async throws {
        do {
            try await signOut()
        } catch {
            throw CleanExit.failure(error)
        }
    }

    private func signOut() async throws(UserError) {
        let environment = ProcessInfo.processInfo.environment
        let configPath = config ?? PinwatchConfig.defaultPath(environment: environment)
        let settings = try PinwatchConfig.load(path: configPath, explicit: config != nil)
        let store = Session.credentialStore(environment: environment)
        let stored: StoredCredentials?
        do {
            stored = try store.load()
        } catch {
            stored = nil
        }
        guard let stored else {
            print("Not signed in: there are no stored credentials to remove.")
            return
        }
        let api = try Session.resolveBaseURL(baseURL, config: settings, environment: environment)
        var failures: [String] = []
        if let id = environment["PINTEREST_APP_ID"] ?? stored.appID,
           let secret = environment["PINTEREST_APP_SECRET"] ?? stored.appSecret {
            let app = PinterestOAuth.App(id: id, secret: secret)
            let tokens = [(stored.accessToken, false)] + (stored.refreshToken.map { [($0, true)] } ?? [])
            for (token, isRefresh) in tokens {
                if case .failure(let failure) = await PinterestOAuth.revoke(token: token, isRefreshToken: isRefresh,
                                                                           app: app, baseURL: api) {
                    failures.append("\(failure)")
                }
            }
        } else {
            failures.append("no app id and secret to revoke with")
        }
        do {
            try store.delete()
        } catch {
            throw UserError("\(error).", hint: "Delete \(store.fileURL.path) by hand.")
        }
        if let failure = failures.first {
            throw UserError("Signed out on this machine, but Pinterest could not revoke the tokens (\(TextSanitizer.sanitize(failure))).",
                            hint: "Remove Pinwatch's access under Pinterest settings → Security → Apps if you want it gone there too.")
        }
        print("Signed out: the tokens are revoked and \(store.fileURL.path) is deleted.")
    }
}

/// `pinwatch auth`: the sign-in's state.
struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Show who Pinwatch is signed in as and how long the tokens last.",
        subcommands: [AuthStatusCommand.self, RewriteCredentialsCommand.self],
        defaultSubcommand: AuthStatusCommand.self)
}

/// `pinwatch auth status`.
struct AuthStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the signed-in identity, the scopes, both token expiries and where the credentials come from.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        do {
            try await show()
        } catch {
            throw CleanExit.failure(error)
        }
    }

    private func show() async throws(UserError) {
        let environment = ProcessInfo.processInfo.environment
        let configPath = connection.config ?? PinwatchConfig.defaultPath(environment: environment)
        let config = try PinwatchConfig.load(path: configPath, explicit: connection.config != nil)
        let logger = try LogSetup.makeOrFail(logFile: connection.logFile)
        let (credentials, source) = try Session.resolveSignIn(config: config, configPath: configPath,
                                                              environment: environment)
        let baseURL = try Session.resolveBaseURL(options: connection, config: config, environment: environment)
        let budget = SessionBudget(tier: connection.apiTier ?? config.apiTier,
                                   sharePercent: connection.budgetShare ?? config.budgetShare ?? 80)
        let client = Session.makeClient(credentials, source: source, baseURL: baseURL,
                                        configuration: Session.clientConfiguration(options: connection, config: config,
                                                                                   budget: budget),
                                        logger: logger)
        let account: UserAccount
        do {
            account = try await client.userAccount()
        } catch {
            throw Session.userError(error, baseURL: baseURL)
        }
        // Read again: a refresh during the request above rotated the tokens.
        var stored: StoredCredentials?
        if case .file(let store, let before) = source { stored = (try? store.load()) ?? before }
        var lines: [(String, String)] = []
        let name = account.username.map { "@" + TextSanitizer.sanitize($0) } ?? "(no username)"
        lines.append(("Signed in as", name + (account.id.map { " (user id \(TextSanitizer.sanitize($0)))" } ?? "")))
        lines.append(("Credentials", source.label))
        lines.append(("API", baseURL.absoluteString))
        if let stored {
            lines.append(("Scopes", stored.scopes.isEmpty ? "unknown" : stored.scopes.joined(separator: ", ")))
            lines.append(("Access token expires", Self.when(stored.accessTokenExpiresAt)))
            lines.append(("Refresh token expires", Self.when(stored.refreshTokenExpiresAt)))
            lines.append(("App id", stored.appID ?? "none (cannot refresh)"))
        } else {
            lines.append(("Scopes", "unknown (token from \(source.label))"))
            lines.append(("Access token expires", "unknown"))
            lines.append(("Refresh token expires", credentials.canRefresh ? "unknown" : "none (cannot refresh)"))
        }
        lines.append(("Request budget", Self.budgetLine(budget, userID: account.id, environment: environment)))
        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines {
            print(label + ":" + String(repeating: " ", count: width - label.count + 1) + value)
        }
    }

    /// "API 12/1,000 today (trial, planning 80 %)" from the identity's shared ledger, or what to do
    /// when the tier is unknown.
    static func budgetLine(_ budget: SessionBudget, userID: String?, environment: [String: String]) -> String {
        if let userID {
            budget.share(SharedRequestLedger(fileURL: SessionBudget.ledgerURL(
                cacheDirectory: CacheFiles.defaultCacheDirectory(environment: environment), identity: "user-" + userID)),
                         now: Date())
        }
        guard let state = budget.current(at: Date()) else {
            return "tier unknown: pass --api-tier trial|standard or set api_tier in config.toml"
        }
        return BudgetText.summary(state, at: Date()) + " (\(state.budget.tier.rawValue), planning \(Int(state.share * 100)) %)"
    }

    /// `2026-02-04 10:00 UTC (in 59 days)`, or `unknown`.
    static func when(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "unknown" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        let seconds = date.timeIntervalSince(now)
        let relative: String
        if seconds <= 0 {
            relative = "expired"
        } else if seconds < 86_400 {
            relative = "in \(Int(seconds / 3600)) h \(Int(seconds.truncatingRemainder(dividingBy: 3600) / 60)) min"
        } else {
            relative = "in \(Int(seconds / 86_400)) days"
        }
        return formatter.string(from: date) + " (\(relative))"
    }
}

/// `pinwatch auth rewrite-credentials`: rewrites the credentials file as it is, `--times` times.
/// Hidden: it exists to show that interrupting a write (even `kill -9`) leaves a whole file.
struct RewriteCredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite-credentials",
        abstract: "Rewrite the credentials file unchanged, repeatedly (crash-safety check).",
        shouldDisplay: false)

    @Option(name: .long, help: "How many times.")
    var times = 1

    func run() throws {
        let store = Session.credentialStore(environment: ProcessInfo.processInfo.environment)
        guard var stored = try? store.load() else {
            throw CleanExit.failure(UserError("There are no stored credentials to rewrite.", hint: "Run `pinwatch login` first."))
        }
        for round in 0..<max(1, times) {
            // Alternate the length so every write differs in size from the one before.
            stored.username = (stored.username ?? "").trimmingCharacters(in: .whitespaces) + (round % 2 == 0 ? " " : "")
            do {
                try store.save(stored)
            } catch {
                throw CleanExit.failure(UserError("\(error).", hint: "Check the permissions of \(store.fileURL.path)."))
            }
        }
    }
}
