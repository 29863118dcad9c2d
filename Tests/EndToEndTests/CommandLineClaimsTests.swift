import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// What the README promises of the commands, tried as a new user would with the real binary.
extension EndToEnd.CommandLineEndToEndTests {
    /// Long option names in a help text.
    static func longOptions(in help: String) -> Set<String> {
        Set(help.split(whereSeparator: { " ,|[]<>()\n".contains($0) })
            .filter { $0.hasPrefix("--") && $0.count > 2 }.map(String.init))
    }

    // MARK: - help

    @Test("pinwatch --help lists the dashboard's own options, as pinwatch dashboard --help does")
    func rootHelpShowsDashboardOptions() async throws {
        let scratch = try Scratch()
        let root = try await Pinwatch.run(["--help"], environment: scratch.environment())
        let dashboard = try await Pinwatch.run(["dashboard", "--help"], environment: scratch.environment())
        #expect(root.status == 0 && dashboard.status == 0, "\(root)\n\(dashboard)")
        for option in ["--demo", "--theme", "--read-only", "--no-color", "--refresh", "--account"] {
            #expect(root.stdout.contains(option), "\(option) in pinwatch --help:\n\(root.stdout)")
        }
        let missing = Self.longOptions(in: dashboard.stdout).subtracting(Self.longOptions(in: root.stdout))
        #expect(missing.isEmpty, "dashboard options missing from pinwatch --help: \(missing.sorted())")
        #expect(root.stdout.components(separatedBy: "-h, --help").count == 2, "--help listed once:\n\(root.stdout)")
    }

    // MARK: - --demo on every command

    @Test("pinwatch themes --demo lists the themes, like pinwatch themes")
    func themesDemo() async throws {
        let scratch = try Scratch()
        let plain = try await Pinwatch.run(["themes"], environment: scratch.environment())
        let demo = try await Pinwatch.run(["themes", "--demo"], environment: scratch.environment())
        #expect(demo.status == 0, "\(demo)")
        #expect(demo.stdout == plain.stdout && demo.stdout.contains("solarized-dark"), "\(demo)")
    }

