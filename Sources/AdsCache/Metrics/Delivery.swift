import Foundation
import PinterestAds

/// The date ranges metrics are shown for, in the account's reporting time zone.
public enum MetricsRange: String, Sendable, Hashable, Codable, CaseIterable {
    /// Today so far.
    case today
    /// Yesterday, the whole day.
    case yesterday
    /// The last 7 days, today included.
    case last7Days = "7d"
    /// The last 30 days, today included.
    case last30Days = "30d"

    /// "Today", "Yesterday", "7 days", "30 days".
    public var label: String {
        switch self {
        case .today: "Today"
        case .yesterday: "Yesterday"
        case .last7Days: "7 days"
        case .last30Days: "30 days"
        }
    }

    /// The range after this one (the key that cycles them wraps around).
    public var next: MetricsRange {
        let all = Self.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }

    /// How many days before today the range starts and ends (0 is today).
    var daysBack: (first: Int, last: Int) {
        switch self {
        case .today: (0, 0)
        case .yesterday: (1, 1)
        case .last7Days: (6, 0)
        case .last30Days: (29, 0)
        }
    }

    /// The first and last day of the range when today is `today`.
    public func days(endingAt today: APIDate) -> (first: APIDate, last: APIDate) {
        let window = AnalyticsFolding.window(endingAt: today, days: daysBack.first + 1)
        let first = window.first ?? today
        let last = window[max(0, window.count - 1 - daysBack.last)]
        return (first, last)
    }

    /// Days of daily rows that cover every range, ending today.
    public static let windowDays = 30
}

/// Delivery over some time: the counts the API reports, and the rates computed from them.
public struct Delivery: Sendable, Hashable, Codable {
    /// Spend in micro units of the account currency.
    public var spend: Int
    /// All impressions (`TOTAL_IMPRESSION`).
    public var impressions: Int
    /// Pin clicks (`TOTAL_CLICKTHROUGH`).
    public var clicks: Int
    /// Outbound clicks (`OUTBOUND_CLICK_1`).
    public var outboundClicks: Int
    /// Conversions (`TOTAL_CONVERSIONS`).
    public var conversions: Int
    /// Checkout value in micro units of the account currency.
    public var checkoutValue: Int

    /// Creates delivery numbers.
    public init(spend: Int = 0, impressions: Int = 0, clicks: Int = 0, outboundClicks: Int = 0,
                conversions: Int = 0, checkoutValue: Int = 0) {
        self.spend = spend
        self.impressions = impressions
        self.clicks = clicks
        self.outboundClicks = outboundClicks
        self.conversions = conversions
        self.checkoutValue = checkoutValue
    }

    /// The sum of two, saturating instead of overflowing. Inlinable: a totals row adds up 10,000
    /// of them on a filter keystroke, and a call per row from another module cost more than the sum.
    @inlinable
    public static func + (lhs: Delivery, rhs: Delivery) -> Delivery {
        func add(_ a: Int, _ b: Int) -> Int {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? (b > 0 ? Int.max : Int.min) : sum
        }
        return Delivery(spend: add(lhs.spend, rhs.spend), impressions: add(lhs.impressions, rhs.impressions),
                        clicks: add(lhs.clicks, rhs.clicks), outboundClicks: add(lhs.outboundClicks, rhs.outboundClicks),
                        conversions: add(lhs.conversions, rhs.conversions),
                        checkoutValue: add(lhs.checkoutValue, rhs.checkoutValue))
    }

    /// Pin clicks over impressions (0…1); nil without impressions.
    public var ctr: Double? { impressions > 0 ? Double(clicks) / Double(impressions) : nil }
    /// Spend per Pin click, in micro units; nil without clicks.
    public var cpc: Double? { clicks > 0 ? Double(spend) / Double(clicks) : nil }
    /// Spend per thousand impressions, in micro units; nil without impressions.
    public var cpm: Double? { impressions > 0 ? Double(spend) / Double(impressions) * 1000 : nil }
    /// Checkout value over spend; nil without spend.
    public var roas: Double? { spend > 0 ? Double(checkoutValue) / Double(spend) : nil }

    /// Numbers from one analytics row (absent or absurd values count as 0).
    public init(row metrics: [String: Double]) {
        func integer(_ column: String) -> Int {
            guard let value = metrics[column], value.isFinite, abs(value) < 9e18 else { return 0 }
            return Int(value.rounded())
        }
        self.init(spend: integer(AnalyticsColumn.spendInMicroDollar),
                  impressions: integer(AnalyticsColumn.totalImpressions),
                  clicks: integer(AnalyticsColumn.totalClickthroughs),
                  outboundClicks: integer(AnalyticsColumn.outboundClicks),
                  conversions: integer(AnalyticsColumn.totalConversions),
                  checkoutValue: integer(AnalyticsColumn.checkoutValueInMicroDollar))
    }
}

/// Delivery for each of the ranges, from one set of daily rows.
public struct RangeTotals: Sendable, Hashable, Codable {
    /// Today so far.
    public var today: Delivery
    /// Yesterday.
    public var yesterday: Delivery
    /// The last 7 days.
    public var last7Days: Delivery
    /// The last 30 days.
    public var last30Days: Delivery

    /// Creates totals.
    public init(today: Delivery = Delivery(), yesterday: Delivery = Delivery(), last7Days: Delivery = Delivery(),
                last30Days: Delivery = Delivery()) {
        self.today = today
        self.yesterday = yesterday
        self.last7Days = last7Days
        self.last30Days = last30Days
    }

    /// The delivery of one range.
    public subscript(range: MetricsRange) -> Delivery {
        get {
            switch range {
            case .today: today
            case .yesterday: yesterday
            case .last7Days: last7Days
            case .last30Days: last30Days
            }
        }
        set {
            switch range {
            case .today: today = newValue
            case .yesterday: yesterday = newValue
            case .last7Days: last7Days = newValue
            case .last30Days: last30Days = newValue
            }
        }
    }

    /// Every range summed.
    public static func + (lhs: RangeTotals, rhs: RangeTotals) -> RangeTotals {
        RangeTotals(today: lhs.today + rhs.today, yesterday: lhs.yesterday + rhs.yesterday,
                    last7Days: lhs.last7Days + rhs.last7Days, last30Days: lhs.last30Days + rhs.last30Days)
    }
}

extension Delivery: CompactCodable {
    /// Writes the numbers for the cache.
    public func write(to writer: inout CompactWriter) {
        for value in [spend, impressions, clicks, outboundClicks, conversions, checkoutValue] { writer.write(value) }
    }

    /// Reads numbers written by `write(to:)`.
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self.init(spend: try reader.read(Int.self), impressions: try reader.read(Int.self), clicks: try reader.read(Int.self),
                  outboundClicks: try reader.read(Int.self), conversions: try reader.read(Int.self),
                  checkoutValue: try reader.read(Int.self))
    }
}

extension RangeTotals: CompactCodable {
    /// Writes every range for the cache.
    public func write(to writer: inout CompactWriter) {
        for range in MetricsRange.allCases { self[range].write(to: &writer) }
    }

    /// Reads ranges written by `write(to:)`.
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self.init()
        for range in MetricsRange.allCases { self[range] = try Delivery(from: &reader) }
    }
}
