import AdsCache
import Foundation
import PinterestAds

/// The campaigns table.
enum CampaignTable {
    /// Columns in display order.
    static let columns: [ColumnSpec] = [
        ColumnSpec("Name", priority: 0, min: 12, preferred: 34, flexible: true),
        ColumnSpec("Status", priority: 1, min: 8, preferred: 9),
        ColumnSpec("Summary", priority: 2, min: 9, preferred: 11),
        ColumnSpec("Objective", priority: 8, min: 9, preferred: 16),
        ColumnSpec("Daily cap", priority: 4, min: 9, preferred: 10, alignment: .right),
        ColumnSpec("Lifetime cap", priority: 6, min: 12, alignment: .right),
        ColumnSpec("Pace", priority: 5, min: 5, alignment: .right),
        ColumnSpec("Runs out", priority: 10, min: 8, alignment: .right),
    ] + MetricColumns.specs(spend: 3, rest: 11) + [
        ColumnSpec("Start", priority: 20, min: 10),
        ColumnSpec("End", priority: 21, min: 10),
    ]

    /// One row per campaign.
    static func rows(_ snapshot: Snapshot, _ context: FormatContext) -> RowSource {
        let dash = context.glyphs.emDash
        let range = context.range
        var source = RowSource(count: snapshot.campaigns.count, snapshot: snapshot) { snapshot, index in
            guard snapshot.campaigns.indices.contains(index) else { return TableRow.missing }
            let campaign = snapshot.campaigns[index]
            let name = context.clean(campaign.name)
            let status = StatusCells.entity(campaign.status, pending: snapshot.pending[campaign.id], context)
            let summary = context.clean(campaign.summaryStatus?.rawValue, or: dash)
            let objective = context.clean(campaign.objectiveType?.label, or: dash)
            let daily = campaign.dailySpendCap.map { context.money.formatShort(micros: $0) } ?? dash
            let lifetime = campaign.lifetimeSpendCap.map { context.money.formatShort(micros: $0) } ?? dash
            let metrics = snapshot.levelMetrics.campaigns[campaign.id]
            let cap: PaceCells.Budget? = campaign.dailySpendCap.map { .daily($0) }
                ?? campaign.lifetimeSpendCap.map { .lifetime($0, start: campaign.startDate, end: campaign.endDate) }
            let pace = PaceCells.cells(cap, metrics: metrics, asOf: snapshot.collections[.analytics]?.lastFetched, context)
            let delivery = metrics?[context.range]
            let start = campaign.startDate.map { Format.date($0, context.timeZone) } ?? dash
            let end = campaign.endDate.map { Format.date($0, context.timeZone) } ?? dash
            let cells = [
                TableCell(name), status.cell, TableCell(summary, StatusRole.of(campaign.summaryStatus)),
                TableCell(objective), TableCell(daily), TableCell(lifetime), pace.pace, pace.runsOut,
            ] + MetricColumns.cells(delivery, context) + [TableCell(start), TableCell(end)]
            let keys: [SortValue] = [
                .text(context.sortKey(campaign.name, lowercased: name.lowercased())), .text(status.sortText), .text(summary.lowercased()),
                .text(objective.lowercased()),
                campaign.dailySpendCap.map { .number(Double($0)) } ?? .missing,
                campaign.lifetimeSpendCap.map { .number(Double($0)) } ?? .missing,
                pace.sortKey, pace.runsOut.text == dash ? .missing : .text(pace.runsOut.text),
            ] + MetricColumns.keys(delivery) + [
                campaign.startTime.map { .number(Double($0)) } ?? .missing,
                campaign.endTime.map { .number(Double($0)) } ?? .missing,
            ]
            let search = name + "\n" + campaign.id + "\n" + (campaign.status?.rawValue ?? "") + "\n" + summary
            return TableRow(id: campaign.id, cells: cells, sortKeys: keys, searchText: search)
        }
        source.delivery = { snapshot, index in
            guard snapshot.campaigns.indices.contains(index) else { return nil }
            return snapshot.levelMetrics.campaigns[snapshot.campaigns[index].id]?[range]
        }
        return source
    }
}
