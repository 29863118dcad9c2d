import AdsCache
import ArgumentParser
import Dashboard
import Foundation
import Logging
import PinterestAds
import ScreenGrid
import Terminal

/// `pinwatch`: the live dashboard.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Watch and steer ad groups, ads and campaigns live (the default command).")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Ad groups refresh every SECONDS (default 30); the other cadences scale with it.", valueName: "seconds"))
    var refresh: Double?

    @Option(name: .long, help: ArgumentHelp("Theme name (see `pinwatch themes`) or path to a .toml file.", valueName: "name|path"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours at all, attributes only (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .long, help: "Wall mode: every ad account in large digits, in turn, for a monitor; read-only unless --read-write.")
    var wall = false

    @Option(name: .customLong("wall-cycle"), help: ArgumentHelp("Seconds each account stays on the wall (default 15).", valueName: "seconds"))
    var wallCycle: Double?

    @Flag(name: .customLong("read-write"), help: "With --wall: allow pausing and activating from the dashboard behind the wall.")
    var readWrite = false

    /// The OPTIONS section of `pinwatch dashboard --help`, without its `--help` entry.
    ///
    /// Laid out for 80 columns, not the terminal's: the root command's configuration, which shows
    /// it, is read on every run, and ArgumentParser stops the process when asked to lay out help
    /// for a very narrow terminal (a 20-column pane must still get the dashboard's "too small").
    static var optionsHelp: String {
        var lines = helpMessage(columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("OPTIONS:") }.dropFirst()
        var kept: [Substring] = []
        var inHelpEntry = false
        while let line = lines.popFirst() {
            let entry = line.drop { $0 == " " }
            // An entry starts at two spaces; its wrapped lines are indented further.
            if line.hasPrefix("  ") && !line.hasPrefix("   ") { inHelpEntry = entry.hasPrefix("-h, --help") }
            if !inHelpEntry { kept.append(line) }
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    func validate() throws {
        if let refresh, !(refresh >= 1 && refresh <= 86_400) {
            throw ValidationError("--refresh must be between 1 and 86400 seconds.")
        }
        if let wallCycle, !(wallCycle >= 1 && wallCycle <= 86_400) {
            throw ValidationError("--wall-cycle must be between 1 and 86400 seconds.")
        }
        if !wall && (wallCycle != nil || readWrite) {
            throw ValidationError("--wall-cycle and --read-write go with --wall.")
        }
        if readWrite && connection.readOnly {
            throw ValidationError("--read-write and --read-only contradict each other.")
        }
    }

    func run() async throws {
        do {
            let logger = try LogSetup.makeOrFail(logFile: connection.logFile)
            try await runDashboard(logger: logger)
        } catch {
            throw CleanExit.failure(error)
        }
    }

    private func runDashboard(logger: Logger) async throws(UserError) {
        let session = try await Session.open(connection, logger: logger)
        let environment = session.environment
        let themes = ThemeCatalog(directories: ThemeCatalog.standardDirectories(environment: environment))
        let themeName = theme ?? session.config.theme ?? "default"
        let initialTheme: Theme
        var themeWarning: String?
        do {
            initialTheme = try themes.load(nameOrPath: themeName)
        } catch where FileManager.default.fileExists(atPath: error.file) {
            // The theme exists but is broken: run with the default and say where the file is wrong.
            initialTheme = .builtinDefault
            themeWarning = "Using the default theme: \(error)"
        } catch {
            throw UserError("Cannot use theme “\(themeName)”: \(error)", hint: "Run `pinwatch themes` to see the themes found.")
        }
        let refresh = session.refreshConfiguration(adGroupsSeconds: self.refresh)

        // Start from the cache when the account is known and cached; otherwise ask the API first so
        // a bad token or account is reported before the screen is taken over.
        let accountID: String
        if let wanted = session.requestedAccountID, session.hasCache(accountID: wanted) {
            accountID = wanted
        } else {
            accountID = try await session.resolveAccount().account.id
        }
        let noColor = self.noColor || environment["NO_COLOR"] != nil
        let themeNames = Self.themeCycle(current: themeName, available: themes.list().map(\.name))
        let outcome: Result<Void, UserError> = await MainActor.run {
            Result { () throws(UserError) in
                try DashboardCommand.runLoop(session: session, accountID: accountID, refresh: refresh, theme: initialTheme,
                                             themeWarning: themeWarning, themeNames: themeNames, themes: themes,
                                             noColor: noColor, wall: wallOptions, logger: logger)
            }
        }
        try outcome.get()
        await session.close()
    }

    /// What the wall was asked for (nil: no wall).
    struct WallOptions {
        /// Seconds per account.
        var cycle: TimeInterval
        /// Whether actions are allowed (`--read-write`).
        var readWrite: Bool
    }

    private var wallOptions: WallOptions? {
        wall ? WallOptions(cycle: wallCycle ?? 15, readWrite: readWrite) : nil
    }

    /// Theme names for `t` to cycle through, starting with the current one.
    static func themeCycle(current: String, available: [String]) -> [String] {
        var names = available.isEmpty ? ["default"] : available
        if let index = names.firstIndex(of: current) {
            names = Array(names[index...] + names[..<index])
        } else {
            names.insert(current, at: 0)
        }
        return names
    }

    @MainActor
    private static func runLoop(session: Session, accountID: String, refresh: RefreshConfiguration, theme: Theme,
                                themeWarning: String?, themeNames: [String], themes: ThemeCatalog, noColor: Bool,
                                wall: WallOptions?, logger: Logger) throws(UserError) {
        let wake: WakeSignal
        let screen: TerminalScreen
        do {
            wake = try WakeSignal()
            TerminalGuard.install(wake: wake)
            screen = try TerminalScreen(options: TerminalOptions(noColor: noColor))
        } catch {
            // Most terminal errors already say what to do; only a missing terminal needs a hint.
            let hint: String? = error == .notATerminal
                ? "Run Pinwatch in a terminal (for scripts, use `pinwatch status`)." : nil
            throw UserError("\(error)", hint: hint)
        }
        screen.apply(theme: theme)
        let size = screen.size
        // The wall is read-only unless told otherwise: a monitor across the room takes no actions.
        let wallReadOnly = wall.map { !$0.readWrite } ?? false
        let now = Date()
        var state = AppState(readOnly: session.readOnly || wallReadOnly, themeNames: themeNames, width: size.width,
                             height: size.height, now: now, timeZone: .current,
                             glyphs: screen.isUTF8 ? .unicode : .ascii)
        state.signInExpiresAt = session.signInExpiresAt
        if let wall {
            state.wall = WallState(cycle: wall.cycle, asksBeforeQuitting: true, now: now)
            state.watchesOtherAccounts = true
            if !session.readOnly { state.readOnlyReason = "the wall is read-only; --read-write allows it" }
        }
        state.reportingTimeZone = refresh.reportingTimeZone
        state.chosenColumns = session.config.columns
        state.alertDelivery = session.config.alerts.delivery
        state.hyperlinks = session.config.hyperlinks ?? Hyperlinks.knownToWork(environment: session.environment)
        if let themeWarning { _ = update(&state, .error(themeWarning)) }
        let connection = session.connect(accountID: accountID, refresh: refresh, readOnly: wallReadOnly)
        let slow = session.otherAccountsRefresh()
        let loop = DashboardLoop(screen: screen, wake: wake, state: state, connection: connection,
                                 connect: { session.connect(accountID: $0, refresh: refresh, readOnly: wallReadOnly) },
                                 connectInBackground: { session.connect(accountID: $0, refresh: slow, readOnly: true) },
                                 themes: themes, logger: logger, configPath: session.configPath,
                                 monitor: { session.alertMonitor(for: $0, deliver: $1) }, hook: session.alertHook())
        loop.run()
        screen.shutdown()
        loop.finishAlerts()
    }
}
