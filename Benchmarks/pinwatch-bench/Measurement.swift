import Dispatch
import Foundation

/// Timings of one benchmark: every run after warm-up, in milliseconds.
struct BenchResult: Encodable {
    /// Stable key (`render_frame`), used in the JSON.
    var id: String
    /// What was measured, for people.
    var name: String
    /// Runs timed (warm-up runs excluded).
    var runs: Int
    /// Median of the runs.
    var medianMs: Double
    /// 90th percentile (nearest rank).
    var p90Ms: Double
    /// Fastest run.
    var minMs: Double
    /// The target for the median, if this measure has one.
    var targetMs: Double?
    /// Whether the median meets the target (nil without a target).
    var pass: Bool?

    enum CodingKeys: String, CodingKey {
        case id, name, runs, pass
        case medianMs = "median_ms"
        case p90Ms = "p90_ms"
        case minMs = "min_ms"
        case targetMs = "target_ms"
    }

    init(id: String, name: String, samples: [Double], targetMs: Double?) {
        let sorted = samples.sorted()
        self.id = id
        self.name = name
        runs = sorted.count
        medianMs = Self.median(sorted)
        p90Ms = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((0.9 * Double(sorted.count)).rounded(.up)) - 1)]
        minMs = sorted.first ?? 0
        self.targetMs = targetMs
        pass = targetMs.map { medianMs <= $0 }
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Runs benchmarks: `warmup` untimed runs, then `iterations` timed ones.
struct Bench {
    var iterations: Int
    var warmup: Int
    /// Ids of the measures to run (all when nil); the others are skipped and give nil.
    var only: Set<String>? = nil

    func wants(_ id: String) -> Bool { only?.contains(id) ?? true }

    /// Times `body`; `setup` runs before each run, untimed, and hands its value to `body`
    /// (so e.g. a fresh copy of the state is keystroked every time).
    func measure<Input>(_ id: String, _ name: String, target: Double? = nil, iterations: Int? = nil,
                        setup: () throws -> Input, _ body: (inout Input) throws -> Void) rethrows -> BenchResult? {
        guard wants(id) else { return nil }
        let runs = max(1, iterations ?? self.iterations)
        for _ in 0..<warmup {
            var input = try setup()
            try body(&input)
        }
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs {
            var input = try setup()
            let start = DispatchTime.now().uptimeNanoseconds
            try body(&input)
            let end = DispatchTime.now().uptimeNanoseconds
            samples.append(Double(end - start) / 1e6)
            withExtendedLifetime(input) {}
        }
        return BenchResult(id: id, name: name, samples: samples, targetMs: target)
    }

    /// Times `body` with no per-run setup.
    func measure(_ id: String, _ name: String, target: Double? = nil, iterations: Int? = nil,
                 _ body: () throws -> Void) rethrows -> BenchResult? {
        try measure(id, name, target: target, iterations: iterations, setup: { () }, { _ in try body() })
    }
}

/// Keeps a value alive and opaque to the optimizer, so measured work is not thrown away.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
