import Dashboard
import Foundation
import Testing
@testable import pinwatch

/// config.toml parsing: every setting read, and every mistake reported with file, line and key.
@Suite("config.toml")
struct PinwatchConfigTests {
    let path = "/home/u/.config/pinwatch/config.toml"

    /// The message of the error `parse` throws for `text`.
    func parseError(_ text: String) -> UserError? {
        do {
            _ = try PinwatchConfig.parse(text, path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a full config: every documented setting is read")
    func fullConfig() throws {
        let config = try PinwatchConfig.parse("""
            # comments are fine
            account = "549755885175"
            base_url = "http://127.0.0.1:8080/v5"
            theme = "light"
            read_only = true
            request_timeout = 5

            [refresh]
            ad_groups = 10
            ads_in_view = 5.5
            ads = 60
            analytics = 600
            other_accounts = 900

            [credentials]
            access_token = "pina_abc"
            refresh_token = "pinr_def"
            app_id = "1234"
            app_secret = "s3cret"
            """, path: path)
        #expect(config.account == "549755885175")
        #expect(config.baseURL == "http://127.0.0.1:8080/v5")
        #expect(config.theme == "light")
        #expect(config.readOnly == true)
        #expect(config.requestTimeout == 5)
        #expect(config.refresh == .init(adGroups: 10, adsInView: 5.5, ads: 60, analytics: 600, otherAccounts: 900))
        #expect(config.accessToken == "pina_abc")
        #expect(config.refreshToken == "pinr_def")
        #expect(config.appID == "1234")
        #expect(config.appSecret == "s3cret")
        #expect(config.holdsSecrets)
    }

    @Test("an empty file is the default config")
    func emptyConfig() throws {
        #expect(try PinwatchConfig.parse("", path: path) == PinwatchConfig())
        #expect(!PinwatchConfig().holdsSecrets)
    }

    @Test("malformed TOML names the file and the line")
    func malformed() throws {
        let error = try #require(parseError("account = \"1\"\n\ntheme = = \"x\"\n"))
        #expect(error.message.hasPrefix("\(path):3: "), "\(error.message)")
        #expect(error.description.contains("Fix"))
    }

    @Test("an unterminated table header names its line")
    func badTableHeader() throws {
        let error = try #require(parseError("account = \"1\"\n[refresh\nads = 5\n"))
        #expect(error.message.hasPrefix("\(path):2: "), "\(error.message)")
    }

    @Test("a wrong type names the line and the key", arguments: [
        ("account = 549755885175\n", 1, "account must be a string"),
        ("theme = \"light\"\nread_only = \"yes\"\n", 2, "read_only must be true or false"),
        ("[refresh]\nads = 60\nad_groups = \"fast\"\n", 3, "refresh.ad_groups must be a number of seconds"),
        ("[credentials]\n\naccess_token = 12\n", 3, "credentials.access_token must be a string"),
        ("refresh = 5\n", 1, "refresh must be a table"),
    ])
    func wrongType(_ text: String, line: Int, problem: String) throws {
        let error = try #require(parseError(text))
        #expect(error.message.hasPrefix("\(path):\(line): \(problem)"), "\(error.message)")
    }

    @Test("a cadence outside 1...86400 seconds names the line and the key")
    func cadenceOutOfRange() throws {
        let error = try #require(parseError("[refresh]\nanalytics = 0.5\n"))
        #expect(error.message == "\(path):2: refresh.analytics must be between 1 and 86400 seconds.")
    }

    @Test("a request timeout outside 1...600 seconds names the line and the key")
    func requestTimeoutOutOfRange() throws {
        let error = try #require(parseError("theme = \"light\"\nrequest_timeout = 900\n"))
        #expect(error.message == "\(path):2: request_timeout must be between 1 and 600 seconds.")
    }

    @Test("the client waits as long as --request-timeout says, else the config, else 20 s")
    func requestTimeoutPrecedence() throws {
        var config = PinwatchConfig()
        let defaults = try ConnectionOptions.parse([])
        #expect(Session.clientConfiguration(options: defaults, config: config).requestTimeout == 20)
        config.requestTimeout = 7
        #expect(Session.clientConfiguration(options: defaults, config: config).requestTimeout == 7)
        let given = try ConnectionOptions.parse(["--request-timeout", "3"])
        #expect(Session.clientConfiguration(options: given, config: config).requestTimeout == 3)
        #expect(throws: (any Error).self) { try ConnectionOptions.parse(["--request-timeout", "0.5"]) }
    }

    @Test("an unknown key is an error naming it and its line, at the top level and in tables", arguments: [
        ("account = \"1\"\nacount = \"2\"\n", 2, "acount"),
        ("[refresh]\nad_groups = 5\nadgroups = 5\n", 3, "refresh.adgroups"),
        ("[credentials]\ntoken = \"x\"\n", 2, "credentials.token"),
        ("[colors]\nred = 1\n", 1, "colors"),
    ])
    func unknownKey(_ text: String, line: Int, key: String) throws {
        let error = try #require(parseError(text))
        #expect(error.message == "\(path):\(line): \(key) is not a setting Pinwatch knows.", "\(error.message)")
    }

    @Test("a same-named key in another table does not confuse the line number")
    func lineOfKeyInTable() throws {
        let text = "account = \"1\"\n[credentials]\napp_id = \"1\"\n[refresh]\nads = \"x\"\naccount = 2\n"
        let wrongType = try #require(parseError(text))
        #expect(wrongType.message == "\(path):5: refresh.ads must be a number of seconds.", "\(wrongType.message)")
        let misplaced = try #require(parseError("account = \"1\"\n[refresh]\nads = 5\naccount = \"2\"\n"))
        #expect(misplaced.message == "\(path):4: refresh.account is not a setting Pinwatch knows.", "\(misplaced.message)")
    }

    @Test("a syntax error names the line and the key in a plain sentence", arguments: [
        ("account = \"1\"\nrequest_timeout = \n", 2, "request_timeout has no value after “=”"),
        ("account = \"1\"\ntheme = \"light\n", 2, "missing closing quote in the value of theme"),
        ("[refresh]\nads = 5\nanalytics =   # soon\n", 3, "refresh.analytics has no value after “=”"),
        ("[credentials]\napp_id = 'x\n", 2, "missing closing quote in the value of credentials.app_id"),
        ("account = \"1\"\n\ntheme = = \"x\"\n", 3, "the value of theme is not valid TOML ("),
        ("account = \"1\"\n[refresh\nads = 5\n", 2, "the table header “[refresh” is missing its closing “]”"),
    ])
    func syntaxError(_ text: String, line: Int, sentence: String) throws {
        let error = try #require(parseError(text))
        #expect(error.message.hasPrefix("\(path):\(line): \(sentence)"), "\(error.message)")
        #expect(!error.message.contains("\n"), "one line: \(error.message)")
        #expect(!error.message.contains("Error while parsing") && !error.message.contains("unescaped control"),
                "the parser's own words are not the message: \(error.message)")
        #expect(error.description.hasSuffix("Fix the TOML syntax on that line."))
    }

    @Test("the key locator answers the key in its own table")
    func locatorLineOfKeyInTable() {
        let text = "account = \"1\"\n[credentials]\napp_id = \"1\"\n[refresh]\nads = 5\n"
        let locator = TOMLKeyLocator(source: text)
        #expect(locator.line(of: ["refresh", "ads"]) == 5)
        #expect(locator.line(of: ["account"]) == 1)
        #expect(locator.line(of: ["refresh", "account"]) == 4, "the [refresh] table, not the top-level account")
    }

    // MARK: - Files

    func withFile(_ text: String, mode: mode_t, _ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        #expect(chmod(file, mode) == 0)
        try body(file)
    }

    @Test("a token in a file readable by group or others is refused, with the chmod hint", arguments: [0o640, 0o604, 0o644])
    func secretsNeedPrivateFile(mode: Int) throws {
        try withFile("[credentials]\naccess_token = \"pina_abc\"\n", mode: mode_t(mode)) { file in
            #expect {
                try PinwatchConfig.load(path: file, explicit: true)
            } throws: { error in
                guard let error = error as? UserError else { return false }
                return error.message.contains("readable by group or others") && error.hint == "Run: chmod 600 \(file)"
                    && !error.description.contains("pina_abc")
            }
        }
    }

    @Test("a private file with a token, or a readable one without secrets, loads")
    func loadsWhenSafe() throws {
        try withFile("[credentials]\naccess_token = \"pina_abc\"\n", mode: 0o600) { file in
            let config = try PinwatchConfig.load(path: file, explicit: true)
            #expect(config.accessToken == "pina_abc")
        }
        try withFile("theme = \"light\"\n", mode: 0o644) { file in
            let config = try PinwatchConfig.load(path: file, explicit: false)
            #expect(config.theme == "light")
        }
    }

    @Test("a missing file is fine at the default path and an error when given with --config")
    func missingFile() throws {
        let missing = "/nonexistent/pinwatch/config.toml"
        #expect(try PinwatchConfig.load(path: missing, explicit: false) == PinwatchConfig())
        #expect(throws: UserError.self) { try PinwatchConfig.load(path: missing, explicit: true) }
    }

    @Test("the default path follows XDG_CONFIG_HOME, else HOME")
    func defaultPath() {
        #expect(PinwatchConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/pinwatch/config.toml")
        #expect(PinwatchConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"])
                == "/h/.config/pinwatch/config.toml")
    }

    @Test("a user error reads as one sentence, then what to do")
    func userErrorSentence() {
        #expect(UserError("Something broke", hint: "Do this.").description == "Something broke. Do this.")
        #expect(UserError("Something broke.", hint: "Do this.").description == "Something broke. Do this.")
        #expect(UserError("Why?").description == "Why?")
    }
}
