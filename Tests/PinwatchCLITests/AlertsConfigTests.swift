import AdsCache
import Dashboard
import Foundation
import Logging
import Synchronization
import Testing
@testable import pinwatch

/// `[alerts]` in config.toml, and the command hook it names.
@Suite("Alerts config and hook")
struct AlertsConfigTests {
    let path = "/home/u/.config/pinwatch/config.toml"

    @Test("every [alerts] key is read; 0 turns a threshold off; the defaults otherwise")
    func keys() throws {
        let config = try PinwatchConfig.parse("""
            [alerts]
            bell = false
            desktop = false
            command = "cat >> /tmp/alerts.jsonl"
            command_timeout = 5
            ad_rejected = true
            delivery_stopped = false
            budget_exhausted = false
            pacing_above = 0
            pacing_below = 0.3
            anomaly_factor = 3
            anomaly_weeks = 4
            account_status = false
            """, path: path)
        #expect(config.alerts.delivery == AlertDelivery(bell: false, desktop: false))
        #expect(config.alerts.command == "cat >> /tmp/alerts.jsonl" && config.alerts.commandTimeout == 5)
        let settings = config.alerts.settings
        #expect(settings.adRejected && !settings.deliveryStopped && !settings.budgetExhausted && !settings.accountStatus)
        #expect(settings.pacingAbove == nil && settings.pacingBelow == 0.3)
        #expect(settings.anomalyFactor == 3 && settings.anomalyWeeks == 4)

        let defaults = try PinwatchConfig.parse("", path: path).alerts
        #expect(defaults.delivery == AlertDelivery(bell: true, desktop: true))
        #expect(defaults.settings == AlertSettings())
    }

    @Test("mistakes name the line and the key", arguments: [
        ("[alerts]\nbel = true", "config.toml:2: alerts.bel is not a setting Pinwatch knows"),
        ("[alerts]\npacing_below = 2", "config.toml:2: alerts.pacing_below must be between 0 and 1"),
        ("[alerts]\ncommand = 3", "config.toml:2: alerts.command must be a string"),
    ])
    func mistakes(text: String, expected: String) {
        do {
            _ = try PinwatchConfig.parse(text, path: path)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    /// Log lines, for checking what the hook reported.
    final class Lines: @unchecked Sendable, LogHandler {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lines.withLock { $0.append("\(event.level): \(event.message)") }
        }
    }

    static let alert = Alert(kind: .adRejected, accountID: "549755885175", entityType: "ad", entityID: "a1",
                             name: "Linen", message: "ad 'Linen' rejected: Clickbait", time: Date(timeIntervalSince1970: 0))

    @Test("the hook gets one JSON object per alert on stdin, without Pinterest secrets in its environment")
    func hookInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-hook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("alerts.jsonl").path
        let handler = Lines()
        let hook = AlertHook(command: "cat >> '\(out)'; echo \"token=${PINTEREST_ACCESS_TOKEN:-none}\" >> '\(out)'",
                             logger: Logger(label: "test") { _ in handler },
                             environment: ["PATH": "/usr/bin:/bin", "PINTEREST_ACCESS_TOKEN": "pina_secret"])
        var second = Self.alert
        second.entityID = "a2"
        hook.run([Self.alert, second])
        hook.drain()
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[1] == "token=none" && lines[3] == "token=none")
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
        #expect(first?["entity_id"] == "a1" && first?["kind"] == "ad_rejected" && first?["time"] == "1970-01-01T00:00:00Z")
        #expect(handler.lines.withLock { $0 }.isEmpty)
    }

    @Test("a failing, chatty or hanging hook is logged, stopped after its timeout, and does not hold up the next")
    func hookFailures() {
        let handler = Lines()
        let logger = Logger(label: "test") { _ in handler }
        AlertHook(command: "echo broken >&2; exit 3", logger: logger, environment: [:]).runAndWait([Self.alert])
        let started = Date()
        AlertHook(command: "exec sleep 30", timeout: 1, logger: logger, environment: [:]).runAndWait([Self.alert])
        #expect(Date().timeIntervalSince(started) < 10, "stopped after its timeout")
        AlertHook(command: "exit 0", logger: logger, environment: [:]).runAndWait([Self.alert])
        let logged = handler.lines.withLock { $0 }.filter { !$0.hasPrefix("debug") }
        #expect(logged.contains { $0.contains("failed with status 3") })
        #expect(logged.contains { $0.contains("said: broken") })
        #expect(logged.contains { $0.contains("timed out after 1 s") })
        #expect(logged.count == 3, "\(logged)")
    }
}

extension AlertHook {
    func runAndWait(_ alerts: [Alert]) {
        run(alerts)
        drain()
    }
}

/// Hyperlinks: on where the terminal is known to show them, or as config.toml says.
@Suite("Hyperlink detection")
struct HyperlinkDetectionTests {
    @Test("known terminals on, unknown ones and multiplexers off", arguments: [
        (["TERM_PROGRAM": "iTerm.app"], true),
        (["TERM": "xterm-kitty"], true),
        (["VTE_VERSION": "7200", "TERM": "xterm-256color"], true),
        (["WT_SESSION": "x"], true),
        (["TERM": "xterm-256color"], false),
        (["TERM": "screen", "STY": "1.pts"], false),
        (["TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/tmux,1,0"], false),
    ])
    func detection(environment: [String: String], expected: Bool) {
        #expect(Hyperlinks.knownToWork(environment: environment) == expected)
    }

    @Test("hyperlinks = true|false in config.toml")
    func config() throws {
        #expect(try PinwatchConfig.parse("hyperlinks = true", path: "c.toml").hyperlinks == true)
        #expect(try PinwatchConfig.parse("", path: "c.toml").hyperlinks == nil)
    }
}
