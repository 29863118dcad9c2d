import AdsCache
import Dashboard
import Foundation
import PinterestAds
import TOMLKit

/// The user's settings from `config.toml`. Every field is optional; command-line options and the
/// environment win over it.
struct PinwatchConfig: Equatable {
    /// Ad account id to open.
    var account: String?
    /// API base URL.
    var baseURL: String?
    /// Theme name or path.
    var theme: String?
    /// Refuse pause/activate.
    var readOnly: Bool?
    /// Names as hyperlinks (OSC 8); nil: only where the terminal is known to show them.
    var hyperlinks: Bool?
    /// Refresh cadences in seconds.
    var refresh = RefreshSeconds()
    /// Seconds to wait for each API answer.
    var requestTimeout: Double?
    /// The Pinterest app's access tier (`api_tier = "trial"` or `"standard"`).
    var apiTier: APITier?
    /// The percentage of each request budget Pinwatch plans to use (`budget_share = 80`).
    var budgetShare: Double?
    /// Alert rules and how alerts reach the person (`[alerts]`).
    var alerts = AlertsConfig()
    /// Credentials (the environment wins).
    var accessToken: String?
    var refreshToken: String?
    var appID: String?
    var appSecret: String?
    /// The time zone the account reports in (`reporting_time_zone`), for what "today" is.
    var reportingTimeZone: TimeZone?
    /// Columns chosen per table (`[columns]`), by title in display order.
    var columns: [TableKind: [String]] = [:]

    /// Cadences in seconds per collection; nil means the default.
    struct RefreshSeconds: Equatable {
        var adGroups: Double?
        var adsInView: Double?
        var ads: Double?
        var analytics: Double?
        /// Every collection of the accounts not on screen (overview, wall).
        var otherAccounts: Double?
    }

    /// Whether the file holds any secret.
    var holdsSecrets: Bool {
        accessToken != nil || refreshToken != nil || appSecret != nil
    }

    /// `$XDG_CONFIG_HOME/pinwatch/config.toml`, or `~/.config/pinwatch/config.toml`.
    static func defaultPath(environment: [String: String]) -> String {
        XDG.pinwatchDirectory(.config, environment: environment).appendingPathComponent("config.toml").path
    }

    /// Loads a config file. A missing file at the default path is an empty config; a missing file
    /// given explicitly, a malformed one, or one that holds a token and is readable by others, is an
    /// error that says what to do.
    static func load(path: String, explicit: Bool) throws(UserError) -> PinwatchConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit {
                throw UserError("The config file \(path) does not exist.",
                                hint: "Check the path given to --config.")
            }
            return PinwatchConfig()
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UserError("Cannot read the config file \(path).", hint: "Check its permissions.")
        }
        let config = try parse(text, path: path)
        if config.holdsSecrets, let mode = fileMode(path), mode & 0o077 != 0 {
            throw UserError(
                "\(path) holds an access token or secret but is readable by group or others, so Pinwatch will not use it.",
                hint: "Run: chmod 600 \(path)")
        }
        return config
    }

    /// Parses config text; errors name the file, the line and the key.
    static func parse(_ text: String, path: String) throws(UserError) -> PinwatchConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            let problem = ConfigSyntaxError.explain(line: line, parserMessage: error.description,
                                                    locator: TOMLKeyLocator(source: text))
            throw UserError("\(path):\(line): \(problem)", hint: "Fix the TOML syntax on that line.")
        } catch {
            throw UserError("\(path): not valid TOML.", hint: "Fix the file's syntax.")
        }
        var reader = TOMLReader(table: table, text: text, path: path)
        var config = PinwatchConfig()
        config.account = try reader.string("account")
        config.baseURL = try reader.string("base_url")
        config.theme = try reader.string("theme")
        config.readOnly = try reader.bool("read_only")
        config.hyperlinks = try reader.bool("hyperlinks")
        config.requestTimeout = try reader.seconds("request_timeout", upTo: 600)
        if let tier = try reader.string("api_tier") {
            guard let parsed = APITier(rawValue: tier.lowercased()) else {
                throw UserError("\(path): api_tier must be \"trial\" or \"standard\".", hint: "Fix that line of the config file.")
            }
            config.apiTier = parsed
        }
        config.budgetShare = try reader.number("budget_share", in: 1...100)
        if let zone = try reader.string("reporting_time_zone") {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw UserError("\(path): reporting_time_zone \"\(zone)\" is not a time zone.",
                                hint: "Use a name like \"America/New_York\" or \"UTC\".")
            }
            config.reportingTimeZone = timeZone
        }
        if let columns = try reader.table("columns") {
            var sub = TOMLReader(table: columns, text: text, path: path, prefix: "columns")
            for kind in TableKind.allCases {
                if let titles = try sub.strings(ColumnsConfig.key(kind)) { config.columns[kind] = titles }
            }
            try sub.rejectUnknownKeys()
        }
        if let refresh = try reader.table("refresh") {
            var sub = TOMLReader(table: refresh, text: text, path: path, prefix: "refresh")
            config.refresh.adGroups = try sub.seconds("ad_groups")
            config.refresh.adsInView = try sub.seconds("ads_in_view")
            config.refresh.ads = try sub.seconds("ads")
            config.refresh.analytics = try sub.seconds("analytics")
            config.refresh.otherAccounts = try sub.seconds("other_accounts")
            try sub.rejectUnknownKeys()
        }
        if let alerts = try reader.table("alerts") {
            var sub = TOMLReader(table: alerts, text: text, path: path, prefix: "alerts")
            config.alerts = try AlertsConfig.read(&sub)
            try sub.rejectUnknownKeys()
        }
        if let credentials = try reader.table("credentials") {
            var sub = TOMLReader(table: credentials, text: text, path: path, prefix: "credentials")
            config.accessToken = try sub.string("access_token")
            config.refreshToken = try sub.string("refresh_token")
            config.appID = try sub.string("app_id")
            config.appSecret = try sub.string("app_secret")
            try sub.rejectUnknownKeys()
        }
        try reader.rejectUnknownKeys()
        return config
    }

    private static func fileMode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }
}