    @Test("pinwatch sandbox --demo with --dataset hostile is a usage error, not a silent choice")
    func sandboxDemoConflict() async throws {
        let scratch = try Scratch()
        let result = try await Pinwatch.run(["sandbox", "--demo", "--dataset", "hostile"], environment: scratch.environment())
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("--demo serves the demo data"), "\(result)")
    }

    // MARK: - sandbox on a port in use

    @Test("pinwatch sandbox [--demo] on a port in use says so at once and exits non-zero", arguments: [[], ["--demo"]])
    func sandboxPortInUse(_ extra: [String]) async throws {
        try await withSandbox { sandbox, scratch in
            let port = try #require(sandbox.baseURL.port)
            let started = Date()
            let result = try await Pinwatch.run(["sandbox", "--port", String(port)] + extra,
                                                environment: scratch.environment(), timeout: 30)
            let seconds = Date().timeIntervalSince(started)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "pinwatch: Port \(port) on 127.0.0.1 is already in use. "
                    + "Choose another with --port (0 picks a free one).\n", "\(result)")
            #expect(!result.stdout.contains("listening"), "\(result)")
            // The timeout that used to answer was 10 s; a refused bind is known at once.
            #expect(seconds < 5, "took \(seconds) s")
        }
    }

    // MARK: - config syntax errors

    @Test("a config key without a value, or a string without its closing quote: line, key and a plain sentence",
          arguments: [("request_timeout = \n", "request_timeout has no value after “=”"),
                      ("theme = \"light\n", "missing closing quote in the value of theme")])
    func configSyntax(_ line: String, sentence: String) async throws {
        try await withSandbox { sandbox, scratch in
            let path = try scratch.writeConfig("account = \"\(DemoData.primaryAccountID)\"\n" + line)
            let result = try await pinwatch(["status"], sandbox, scratch)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "pinwatch: \(path):2: \(sentence). Fix the TOML syntax on that line.\n", "\(result)")
            #expect(await sandbox.store.requests().isEmpty)
        }
    }

    // MARK: - status --format json with hostile data

    /// Scalars a terminal acts on: controls (but the output's own line breaks) and bidi controls.
    static func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x0A }
        return (0x7F...0x9F).contains(v) || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Those, and invisible format characters, which JSON output writes as escapes.
    static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        isTerminalControl(scalar) || scalar.properties.generalCategory == .format
    }

    @Test("status --format json on hostile data: valid JSON, no raw controls or bidi, the strings round-trip")
    func statusJSONHostile() async throws {
        let data = HostileData.make(now: SandboxHarness.referenceDate)
        try await withSandbox(data) { sandbox, scratch in
            let result = try await pinwatch(["status", "--account", HostileData.accountID, "--format", "json"],
                                            sandbox, scratch)
            #expect(result.status == 0, "\(result)")
            let raw = result.stdout.unicodeScalars.filter(Self.isDangerous)
            #expect(raw.isEmpty, "raw scalars in the JSON: \(raw.map { String($0.value, radix: 16) })")
            #expect(result.stdout.contains("\\u202E") && result.stdout.contains("\\u009B"),
                    "the bidi override and the 8-bit CSI are there, escaped")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let groups = Dictionary(data.adGroups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let campaigns = Dictionary(data.campaigns.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
            #expect(rows.count > HostileData.payloads.count / 2, "\(rows.count) rows")
            for row in rows {
                let id = try #require(row["id"] as? String)
                let group = try #require(groups[id], "row \(id) is an ad group of the data")
                #expect(row["name"] as? String == (group.name ?? ""), "the name of \(id) round-trips")
                #expect(row["campaign"] as? String == group.campaignId.flatMap { campaigns[$0] } ?? "")
            }
            let names = Set(rows.compactMap { $0["name"] as? String })
            for payload in HostileData.payloads where payload.tag == "H05" || payload.tag == "H07" {
                #expect(names.contains(payload.text), "\(payload.tag) is in the output exactly as served")
            }
        }
    }

    // MARK: - --fail-on-rejected names the ads

    /// The fields of one RFC 4180 line (quoted fields may hold commas and doubled quotes).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var previousWasQuote = false
        for c in line {
            if quoted {
                if c == "\"" {
                    quoted = false
                    previousWasQuote = true
                } else {
                    field.append(c)
                }
                continue
            }
            if c == "\"" {
                // A doubled quote inside a quoted field is one quote.
                if previousWasQuote { field.append("\"") }
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
            previousWasQuote = false
        }
        fields.append(field)
        return fields
    }

    @Test("status --fail-on-rejected names each rejected ad on stderr: id, name, ad group, reasons")
    func failOnRejectedNamesAds() async throws {
        try await withSandbox { sandbox, scratch in
            let result = try await pinwatch(["status", "--account", DemoData.primaryAccountID, "--fail-on-rejected",
                                             "--format", "csv"], sandbox, scratch)
            #expect(result.status == 3, "\(result)")
            let lines = result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map(Self.csvFields)
            let column = try #require(lines.first?.firstIndex(of: "REJECTED"), "a REJECTED column")
            let rejectedInTable = lines.dropFirst().compactMap { $0.indices.contains(column) ? Int($0[column]) : nil }
                .reduce(0, +)
            let stderr = result.stderrLines
            let count = rejectedInTable == 1 ? "1 ad is" : "\(rejectedInTable) ads are"
            #expect(stderr.first == "pinwatch: \(count) REJECTED:", "\(result)")
            #expect(stderr.count == 1 + rejectedInTable, "one line per rejected ad: \(result)")
            let ads = await sandbox.store.snapshot().ads
            for line in stderr.dropFirst() {
                let id = try #require(line.split(separator: " ").dropFirst().first.map(String.init), "\(line)")
                let ad = try #require(ads.first { $0.id == id }, "\(id) is an ad: \(line)")
                #expect(ad.reviewStatus == .rejected, "\(line)")
                // The name as served, or its start when it is cut to fit.
                let shown = String(try #require(line.split(separator: "“").dropFirst().first?.split(separator: "”").first,
                                                "\(line)"))
                // Emoji variation selectors are dropped before any terminal: terminals disagree on their width.
                let name = (ad.name ?? "").replacingOccurrences(of: "\u{FE0F}", with: "")
                #expect(shown == name || (shown.hasSuffix("…") && name.hasPrefix(String(shown.dropLast())) && shown.count > 80),
                        "the ad's name: \(line)")
                #expect(line.contains("in ad group \(ad.adGroupId ?? "?") “"), "its ad group: \(line)")
                for reason in ad.rejectedReasons ?? [] {
                    #expect(line.contains(reason.label), "reason \(reason.label): \(line)")
                }
            }
        }
    }

    @Test("--fail-on-rejected on hostile data: the names on stderr are sanitized")
    func failOnRejectedHostile() async throws {
        try await withSandbox(HostileData.make(now: SandboxHarness.referenceDate)) { sandbox, scratch in
            let result = try await pinwatch(["status", "--account", HostileData.accountID, "--fail-on-rejected"],
                                            sandbox, scratch)
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains(" REJECTED:"), "\(result)")
            let raw = result.stderr.unicodeScalars.filter(Self.isTerminalControl)
            #expect(raw.isEmpty, "raw scalars on stderr: \(raw.map { String($0.value, radix: 16) })")
        }
    }
}
