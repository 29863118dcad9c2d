import AdsCache
@testable import Dashboard
import Foundation
import ScreenGrid
import Testing

/// The range key, the column chooser and the totals row.
@Suite("Metrics keys")
struct MetricsFlowTests {
    @Test("m cycles today, yesterday, 7 days, 30 days; the header names the range and the cells follow it")
    func rangeCycles() {
        var state = Fixture.state(width: 200, height: 30)
        let spend = state.table.columns.firstIndex { $0.title == "Spend" } ?? -1
        var seen: [MetricsRange] = []
        for _ in 0..<4 {
            seen.append(state.metricsRange)
            let expected = state.snapshot.metrics[Fixture.seedAdGroupID]?[state.metricsRange].spend ?? -1
            let row = state.table.row(at: state.cursor ?? 0)
            #expect(row.sortKeys[spend] == .number(Double(expected)))
            #expect(state.screenText[0].contains(" " + state.metricsRange.label + " $"))
            state.press(.char("m"))
        }
        #expect(seen == [.today, .yesterday, .last7Days, .last30Days])
        #expect(state.metricsRange == .today, "and back")
    }

    @Test("the chooser hides a column at once and saves the choice when it closes; the name stays")
    func chooser() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(state.press(.char("o")).isEmpty)
        #expect(state.chooser?.kind == .adGroups)
        state.press(.char(" "))
        #expect(state.table.columns.first?.title == "Name", "the name cannot be hidden")
        state.press(.char("j"), .char(" "))
        #expect(!state.table.columns.contains { $0.title == "Campaign" })
        let effects = state.press(.escape)
        #expect(state.chooser == nil)
        let titles = AdGroupTable.columns.map(\.title).filter { $0 != "Campaign" }
        #expect(effects == [.saveColumns(.adGroups, titles)])
        #expect(state.chosenColumns[.adGroups] == titles)
    }

    @Test("s in the chooser sorts by that column, again reverses; the totals row sums the rows shown")
    func sortAndTotals() {
        var state = Fixture.state(width: 200, height: 30)
        let index = AdGroupTable.columns.firstIndex { $0.title == "Spend" } ?? 0
        state.press(.char("o"))
        for _ in 0..<index { state.press(.char("j")) }
        state.press(.char("s"), .char("s"), .escape)
        #expect(state.currentSort == SortState(column: index, ascending: false))
        #expect(state.table.id(at: 0) == "2680060704748", "the largest spender first")
        let total = state.snapshot.metrics.values.reduce(0) { $0 + $1[.today].spend }
        #expect(state.table.totals?.spend == total)
        state.press(.char("/"))
        state.type("retargeting")
        #expect(state.table.totals?.spend == state.snapshot.metrics["2680060704748"]?[.today].spend)
    }

    @Test("metrics that arrive on their own reach the screen: the ads' in view, and the campaigns'")
    func levelMetricsArriveAlone() throws {
        var state = Fixture.state(width: 200, height: 30)
        state.press(.enter)
        #expect(state.screen == .ads(adGroupID: Fixture.seedAdGroupID))
        let spend = try #require(state.table.columns.firstIndex { $0.title == "Spend" })
        let adID = state.table.id(at: 0)
        _ = state.table.row(at: 0)  // drawn once with the metrics before
        // The ads' analytics are read after their listing: the next snapshot differs only in them.
        var snapshot = state.snapshot
        snapshot.levelMetrics.ads[adID] = Fixture.metricsOf(spend: 77_000_000, impressions: 9, clicks: 1)
        _ = update(&state, .snapshotArrived(snapshot, []))
        #expect(state.table.row(at: 0).sortKeys[spend] == .number(77_000_000))
        let shown = (0..<state.table.order.count).map { state.table.id(at: $0) }
        let total = shown.reduce(0) { $0 + (snapshot.levelMetrics.ads[$1]?[.today].spend ?? 0) }
        #expect(state.table.totals?.spend == total)

        var campaigns = snapshot
        campaigns.levelMetrics.campaigns["626736533506"] = Fixture.metricsOf(spend: 1, impressions: 1, clicks: 1)
        let same = campaigns.hasSameTableData(as: snapshot)
        #expect(!same, "a campaign's metrics are table data too")
    }
}
