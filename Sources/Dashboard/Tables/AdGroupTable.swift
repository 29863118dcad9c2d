import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// The ad groups table: columns and one formatted row per ad group.
enum AdGroupTable {
    /// Columns in display order; priorities decide which survive on narrow terminals.
    static let columns: [ColumnSpec] = [
        .name(min: 12, preferred: 34),
        ColumnSpec("Campaign", priority: 9, min: 10, preferred: 22),
        ColumnSpec("Status", priority: 1, min: 8, preferred: 9),
        ColumnSpec("Summary", priority: 6, min: 9, preferred: 12),
        ColumnSpec("Budget", priority: 2, min: 9, preferred: 10, alignment: .right),
        ColumnSpec("Bid", priority: 3, min: 6, preferred: 8, alignment: .right),
        ColumnSpec("Strategy", priority: 20, min: 8, preferred: 14),
        ColumnSpec("Pace", priority: 5, min: 5, alignment: .right),
        ColumnSpec("Runs out", priority: 7, min: 8, alignment: .right),
    ] + MetricColumns.specs(spend: 4, rest: 12) + [
        ColumnSpec("14 days", priority: 10, min: 14),
        ColumnSpec("Ads", priority: 8, min: 7, alignment: .right),
        ColumnSpec("Start", priority: 21, min: 10),
        ColumnSpec("End", priority: 22, min: 10),
    ]

    /// One row per ad group of `campaignID` (all when nil), in snapshot order.
    static func rows(_ snapshot: Snapshot, campaignID: String?, _ context: FormatContext) -> RowSource {
        var campaignNames: [String: (shown: String, sortKey: String)] = [:]
        for campaign in snapshot.campaigns {
            let shown = context.clean(campaign.name)
            campaignNames[campaign.id] = (shown, context.sortKey(campaign.name, lowercased: shown.lowercased()))
        }
        let dash = context.glyphs.emDash
        // Rows refer to ad groups by index, so the table keeps no copy of them.
        let indices = campaignID.map { id in snapshot.adGroups.indices.filter { snapshot.adGroups[$0].campaignId == id } }
        let format: @Sendable (Snapshot, Int) -> TableRow = { [campaignNames] snapshot, index in
            let position = indices?[index] ?? index
            guard snapshot.adGroups.indices.contains(position) else { return TableRow.missing }
            return row(snapshot.adGroups[position], snapshot: snapshot, campaignNames: campaignNames, dash: dash, context)
        }
        let range = context.range
        var source = RowSource(count: indices?.count ?? snapshot.adGroups.count, snapshot: snapshot, format: format) { snapshot, index, column in
            let position = indices?[index] ?? index
            guard snapshot.adGroups.indices.contains(position) else {
                return RowEntry(id: "", lowercasedSearchText: "", sortKey: nil)
            }
            let group = snapshot.adGroups[position]
            let lowercasedName = context.clean(group.name).lowercased()
            // The name column (the default sort) costs no formatting; other columns take the row's key.
            let key: SortValue? = switch column {
            case nil: nil
            case 0: .text(context.sortKey(group.name, lowercased: lowercasedName))
            case let column?: format(snapshot, index).sortKeys[column]
            }
            return RowEntry(id: group.id, lowercasedSearchText: searchText(group, lowercasedName: lowercasedName),
                            sortKey: key)
        }
        source.delivery = { snapshot, index in
            let position = indices?[index] ?? index
            guard snapshot.adGroups.indices.contains(position) else { return nil }
            return snapshot.metrics[snapshot.adGroups[position].id]?[range]
        }
        return source
    }

