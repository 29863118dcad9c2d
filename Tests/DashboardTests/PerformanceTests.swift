import AdsCache
@testable import Dashboard
import Foundation
import PinterestAds
import PinwatchTestSupport
import ScreenGrid
import Synchronization
import Testing

/// Frame and keystroke costs with 10,000 ad groups, counted in rows formatted: a count does not
/// depend on the machine, so it can be bounded tightly. Their times are measured by pinwatch-bench
/// (`render_frame`, `scroll_step`, `filter_keystroke`).
@Suite("Performance")
struct PerformanceTests {
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

    /// The table rows on a rendered screen.
    static func rowsShown(_ grid: CellGrid) -> Int {
        grid.textLines().filter { $0.contains("Ad group ") }.count
    }

    @Test("a 200x60 frame of 10,000 ad groups formats only the rows it shows, and a redraw none")
    func frame() async {
        let (shown, first, again, scrolled) = await offPool { () -> (Int, Int, Int, Int) in
            var state = Self.bigState()
            state.press(.pageDown, .pageDown)
            let before = state.table.rowsFormatted
            let grid = render(state, width: 200, height: 60)
            let first = state.table.rowsFormatted - before
            _ = render(state, width: 200, height: 60)
            let again = state.table.rowsFormatted - before - first
            let table = state.table.rowsFormatted
            state.press(.char("j"))
            _ = render(state, width: 200, height: 60)
            return (Self.rowsShown(grid), first, again, state.table.rowsFormatted - table)
        }
        #expect(shown > 40, "the frame shows a screenful of rows")
        #expect(first <= shown, "\(first) rows formatted for \(shown) shown")
        #expect(again == 0, "a redraw of the same rows formats \(again)")
        #expect(scrolled <= 1, "one scroll step formats \(scrolled) rows")
    }

    /// Counts the metrics lookups of a table's totals row.
    final class Lookups: Sendable {
        let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
    }

    @Test("the totals row takes each row's delivery once: a filter keystroke sums, it looks nothing up")
    func filterTotalsLookups() {
        let lookups = Lookups()
        let names = (0..<1_000).map { "row \($0)" }
        var source = RowSource(rows: names.map { TableRow(id: $0, cells: [TableCell($0)], sortKeys: [.text($0)], searchText: $0) })
        source.delivery = { _, index in
            lookups.count.withLock { $0 += 1 }
            return Delivery(spend: index)
        }
        var table = TableModel(kind: .adGroups, columns: [ColumnSpec("Name", priority: 0, min: 4)], source: source)
        let sort = SortState(column: 0, ascending: true)
        table.apply(sort: sort, filter: "")
        #expect(lookups.value == 1_000)
        #expect(table.totals?.spend == (0..<1_000).reduce(0, +))
        for filter in ["r", "ro", "row 1", "row 12", "row 1"] { table.apply(sort: sort, filter: filter) }
        #expect(lookups.value == 1_000, "\(lookups.value - 1_000) lookups for five keystrokes")
        #expect(table.totals?.spend == names.indices.filter { names[$0].contains("row 1") }.reduce(0, +))
    }

    @Test("one filter keystroke over 10,000 rows formats only the rows it shows")
    func filterKeystroke() async {
        let (result, formatted, shown, expected) = await offPool { () -> (AppState, Int, Int, Int) in
            let base = Self.bigState()
            var typed = base
            typed.press(.char("/"))
            typed.type("99")
            _ = render(typed, width: 200, height: 60)
            var state = typed
            _ = update(&state, .keyPressed(.char("9")))
            let before = state.table.rowsFormatted
            let grid = render(state, width: 200, height: 60)
            let expected = base.snapshot.adGroups.filter { ($0.name ?? "").contains("999") || $0.id.contains("999") }.count
            return (state, state.table.rowsFormatted - before, Self.rowsShown(grid), expected)
        }
        #expect(result.table.order.count == expected)
        #expect(expected > 0 && expected < 40, "the matches fit on one screen")
        #expect(shown == expected)
        #expect(formatted <= shown, "\(formatted) rows formatted for \(shown) shown")
    }
}
