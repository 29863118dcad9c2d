import AdsCache
import Foundation
import PinterestAds

/// The ads of one ad group: review state first, with rejection reasons as labels.
enum AdTable {
    /// Columns in display order.
    static let columns: [ColumnSpec] = [
        .name(min: 12, preferred: 30),
        ColumnSpec("Type", priority: 8, min: 7, preferred: 12),
        ColumnSpec("Status", priority: 1, min: 8, preferred: 9),
        ColumnSpec("Review", priority: 2, min: 8, preferred: 9),
        ColumnSpec("Summary", priority: 5, min: 8, preferred: 10),
        ColumnSpec("Rejected for", priority: 3, min: 12, preferred: 30, flexible: true),
        ColumnSpec("Labels", priority: 9, min: 8, preferred: 16),
        ColumnSpec("Updated", priority: 7, min: 16),
    ] + MetricColumns.specs(spend: 4, rest: 10)

    /// One row per ad of the ad group.
    static func rows(_ snapshot: Snapshot, adGroupID: String, _ context: FormatContext) -> RowSource {
        let dash = context.glyphs.emDash
        let parentName = context.clean(snapshot.adGroups.first { $0.id == adGroupID }?.name)
        let range = context.range
        var source = RowSource(count: snapshot.adsByAdGroup[adGroupID]?.count ?? 0, snapshot: snapshot) { snapshot, index in
            guard let ads = snapshot.adsByAdGroup[adGroupID], ads.indices.contains(index) else { return TableRow.missing }
            let ad = ads[index]
            let name = context.clean(ad.name)
            // The part of the name that tells the ads of one ad group apart.
            let shown = Format.distinctPart(of: name, from: parentName, ellipsis: context.glyphs.ellipsis)
            let delivery = snapshot.levelMetrics.ads[ad.id]?[context.range]
            let type = context.clean(ad.creativeType?.label, or: dash)
            let status = StatusCells.entity(ad.status, pending: snapshot.pending[ad.id], context)
            let review = context.clean(ad.reviewStatus?.rawValue, or: dash)
            let summary = context.clean(ad.summaryStatus?.rawValue, or: dash)
            let reasons = context.clean((ad.rejectedReasons ?? []).map(\.label).joined(separator: ", "))
            let labels = context.clean((ad.rejectionLabels ?? []).joined(separator: ", "))
            let updated = ad.updatedDate.map { Format.dateTime($0, context.timeZone) } ?? dash
            let cells = [
                TableCell(shown), TableCell(type), status.cell,
                TableCell(review, StatusRole.of(ad.reviewStatus)),
                TableCell(summary, StatusRole.of(ad.summaryStatus)),
                TableCell(reasons, reasons.isEmpty ? .normal : .reviewRejected),
                TableCell(labels), TableCell(updated),
            ] + MetricColumns.cells(delivery, context)
            let keys: [SortValue] = [
                .text(context.sortKey(ad.name, lowercased: name.lowercased())), .text(type.lowercased()), .text(status.sortText),
                .text(review.lowercased()), .text(summary.lowercased()),
                reasons.isEmpty ? .missing : .text(reasons.lowercased()),
                labels.isEmpty ? .missing : .text(labels.lowercased()),
                ad.updatedTime.map { .number(Double($0)) } ?? .missing,
            ] + MetricColumns.keys(delivery)
            let search = name + "\n" + ad.id + "\n" + (ad.status?.rawValue ?? "") + "\n" + review + "\n" + summary
            return TableRow(id: ad.id, cells: cells, sortKeys: keys, searchText: search)
        }
        source.delivery = { snapshot, index in
            guard let ads = snapshot.adsByAdGroup[adGroupID], ads.indices.contains(index) else { return nil }
            return snapshot.levelMetrics.ads[ads[index].id]?[range]
        }
        return source
    }
}
