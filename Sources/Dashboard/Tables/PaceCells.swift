import AdsCache
import Foundation
import ScreenGrid

/// The pace and "runs out" cells of a budget: a daily one against the share of the account's day
/// elapsed, a lifetime one against its schedule.
enum PaceCells {
    /// The two cells and the pace's sort key.
    struct Cells {
        var pace: TableCell
        var runsOut: TableCell
        var sortKey: SortValue
    }

    /// A budget of some kind.
    enum Budget {
        case daily(Int)
        case lifetime(Int, start: Date?, end: Date?)
    }

    /// The pace of `budget` given `metrics`, as of `asOf` (when the spend was read).
    static func cells(_ budget: Budget?, metrics: EntityMetrics?, asOf: Date?, _ context: FormatContext) -> Cells {
        let dash = context.glyphs.emDash
        let none = Cells(pace: TableCell(dash), runsOut: TableCell(dash), sortKey: .missing)
        guard let budget, let metrics, let asOf else { return none }
        let approx = context.glyphs == .ascii ? "~" : "≈"
        switch budget {
        case .daily(let amount):
            guard let pace = Pacing.daily(spent: metrics.spendToday, budget: amount, at: asOf,
                                          timeZone: context.reportingTimeZone) else { return none }
            let runsOut = pace.runsOutAt.map { approx + Format.clock($0, context.timeZone) }
                ?? (metrics.spendToday >= amount ? "spent" : dash)
            return Cells(pace: TableCell(Format.percent(pace.ratio), role(pace.ratio)),
                         runsOut: TableCell(runsOut, runsOut == dash ? .normal : .warning), sortKey: .number(pace.ratio))
        case .lifetime(let amount, let start, let end):
            // The spend so far is known when the schedule began within the 30 days read.
            guard let start, asOf.timeIntervalSince(start) <= Double(MetricsRange.windowDays - 1) * 86_400,
                  let pace = Pacing.lifetime(spent: metrics[.last30Days].spend, lastWeek: metrics[.last7Days].spend,
                                             budget: amount, start: start, end: end, at: asOf) else { return none }
            var runsOut = dash
            var runsOutRole = StyleRole.normal
            if let projected = pace.projectedEnd {
                runsOut = approx + Format.nearDate(projected, now: asOf, context.timeZone)
                if let end, projected < end { runsOutRole = .warning }
            }
            return Cells(pace: TableCell(Format.percent(pace.ratio), role(pace.ratio)),
                         runsOut: TableCell(runsOut, runsOutRole), sortKey: .number(pace.ratio))
        }
    }

    /// Over-pacing warns, under-pacing informs, on pace is good.
    static func role(_ ratio: Double) -> StyleRole {
        switch Pacing.verdict(ratio) {
        case .over: .warning
        case .under: .info
        case .onPace: .success
        }
    }
}
