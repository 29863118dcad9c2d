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

    /// Metrics per entity id from daily rows: today is the row dated `today`; `dailySpend` has one
    /// value per day of `window` (zero when a day has no row); CTR comes from the CTR column, or
    /// clicks ÷ impressions. Ids in `ids` without rows get zeros.
    public static func fold(_ rows: [AnalyticsRow], ids: [String], window: [APIDate]) -> [String: AdGroupMetrics] {
        guard let today = window.last else { return [:] }
        let dayIndex = Dictionary(window.enumerated().map { ($0.element.description, $0.offset) },
                                  uniquingKeysWith: { first, _ in first })
        var spend: [String: [Int]] = [:]
        var todays: [String: [String: Double]] = [:]
        for id in ids { spend[id] = Array(repeating: 0, count: window.count) }
        for row in rows {
            guard let date = row.date, let index = dayIndex[date] else { continue }
            var series = spend[row.entityID] ?? Array(repeating: 0, count: window.count)
            series[index] += integer(row.metrics[AnalyticsColumn.spendInMicroDollar])
            spend[row.entityID] = series
            if date == today.description {
                todays[row.entityID, default: [:]].merge(row.metrics) { $0 + $1 }
            }
        }
        var result: [String: AdGroupMetrics] = [:]
        for (id, series) in spend {
            let today = todays[id] ?? [:]
            let impressions = integer(today[AnalyticsColumn.impressions])
            let clicks = integer(today[AnalyticsColumn.clickthroughs])
            let ctr: Double? = today[AnalyticsColumn.ctr].flatMap { $0.isFinite ? $0 : nil }
                ?? (impressions > 0 ? Double(clicks) / Double(impressions) : nil)
            result[id] = AdGroupMetrics(spendToday: series.last ?? 0, impressionsToday: impressions,
                                        clicksToday: clicks, ctrToday: ctr, dailySpend: series)
        }
        return result
    }

    /// A metric as an integer; non-finite or absurd values count as 0.
    private static func integer(_ value: Double?) -> Int {
        guard let value, value.isFinite, abs(value) < 9e18 else { return 0 }
        return Int(value.rounded())
    }
}
