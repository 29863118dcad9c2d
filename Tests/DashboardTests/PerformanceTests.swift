import AdsCache
import Dashboard
import Foundation
import PinterestAds
import PinwatchTestSupport
import ScreenGrid
import Testing

/// Frame and keystroke costs with 10,000 ad groups. Bounds are generous in debug builds; release
/// numbers are printed (`swift test -c release --filter PerformanceTests`).
@Suite("Performance", .serialized)
struct PerformanceTests {
    #if DEBUG
    static let frameBudget = 0.050
    static let keystrokeBudget = 0.150
    #else
    static let frameBudget = 0.002
    static let keystrokeBudget = 0.005
    #endif

    static func bigState() -> AppState {
        var snapshot = Fixture.snapshot()
        snapshot.adGroups = (0..<10_000).map { index in
            Fixture.adGroup(String(1_000_000 + index), "Ad group \(index) 夏のセール", campaign: "626736533506",
                            status: index % 3 == 0 ? .paused : .active, summary: .running,
                            budget: 1_000_000 * (index % 50 + 1), bid: 500_000, strategy: .maxBid)
        }
        for group in snapshot.adGroups.prefix(5_000) {
            snapshot.metrics[group.id] = AdGroupMetrics(spendToday: 1_230_000, impressionsToday: 4_567, clicksToday: 89,
                                                        dailySpend: (0..<14).map { $0 * 100_000 })
        }
        return Fixture.state(width: 200, height: 60, snapshot: snapshot)
    }

    /// Best of `runs` timings, in seconds.
    static func best(_ runs: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    @Test("200x60 frame with 10,000 ad groups draws only visible rows")
    func frame() async {
        let (grid, seconds) = await offPool { () -> (CellGrid, Double) in
            var state = Self.bigState()
            state.press(.pageDown, .pageDown)
            var grid = CellGrid(width: 0, height: 0)
            let seconds = Self.best(20) { grid = render(state, width: 200, height: 60) }
            return (grid, seconds)
        }
        print("PERF render 200x60, 10,000 ad groups: \(String(format: "%.3f", seconds * 1000)) ms")
        #expect(grid.height == 60)
        #expect(seconds < Self.frameBudget)
    }

    @Test("one filter keystroke over 10,000 rows")
    func filterKeystroke() async {
        let (result, seconds, expected) = await offPool { () -> (AppState, Double, Int) in
            let base = Self.bigState()
            var typed = base
            typed.press(.char("/"))
            typed.type("99")
            var result = typed
            let seconds = Self.best(10) {
                var state = typed
                _ = update(&state, .keyPressed(.char("9")))
                result = state
            }
            let expected = base.snapshot.adGroups.filter { ($0.name ?? "").contains("999") || $0.id.contains("999") }.count
            return (result, seconds, expected)
        }
        #expect(result.table.order.count == expected)
        print("PERF filter keystroke, 10,000 rows: \(String(format: "%.3f", seconds * 1000)) ms")
        #expect(seconds < Self.keystrokeBudget)
    }
}
