import AdsCache
import Foundation
import ScreenGrid

/// The metric columns every entity table shares, for the range on screen: spend, impressions,
/// Pin clicks, outbound clicks, CTR, CPC, CPM, conversions and ROAS.
enum MetricColumns {
    /// Heading and width of each metric column: spend's priority is `spend`, the others' start at `rest`.
    static func specs(spend: Int, rest: Int) -> [ColumnSpec] {
        [
            ColumnSpec("Spend", priority: spend, min: 7, preferred: 8, alignment: .right),
            ColumnSpec("Impr", priority: rest + 1, min: 6, preferred: 7, alignment: .right),
            ColumnSpec("Clicks", priority: rest + 3, min: 6, alignment: .right),
            ColumnSpec("Outbound", priority: rest + 6, min: 8, alignment: .right),
            ColumnSpec("CTR", priority: rest + 2, min: 6, alignment: .right),
            ColumnSpec("CPC", priority: rest + 4, min: 6, preferred: 7, alignment: .right),
            ColumnSpec("CPM", priority: rest + 5, min: 6, preferred: 7, alignment: .right),
            ColumnSpec("Conv", priority: rest + 7, min: 5, preferred: 6, alignment: .right),
            ColumnSpec("ROAS", priority: rest, min: 5, alignment: .right),
        ]
    }

    /// The titles of the metric columns.
    static let titles = specs(spend: 0, rest: 0).map(\.title)

    /// The cells of `delivery` (dashes when unknown).
    static func cells(_ delivery: Delivery?, _ context: FormatContext) -> [TableCell] {
        let dash = context.glyphs.emDash
        guard let d = delivery else { return Array(repeating: TableCell(dash), count: titles.count) }
        func money(_ micros: Double?) -> String {
            guard let micros, micros.isFinite, abs(micros) < 9e18 else { return dash }
            return context.money.formatShort(micros: Int(micros.rounded()))
        }
        return [
            TableCell(context.money.formatShort(micros: d.spend)),
            TableCell(Format.shortCount(d.impressions)),
            TableCell(Format.shortCount(d.clicks)),
            TableCell(Format.shortCount(d.outboundClicks)),
            TableCell(d.ctr.map { Format.percent($0, digits: 2) } ?? dash),
            TableCell(money(d.cpc)),
            TableCell(money(d.cpm)),
            TableCell(Format.count(d.conversions)),
            TableCell(d.roas.map { Format.ratio($0) } ?? dash),
        ]
    }

    /// The sort keys of `delivery`.
    static func keys(_ delivery: Delivery?) -> [SortValue] {
        guard let d = delivery else { return Array(repeating: .missing, count: titles.count) }
        func number(_ value: Double?) -> SortValue { value.map { .number($0) } ?? .missing }
        return [
            .number(Double(d.spend)), .number(Double(d.impressions)), .number(Double(d.clicks)),
            .number(Double(d.outboundClicks)), number(d.ctr), number(d.cpc), number(d.cpm),
            .number(Double(d.conversions)), number(d.roas),
        ]
    }
}
