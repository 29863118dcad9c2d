import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// The ad groups table: columns and one formatted row per ad group.
enum AdGroupTable {
    /// Columns in display order; priorities decide which survive on narrow terminals.
    static let columns: [ColumnSpec] = [
        ColumnSpec("Name", priority: 0, min: 12, preferred: 34, flexible: true),
        ColumnSpec("Campaign", priority: 9, min: 10, preferred: 22),
        ColumnSpec("Status", priority: 1, min: 8, preferred: 9),
        ColumnSpec("Summary", priority: 6, min: 9, preferred: 12),
        ColumnSpec("Budget", priority: 2, min: 10, preferred: 12, alignment: .right),
        ColumnSpec("Bid", priority: 3, min: 6, preferred: 8, alignment: .right),
        ColumnSpec("Strategy", priority: 12, min: 8, preferred: 14),
        ColumnSpec("Spend", priority: 4, min: 7, preferred: 10, alignment: .right),
        ColumnSpec("Pace", priority: 5, min: 5, alignment: .right),
        ColumnSpec("Impr", priority: 10, min: 7, preferred: 9, alignment: .right),
        ColumnSpec("Clicks", priority: 11, min: 6, alignment: .right),
        ColumnSpec("CTR", priority: 13, min: 6, alignment: .right),
        ColumnSpec("14 days", priority: 7, min: 14),
        ColumnSpec("Ads", priority: 8, min: 7, alignment: .right),
        ColumnSpec("Start", priority: 14, min: 10),
        ColumnSpec("End", priority: 15, min: 10),
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
        return RowSource(count: indices?.count ?? snapshot.adGroups.count, snapshot: snapshot, format: format) { snapshot, index, column in
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
        let spend = metrics.map { context.money.formatCompact(micros: $0.spendToday) } ?? dash
        var pacing = dash
        var pacingRatio: Double?
        if let metrics, group.budgetType == .daily, let budgetMicros = group.budgetInMicroCurrency, budgetMicros > 0 {
            let ratio = Double(metrics.spendToday) / Double(budgetMicros)
            pacing = Format.percent(ratio)
            pacingRatio = ratio
        }
        let impressions = metrics.map { Format.count($0.impressionsToday) } ?? dash
        let clicks = metrics.map { Format.count($0.clicksToday) } ?? dash
        let ctrValue: Double? = metrics.flatMap { m in
            m.ctrToday ?? (m.impressionsToday > 0 ? Double(m.clicksToday) / Double(m.impressionsToday) : nil)
        }
        let ctr = ctrValue.map { Format.percent($0, digits: 2) } ?? dash
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
            TableCell(spend),
            TableCell(pacing, (pacingRatio ?? 0) >= 1 ? .warning : .normal),
            TableCell(impressions),
            TableCell(clicks),
            TableCell(ctr),
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
            metrics.map { .number(Double($0.spendToday)) } ?? .missing,
            pacingRatio.map { .number($0) } ?? .missing,
            metrics.map { .number(Double($0.impressionsToday)) } ?? .missing,
            metrics.map { .number(Double($0.clicksToday)) } ?? .missing,
            ctrValue.map { .number($0) } ?? .missing,
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

    /// "$5.00/day", "$500.00 life", "$1.2M/day", or the amount alone for other budget types.
    static func budgetText(_ group: AdGroup, _ context: FormatContext) -> String {
        guard let micros = group.budgetInMicroCurrency else { return context.glyphs.emDash }
        let amount = context.money.formatCompact(micros: micros)
        switch group.budgetType {
        case .daily: return amount + "/day"
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