/// Reads typed values from a TOML table, reporting the line and key of anything wrong.
struct TOMLReader {
    let table: TOMLTable
    let text: String
    let path: String
    var prefix: String = ""
    private var seen: Set<String> = []

    init(table: TOMLTable, text: String, path: String, prefix: String = "") {
        self.table = table
        self.text = text
        self.path = path
        self.prefix = prefix
    }

    mutating func string(_ key: String) throws(UserError) -> String? {
        try value(key, expected: "a string") { $0.string }
    }

    mutating func strings(_ key: String) throws(UserError) -> [String]? {
        try value(key, expected: "a list of strings") { value -> [String]? in
            guard let array = value.array else { return nil }
            let strings = array.compactMap(\.string)
            return strings.count == array.count ? strings : nil
        }
    }

    mutating func bool(_ key: String) throws(UserError) -> Bool? {
        try value(key, expected: "true or false") { $0.bool }
    }

    mutating func seconds(_ key: String, upTo limit: Double = 86_400) throws(UserError) -> Double? {
        let number = try value(key, expected: "a number of seconds") { $0.double ?? $0.int.map(Double.init) }
        if let number, !(number >= 1 && number <= limit) {
            throw error(key, "must be between 1 and \(Int(limit)) seconds")
        }
        return number
    }

    /// A number within `range`.
    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(UserError) -> Double? {
        let number = try value(key, expected: "a number") { $0.double ?? $0.int.map(Double.init) }
        if let number, !range.contains(number) {
            throw error(key, "must be between \(range.lowerBound.formatted()) and \(range.upperBound.formatted())")
        }
        return number
    }

    mutating func table(_ key: String) throws(UserError) -> TOMLTable? {
        try value(key, expected: "a table ([\(key)])") { $0.table }
    }

    /// Unknown keys are errors, so a typo does not silently do nothing.
    func rejectUnknownKeys() throws(UserError) {
        for key in table.keys where !seen.contains(key) {
            throw error(key, "is not a setting Pinwatch knows")
        }
    }

    private mutating func value<T>(_ key: String, expected: String,
                                   _ convert: (any TOMLValueConvertible) -> T?) throws(UserError) -> T? {
        seen.insert(key)
        guard let raw = table[key] else { return nil }
        guard let value = convert(raw) else { throw error(key, "must be \(expected)") }
        return value
    }

    private func error(_ key: String, _ problem: String) -> UserError {
        let dotted = prefix.isEmpty ? key : prefix + "." + key
        let table = prefix.isEmpty ? [] : prefix.split(separator: ".").map(String.init)
        let line = TOMLKeyLocator(source: text).line(of: table + [key]).map { ":\($0)" } ?? ""
        return UserError("\(path)\(line): \(dotted) \(problem).", hint: "Fix that line of the config file.")
    }
}

/// An error a user can meet: one clear sentence and what to do. Printed without a stack trace.
struct UserError: Error, CustomStringConvertible {
    /// What went wrong.
    let message: String
    /// What to do about it.
    let hint: String?
    /// The process exit code.
    let exitCode: Int32

    init(_ message: String, hint: String? = nil, exitCode: Int32 = 1) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    /// The message as a sentence (messages built from other errors may lack the full stop), then the hint.
    var description: String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let sentence = [".", "!", "?"].contains(where: trimmed.hasSuffix) ? trimmed : trimmed + "."
        return hint.map { "\(sentence) \($0)" } ?? sentence
    }
}
