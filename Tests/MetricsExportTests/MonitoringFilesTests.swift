import Foundation
import MetricsExport
import Testing

/// The files in Monitoring/: alerting rules that load and fire as their tests say, and a Grafana
/// dashboard whose queries parse and name only metrics the exporter serves. The promtool checks
/// run when promtool is installed (Debian's `prometheus` package, which `.ci/run` installs).
@Suite("Monitoring files")
struct MonitoringFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Monitoring")

    static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs promtool with `arguments` in the Monitoring folder; returns its status and output.
    static func promtool(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(promtool))
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every PromQL expression of the dashboard, with Grafana's variables given values.
    static func dashboardExpressions() throws -> [String] {
        let data = try Data(contentsOf: folder.appendingPathComponent("pinwatch-grafana-dashboard.json"))
        var found: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let expr = object["expr"] as? String { found.append(expr) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(try JSONSerialization.jsonObject(with: data))
        return found.map {
            $0.replacingOccurrences(of: "$account_id", with: ".*").replacingOccurrences(of: "$__rate_interval", with: "5m")
        }
    }

    @Test("The alerting rules load", .enabled(if: promtool != nil))
    func rulesLoad() throws {
        let result = try Self.promtool(["check", "rules", "pinwatch-alerts.yml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: 6 rules found"), "\(result.output)")
    }

    @Test("Each alert fires on the series that should fire it, and only on those", .enabled(if: promtool != nil))
    func rulesFire() throws {
        let result = try Self.promtool(["test", "rules", "pinwatch-alerts.test.yml"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("The sample Prometheus config is valid", .enabled(if: promtool != nil))
    func config() throws {
        let result = try Self.promtool(["check", "config", "prometheus.yml"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("The rules and the dashboard name only metrics the exporter serves, and use every family")
    func metricNames() throws {
        let rules = try String(contentsOf: Self.folder.appendingPathComponent("pinwatch-alerts.yml"), encoding: .utf8)
        let dashboard = try Self.dashboardExpressions()
        #expect(dashboard.count >= 10)
        let known = Set(MetricFamily.allCases.map(\.name))
        var used: Set<String> = []
        for text in [rules] + dashboard {
            let names = text.matches(of: /pinwatch_[a-z_]+/).map { String($0.output) }
            for name in names {
                #expect(known.contains(name), "\(name) is not a metric the exporter serves")
                used.insert(name)
            }
        }
        #expect(used == known, "not used: \(known.subtracting(used).sorted())")
    }

    @Test("Every dashboard query parses as PromQL", .enabled(if: promtool != nil))
    func dashboardParses() throws {
        let expressions = try Self.dashboardExpressions()
        // promtool parses expressions only inside rule files: one recording rule per query.
        let rules = "groups:\n  - name: dashboard\n    rules:\n" + expressions.enumerated().map { index, expr in
            "      - record: dashboard_query_\(index)\n        expr: '\(expr.replacingOccurrences(of: "'", with: "''"))'\n"
        }.joined()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-dashboard-\(UUID().uuidString).yml")
        try Data(rules.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.promtool(["check", "rules", file.path])
        #expect(result.status == 0, "\(result.output)\n\(rules)")
        #expect(result.output.contains("SUCCESS: \(expressions.count) rules found"), "\(result.output)")
    }

    @Test("The README's Exporter table lists every metric with its labels, and nothing else")
    func readmeTable() throws {
        let readme = try String(contentsOf: Self.folder.deletingLastPathComponent().appendingPathComponent("README.md"),
                                encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "## Exporter"), "README.md has an Exporter section")
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }
        var documented: [String: Set<String>] = [:]
        for row in section where row.hasPrefix("| `pinwatch_") {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = try #require(cells.first?.firstMatch(of: /`([a-z_]+)`/)?.output.1)
            documented[String(name)] = Set(cells[1].matches(of: /`([a-z_]+)`/).map { String($0.output.1) })
        }
        let served = Dictionary(uniqueKeysWithValues: MetricFamily.allCases.map { ($0.name, Set($0.labelNames)) })
        #expect(documented == served)
    }
}
