import ArgumentParser
import PinterestAds
import Foundation

/// Options that say how to reach Pinterest. They mean the same on the dashboard and on every
/// command that talks to the API.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Ad account id to open (default: the config's, else the first account the token sees).", valueName: "id"))
    var account: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Pinterest API base URL (default: $PINTEREST_API_URI or https://api.pinterest.com/v5).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Config file (default: $XDG_CONFIG_HOME/pinwatch/config.toml).", valueName: "path"))
    var config: String?

    @Flag(name: .customLong("read-only"), help: "Refuse every pause/activate before any request is sent.")
    var readOnly = false

    @Option(name: .customLong("log-file"), help: ArgumentHelp("Write logs to this file (0600). Nothing is ever printed over the screen.", valueName: "path"))
    var logFile: String?

    @Flag(name: .long, help: "Run against a built-in Pinterest API sandbox on 127.0.0.1: no token, no network.")
    var demo = false

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds to wait for each API answer before giving up on it (default 20).", valueName: "seconds"))
    var requestTimeout: Double?

    @Option(name: .customLong("api-tier"), help: ArgumentHelp("Your Pinterest app's access tier, which sets the request budget: trial (1,000 a day) or standard (per minute per category). Default: the config's, else trial.", valueName: "trial|standard"))
    var apiTier: APITier?

    @Option(name: .customLong("budget-share"), help: ArgumentHelp("Percentage of each request budget Pinwatch plans to use, across all its processes (default 80).", valueName: "percent"))
    var budgetShare: Double?

    func validate() throws {
        if let requestTimeout, !(requestTimeout >= 1 && requestTimeout <= 600) {
            throw ValidationError("--request-timeout must be between 1 and 600 seconds.")
        }
        if let budgetShare, !(budgetShare >= 1 && budgetShare <= 100) {
            throw ValidationError("--budget-share must be between 1 and 100.")
        }
    }
}

extension APITier: ExpressibleByArgument {}
