import AdsCache
import ArgumentParser
import Foundation
import PinterestSandbox

/// `pinwatch-bench`: repeatable timings of the hot paths on a large synthetic account, and the
/// data file the process-level measures (`scripts/bench-process`) serve from the sandbox.
///
/// An executable of its own, so the measures and their data set do not ship inside `pinwatch`.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinwatch-bench",
        abstract: "Measure decoding, the table, rendering, diffing and the cache on a large synthetic account.",
        discussion: """
            Every measure is the median (with p90 and min) of --iterations runs after --warmup runs. \
            Build with `swift build -c release` first: debug numbers are not meaningful. \
            With --write-data FILE it only writes the synthetic account as a sandbox data file \
            (for `pinwatch sandbox --data FILE`) and exits.
            """
    )

    @Option(help: "Timed runs per measure (cache saves use a third of them, at least 3).")
    var iterations = 15

    @Option(help: "Untimed runs before each measure.")
    var warmup = 3

    @Option(help: ArgumentHelp("Where to write the results as JSON.", valueName: "path"))
    var json = "bench-results/bench.json"

    @Option(name: .customLong("ad-groups"), help: "Ad groups in the synthetic account.")
    var adGroups = 10_000

    @Option(name: .customLong("ads-per-group"), help: "Ads per ad group.")
    var adsPerGroup = 5

    @Option(help: ArgumentHelp("Run only these measures (comma-separated ids, as in the JSON), e.g. to profile one.", valueName: "ids"))
    var only: String?

    @Option(name: .customLong("write-data"), help: ArgumentHelp("Write the synthetic account as a sandbox data file and exit.", valueName: "path"))
    var writeData: String?

    /// Sets up the allocator as `pinwatch` does, so the measures see the same memory behaviour.
    static func main() {
        ProcessMemory.useOneArena()
        main(nil)
    }

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative.") }
        guard (1...1_000_000).contains(adGroups) else { throw ValidationError("--ad-groups must be 1 to 1,000,000.") }
        guard (0...100).contains(adsPerGroup) else { throw ValidationError("--ads-per-group must be 0 to 100.") }
    }

    func run() throws {
        if let writeData {
            let data = SyntheticData.make(adGroups: adGroups, adsPerGroup: adsPerGroup, now: BenchData.referenceTime)
            let url = URL(fileURLWithPath: writeData)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.encoded().write(to: url, options: .atomic)
            print("Wrote \(data.adGroups.count) ad groups and \(data.ads.count) ads to \(writeData)")
            return
        }
        if BenchReport.buildConfiguration == "debug" {
            print("Warning: this is a debug build; build with `swift build -c release` for meaningful numbers.\n")
        }
        let started = Date()
        print("Generating \(adGroups) ad groups × \(adsPerGroup) ads…")
        let data = try BenchData(adGroups: adGroups, adsPerGroup: adsPerGroup)
        print("Measuring: \(warmup) warm-up + \(iterations) timed runs each.\n")
        var suite = BenchSuite(bench: Bench(iterations: iterations, warmup: warmup), data: data)
        suite.only = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        suite.progress = { result in
            print("  \(result.name): median \(BenchReport.format(result.medianMs)) ms")
        }
        let results = try suite.run()
        let report = BenchReport(
            date: ISO8601DateFormatter().string(from: started), build: BenchReport.buildConfiguration,
            iterations: iterations, warmup: warmup, machine: .current(),
            data: .init(adGroups: data.snapshot.adGroups.count, ads: data.data.ads.count,
                        campaigns: data.snapshot.campaigns.count, changes: data.changeSummary),
            results: results)
        print("\n" + BenchReport.table(results) + "\n")
        let machine = report.machine
        print("\(report.build) build, \(machine.cores) cores, \(machine.memoryGB) GB, \(machine.cpu ?? machine.os)")
        try report.write(to: json)
        print("Wrote \(json)")
        let missed = results.filter { $0.pass == false }
        if !missed.isEmpty {
            print("MISSED: " + missed.map(\.id).joined(separator: ", "))
        }
    }
}
