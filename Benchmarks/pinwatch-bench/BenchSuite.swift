import AdsCache
import Dashboard
import Foundation
import PinterestAds
import PinterestSandbox

/// The in-process benchmarks: decoding (JSON and compact), the ad group table, one frame, the snapshot diff and the cache.
struct BenchSuite {
    /// Targets for the median, in milliseconds (release build).
    enum Target {
        static let frame = 2.0
        static let filterKeystroke = 5.0
        static let diff = 50.0
        static let cacheLoad = 150.0
    }

    let bench: Bench
    let data: BenchData
    /// Rows and columns of the rendered frame.
    var width = 200
    var height = 60
    /// Called with each result as it is measured.
    var progress: (BenchResult) -> Void = { _ in }
    /// Ids of the measures to run (all when nil), e.g. to profile one.
    var only: Set<String>?

    func run() throws -> [BenchResult] {
        var results: [BenchResult] = []
        let bench = Bench(iterations: self.bench.iterations, warmup: self.bench.warmup, only: only)
        func record(_ result: BenchResult?) {
            guard let result else { return }
            results.append(result)
            progress(result)
        }
        try decoding(bench, record)
        table(bench, record)
        try cache(bench, record)
        return results
    }

    // MARK: - Decoding

    private func decoding(_ bench: Bench, _ record: (BenchResult?) -> Void) throws {
        let decoder = JSONDecoder()
        let first = data.firstPage
        record(try bench.measure("decode_page", "decode one 250-ad-group page (\(first.count / 1024) KB)") {
            blackHole(try decoder.decode(Page<AdGroup>.self, from: first))
        })
        let pages = data.allPages
        let total = pages.reduce(0) { $0 + $1.count }
        record(try bench.measure("decode_all_ad_groups",
                                 "decode \(data.data.adGroups.count) ad groups (\(pages.count) pages, \(total / 1_048_576) MB)") {
            var count = 0
            for page in pages { count += try decoder.decode(Page<AdGroup>.self, from: page).items.count }
            blackHole(count)
        })
        try compact(bench, record)
    }

    /// The compact binary form the cache can store instead of JSON: one blob per ad group and per ad,
    /// as the cache keeps one row per object.
    private func compact(_ bench: Bench, _ record: (BenchResult?) -> Void) throws {
        try compact(data.data.adGroups, "ad_groups", "ad groups", bench, record)
        try compact(data.data.ads, "ads", "ads", bench, record)
    }

    private func compact<T: CompactCodable & Equatable>(_ values: [T], _ id: String, _ noun: String,
                                                        _ bench: Bench, _ record: (BenchResult?) -> Void) throws {
        let count = values.count
        // The results are kept past the timed part (setup hands in an empty array), so freeing the
        // previous run's tens of thousands of values is not timed: the cache keeps what it loads.
        record(bench.measure("encode_\(id)_compact", "encode \(count) \(noun), compact (one blob each)",
                             setup: { [Data]() }) { blobs in
            blobs = values.map { CompactCodec.encode($0) }
        })
        let decodeID = "decode_\(id)_compact"
        guard bench.wants(decodeID) else { return }
        let blobs = values.map { CompactCodec.encode($0) }
        let size = blobs.reduce(0) { $0 + $1.count }
        record(try bench.measure(decodeID, "decode \(count) \(noun), compact (\(size / 1024) KB)",
                                 setup: { [T]() }) { decoded in
            decoded = try blobs.map { try CompactCodec.decode(T.self, from: $0) }
        })
        let decoded = try blobs.map { try CompactCodec.decode(T.self, from: $0) }
        guard decoded == values else { throw BenchFailure("the compact form gave back different \(noun)") }
    }

    // MARK: - Dashboard

    private func freshState() -> AppState {
        AppState(themeNames: ["default"], width: width, height: height, now: BenchData.referenceTime,
                 timeZone: TimeZone(identifier: "UTC") ?? .current, glyphs: .unicode)
    }

