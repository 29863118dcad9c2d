import Foundation

/// What `pinwatch bench` writes to `--json`: where it ran, on what data, and every result.
struct BenchReport: Encodable {
    struct Machine: Encodable {
        var cores: Int
        var memoryGB: Double
        var os: String
        var cpu: String?

        enum CodingKeys: String, CodingKey {
            case cores, os, cpu
            case memoryGB = "memory_gb"
        }

        static func current() -> Machine {
            let info = ProcessInfo.processInfo
            return Machine(cores: info.activeProcessorCount,
                           memoryGB: (Double(info.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
                           os: info.operatingSystemVersionString, cpu: cpuModel())
        }

        /// "model name" from /proc/cpuinfo (Linux), if readable.
        static func cpuModel() -> String? {
            guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
            for line in text.split(separator: "\n") where line.hasPrefix("model name") {
                return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
            }
            return nil
        }
    }

    struct DataSet: Encodable {
        var adGroups: Int
        var ads: Int
        var campaigns: Int
        var changes: String

        enum CodingKeys: String, CodingKey {
            case campaigns, changes, ads
            case adGroups = "ad_groups"
        }
    }

    var date: String
    var build: String
    var iterations: Int
    var warmup: Int
    var machine: Machine
    var data: DataSet
    var results: [BenchResult]

    /// The build configuration of this binary.
    static var buildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(self) + Data("\n".utf8)).write(to: url, options: .atomic)
    }

    /// The results as a fixed-width table, with each target and PASS/MISS.
    static func table(_ results: [BenchResult]) -> String {
        let header = ["measure", "median ms", "p90 ms", "min ms", "runs", "target ms", "result"]
        var lines: [[String]] = [header]
        for result in results {
            lines.append([
                result.name, format(result.medianMs), format(result.p90Ms), format(result.minMs), String(result.runs),
                result.targetMs.map { "≤ " + format($0) } ?? "—",
                result.pass.map { $0 ? "PASS" : "MISS" } ?? "",
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.enumerated().map { index, cells in
            let row = cells.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 || column == cells.count - 1 ? text + pad : pad + text
            }.joined(separator: "  ")
            return index == 0 ? row + "\n" + String(repeating: "-", count: row.count) : row
        }.joined(separator: "\n")
    }

    static func format(_ ms: Double) -> String {
        switch ms {
        case ..<10: String(format: "%.3f", ms)
        case ..<100: String(format: "%.2f", ms)
        default: String(format: "%.1f", ms)
        }
    }
}
