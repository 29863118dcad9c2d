import Foundation
import PinterestAds

/// Turns daily analytics rows into `AdGroupMetrics`: today's totals and the daily spend series.
public enum AnalyticsFolding {
    /// The days from `days - 1` days before `today` to `today`, oldest first.
    public static func window(endingAt today: APIDate, days: Int) -> [APIDate] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(year: today.year, month: today.month, day: today.day, hour: 12)
        guard let noon = calendar.date(from: components) else { return [today] }
        return (0..<max(1, days)).reversed().compactMap { back in
            calendar.date(byAdding: .day, value: -back, to: noon).map { APIDate($0, timeZone: calendar.timeZone) }
        }
    }

    /// Metrics per entity id from daily rows over `window` (oldest first, ending today): each
    /// range's totals, and `dailySpend` with one value per day of the last 14 (zero when a day has
    /// no row). Ids in `ids` without rows get zeros; rows of other ids or days are left out.
    public static func fold(_ rows: [AnalyticsRow], ids: [String], window: [APIDate]) -> [String: EntityMetrics] {
        guard let today = window.last else { return [:] }
        let dayIndex = Dictionary(window.enumerated().map { ($0.element.description, $0.offset) },
                                  uniquingKeysWith: { first, _ in first })
        // Which ranges each day of the window belongs to.
        let ranges = MetricsRange.allCases.map { range -> (MetricsRange, ClosedRange<String>) in
            let days = range.days(endingAt: today)
            return (range, days.first.description...days.last.description)
        }
        var days: [String: [Delivery]] = [:]
        for id in ids { days[id] = Array(repeating: Delivery(), count: window.count) }
        for row in rows {
            guard let date = row.date, let index = dayIndex[date], var series = days[row.entityID] else { continue }
            series[index] = series[index] + Delivery(row: row.metrics)
            days[row.entityID] = series
        }
        var result: [String: EntityMetrics] = [:]
        for (id, series) in days {
            var totals = RangeTotals()
            for (offset, day) in series.enumerated() {
                let date = window[offset].description
                for (range, span) in ranges where span.contains(date) { totals[range] = totals[range] + day }
            }
            result[id] = EntityMetrics(ranges: totals, dailySpend: series.suffix(sparklineDays).map(\.spend))
        }
        return result
    }

    /// Days the spend sparkline shows.
    public static let sparklineDays = 14
}