    private func table(_ bench: Bench, _ record: (BenchResult?) -> Void) {
        let snapshot = data.snapshot
        let rows = snapshot.adGroups.count
        let empty = freshState()
        record(bench.measure("table_build", "build the ad group table model (\(rows) rows)", setup: { empty }) { state in
            _ = update(&state, .snapshotArrived(snapshot, []))
        })
        var loaded = empty
        _ = update(&loaded, .snapshotArrived(snapshot, []))
        let ready = loaded
        record(bench.measure("table_sort", "sort it by the next column (s, \(rows) rows)", setup: { ready }) { state in
            _ = update(&state, .keyPressed(.char("s")))
        })
        let character: Character = "e"
        record(bench.measure("filter_keystroke", "filter keystroke: / then \"\(character)\" (\(rows) rows)",
                             target: Target.filterKeystroke, setup: { ready }) { state in
            _ = update(&state, .keyPressed(.char("/")))
            _ = update(&state, .keyPressed(.char(character)))
        })
        var filtered = ready
        _ = update(&filtered, .keyPressed(.char("/")))
        _ = update(&filtered, .keyPressed(.char(character)))
        let narrowing = filtered
        record(bench.measure("filter_keystroke_2", "filter keystroke: second character \"1\" (narrowing)",
                             target: Target.filterKeystroke, setup: { narrowing }) { state in
            _ = update(&state, .keyPressed(.char("1")))
        })
        var scrolled = ready
        for _ in 0..<3 { _ = update(&scrolled, .keyPressed(.pageDown)) }
        let middle = scrolled
        record(bench.measure("render_frame", "render one \(width)x\(height) frame (\(rows) rows)", target: Target.frame) {
            blackHole(render(middle, width: width, height: height))
        })
        record(bench.measure("scroll_step", "scroll one row (j) + render (\(rows) rows)", setup: { middle }) { state in
            _ = update(&state, .keyPressed(.char("j")))
            blackHole(render(state, width: width, height: height))
        })

        let changed = data.changedSnapshot
        let time = BenchData.referenceTime
        record(bench.measure("snapshot_diff",
                             "diff two snapshots (\(rows) ad groups, \(snapshot.adsByAdGroup.values.reduce(0) { $0 + $1.count }) ads; \(data.changeSummary))",
                             target: Target.diff) {
            blackHole(SnapshotDiff.changes(from: snapshot, to: changed, at: time))
        })
    }

    // MARK: - Cache

    private func cache(_ bench: Bench, _ record: (BenchResult?) -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pinwatch-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try? FileManager.default.removeItem(at: directory)
        let database = try CacheDatabase(directory: directory, accountID: SyntheticData.accountID, identity: "bench")
        let snapshot = data.snapshot
        let ads = snapshot.adsByAdGroup.values.reduce(0) { $0 + $1.count }
        // Saving is slow and runs off the UI thread (every minute at most): fewer runs.
        let saveRuns = max(3, bench.iterations / 3)
        let listed = snapshot.allAds.enumerated().map { (ad: $0.element, position: $0.offset) }
        let allIDs = Set(listed.map(\.ad.id))
        record(try bench.measure("cache_save", "save a snapshot (\(snapshot.adGroups.count) ad groups, \(ads) ads)",
                                 iterations: saveRuns) {
            try database.saveSnapshot(snapshot, savedAt: BenchData.referenceTime)
            try database.writeAds(listed: listed, allIDs: allIDs)
        })
        // As the dashboard starts: every ad in brief, full ads only for an account under the limit.
        let limit = RefreshConfiguration().residentAdsLimit
        var loaded: Snapshot?
        record(bench.measure("cache_load", "load that snapshot (ads in full up to \(limit), else in brief)",
                             target: Target.cacheLoad) {
            loaded = database.loadSnapshot(fullAdsLimit: limit)
        })
        guard bench.wants("cache_load") else { return }
        guard let loaded, loaded.adGroups.count == snapshot.adGroups.count, loaded.adCount == ads else {
            throw BenchFailure("the cache gave back a different snapshot")
        }
    }
}

/// A benchmark whose result is wrong, not merely slow.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