    private static func row(_ group: AdGroup, snapshot: Snapshot,
                            campaignNames: [String: (shown: String, sortKey: String)],
                            dash: String, _ context: FormatContext) -> TableRow {
        let name = context.clean(group.name)
        let lowercasedName = name.lowercased()
        let knownCampaign = group.campaignId.flatMap { campaignNames[$0] }
        let campaign = knownCampaign?.shown ?? context.clean(group.campaignId)
        let status = StatusCells.entity(group.status, pending: snapshot.pending[group.id], context)
        let summary = group.summaryStatus?.rawValue ?? ""
        let summaryShown = group.summaryStatus == .advertiserDisabled ? "ADV_DISABLED" : context.clean(summary)
        let metrics = snapshot.metrics[group.id]
        let budget = budgetText(group, context)
        let bid = bidText(group, context)
        let strategy = context.clean(group.bidStrategyType?.label)
        let budgetKind: PaceCells.Budget? = group.budgetInMicroCurrency.flatMap { amount in
            switch group.budgetType {
            case .daily: .daily(amount)
            case .lifetime: .lifetime(amount, start: group.startDate, end: group.endDate)
            default: nil
            }
        }
        let pace = PaceCells.cells(budgetKind, metrics: metrics, asOf: snapshot.collections[.analytics]?.lastFetched, context)
        let delivery = metrics?[context.range]
        let spark = metrics.map { sparkline($0.dailySpend, context.glyphs) } ?? ""
        var adsText = dash
        let counts = snapshot.adCounts(of: group.id)
        let rejected = counts?.rejected ?? 0
        if let counts {
            adsText = String(counts.total)
            if counts.rejected > 0 { adsText += " (\(counts.rejected)" + (context.glyphs == .ascii ? "x)" : "✗)") }
        }
        let start = group.startDate.map { Format.date($0, context.timeZone) } ?? dash
        let end = group.endDate.map { Format.date($0, context.timeZone) } ?? dash

        let cells = [
            TableCell(name),
            TableCell(campaign),
            status.cell,
            TableCell(summaryShown, StatusRole.of(group.summaryStatus)),
            TableCell(budget),
            TableCell(bid),
            TableCell(strategy),
            pace.pace,
            pace.runsOut,
        ] + MetricColumns.cells(delivery, context) + [
            TableCell(spark, .sparkline),
            TableCell(adsText, rejected > 0 ? .reviewRejected : .normal),
            TableCell(start),
            TableCell(end),
        ]
        let keys: [SortValue] = [
            .text(context.sortKey(group.name, lowercased: lowercasedName)),
            .text(knownCampaign?.sortKey ?? campaign.lowercased()),
            .text(status.sortText),
            summary.isEmpty ? .missing : .text(summary),
            group.budgetInMicroCurrency.map { .number(Double($0)) } ?? .missing,
            group.bidInMicroCurrency.map { .number(Double($0)) } ?? .missing,
            strategy.isEmpty ? .missing : .text(strategy.lowercased()),
            pace.sortKey,
            pace.runsOut.text == dash ? .missing : .text(pace.runsOut.text),
        ] + MetricColumns.keys(delivery) + [
            metrics.map { .number(Double($0.dailySpend.reduce(0, +))) } ?? .missing,
            counts.map { .number(Double($0.total)) } ?? .missing,
            group.startTime.map { .number(Double($0)) } ?? .missing,
            group.endTime.map { .number(Double($0)) } ?? .missing,
        ]
        return TableRow(id: group.id, cells: cells, sortKeys: keys,
                        lowercasedSearchText: searchText(group, lowercasedName: lowercasedName))
    }

    /// What the filter searches: name, id, status and summary status, lowercased.
    private static func searchText(_ group: AdGroup, lowercasedName: String) -> String {
        lowercasedName + "\n" + group.id + "\n" + (group.status?.rawValue ?? "").lowercased() + "\n"
            + (group.summaryStatus?.rawValue ?? "").lowercased()
    }

    /// "$5.00/d", "$500 life", "$1.2M/d", or the amount alone for other budget types.
    static func budgetText(_ group: AdGroup, _ context: FormatContext) -> String {
        guard let micros = group.budgetInMicroCurrency else { return context.glyphs.emDash }
        let amount = context.money.formatShort(micros: micros)
        switch group.budgetType {
        case .daily: return amount + "/d"
        case .lifetime: return amount + " life"
        default: return amount
        }
    }

    /// The bid, or "auto" for automatic bidding or no bid.
    static func bidText(_ group: AdGroup, _ context: FormatContext) -> String {
        guard !group.usesAutomaticBidding, let micros = group.bidInMicroCurrency else { return "auto" }
        return context.money.format(micros: micros)
    }

    /// The last 14 daily values as bars scaled to their own maximum.
    static func sparkline(_ values: [Int], _ glyphs: Glyphs) -> String {
        let recent = values.suffix(14)
        let top = recent.max() ?? 0
        var out = ""
        for value in recent {
            out += top > 0 ? glyphs.sparklineBar(Double(value) / Double(top) * 0.999) : glyphs.sparklineBar(0)
        }
        return out
    }
}

/// Status cells that show an in-flight change as "PAUSED…" in the pending role.
enum StatusCells {
    /// The status cell and its sort text.
    static func entity(_ status: EntityStatus?, pending: PendingChange?, _ context: FormatContext)
        -> (cell: TableCell, sortText: String) {
        if let pending {
            let text = pending.to.rawValue + context.glyphs.ellipsis
            return (TableCell(text, .pending), pending.to.rawValue.lowercased())
        }
        let text = context.clean(status?.rawValue, or: context.glyphs.emDash)
        return (TableCell(text, StatusRole.of(status)), text.lowercased())
    }
}
