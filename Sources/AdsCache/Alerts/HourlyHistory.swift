import Foundation
import PinterestAds

/// The account's totals so far today, as last seen within one hour: the history that tells what
/// is usual for the hour (kept in the cache, about nine weeks of it).
public struct HourSample: Sendable, Hashable {
    /// The start of the hour.
    public var hour: Date
    /// Spend so far that day, in micro units.
    public var spend: Int
    /// Impressions so far that day.
    public var impressions: Int
    /// Clicks so far that day.
    public var clicks: Int

    /// Creates a sample.
    public init(hour: Date, spend: Int, impressions: Int, clicks: Int) {
        self.hour = hour
        self.spend = spend
        self.impressions = impressions
        self.clicks = clicks
    }

    /// The sample `snapshot` gives for the hour of `now`; nil before analytics came.
    public static func of(_ snapshot: Snapshot, now: Date, timeZone: TimeZone) -> HourSample? {
        guard !snapshot.isStale, snapshot.collections[.analytics]?.lastFetched != nil else { return nil }
        var sample = HourSample(hour: startOfHour(now, timeZone), spend: 0, impressions: 0, clicks: 0)
        for metrics in snapshot.metrics.values {
            sample.spend += metrics.spendToday
            sample.impressions += metrics.impressionsToday
            sample.clicks += metrics.clicksToday
        }
        return sample
    }

    /// Click-through rate, when there were enough impressions to tell.
    var ctr: Double? { impressions >= HourlyAnomalyRule.minimumImpressions ? Double(clicks) / Double(impressions) : nil }

    static func startOfHour(_ date: Date, _ timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateInterval(of: .hour, for: date)?.start ?? date
    }

    /// How long history is kept.
    public static let retention: TimeInterval = 9 * 7 * 86_400
}

/// The account's spend or CTR so far today far from the same hour of previous weeks: above
/// `anomalyFactor` times the median, or below it divided by the factor. Silent until the same
/// hour has `anomalyWeeks` weeks of history.
struct HourlyAnomalyRule: AlertRule {
    /// Below this much usual spend (one currency unit) the hour is too quiet to judge.
    static let minimumSpend = 1_000_000
    /// CTR is judged only past this many impressions.
    static let minimumImpressions = 1_000

    func alerts(_ input: AlertInput) -> [Alert] {
        guard let factor = input.settings.anomalyFactor, factor > 1,
              let now = HourSample.of(input.after, now: input.now, timeZone: input.timeZone) else { return [] }
        let past = Self.sameHour(of: now.hour, in: input.history, timeZone: input.timeZone)
        guard past.count >= max(1, input.settings.anomalyWeeks) else { return [] }
        var alerts: [Alert] = []
        let money = MoneyFormatter(currency: input.after.account?.currency)
        let usualSpend = Self.median(past.map { Double($0.spend) })
        if usualSpend >= Double(Self.minimumSpend), let direction = Self.direction(Double(now.spend), usualSpend, factor) {
            alerts.append(alert(.spendAnomaly, direction, input,
                                "spend so far today \(money.format(micros: now.spend)) is \(direction) the usual "
                                    + "\(money.format(micros: Int(usualSpend))) by this hour"))
        }
        let pastCTR = past.compactMap(\.ctr)
        if pastCTR.count >= max(1, input.settings.anomalyWeeks), let ctr = now.ctr {
            let usual = Self.median(pastCTR)
            if usual > 0, let direction = Self.direction(ctr, usual, factor) {
                alerts.append(alert(.ctrAnomaly, direction, input,
                                    "CTR so far today \(Self.percent(ctr)) is \(direction) the usual \(Self.percent(usual)) by this hour"))
            }
        }
        return alerts
    }

    private func alert(_ kind: Alert.Kind, _ direction: String, _ input: AlertInput, _ message: String) -> Alert {
        let name = input.after.account?.name
        return Alert(kind: kind, accountID: input.accountID, entityType: "ad_account", entityID: input.accountID,
                     name: name, message: "ad account '\(name ?? input.accountID)': " + message, time: input.now,
                     qualifier: input.day + ":" + (direction == "far above" ? "high" : "low"))
    }

    /// The samples of the same hour 1, 2, … 8 weeks before (same wall-clock hour across DST).
    static func sameHour(of hour: Date, in history: [HourSample], timeZone: TimeZone) -> [HourSample] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let byHour = Dictionary(history.map { ($0.hour, $0) }, uniquingKeysWith: { _, last in last })
        return (1...8).compactMap { weeks in
            calendar.date(byAdding: .day, value: -7 * weeks, to: hour).flatMap { byHour[$0] }
        }
    }

    static func direction(_ value: Double, _ usual: Double, _ factor: Double) -> String? {
        if value > usual * factor { return "far above" }
        if value < usual / factor { return "far below" }
        return nil
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func percent(_ fraction: Double) -> String {
        String(format: "%.2f%%", fraction * 100)
    }
}
