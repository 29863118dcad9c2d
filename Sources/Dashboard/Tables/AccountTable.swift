import AdsCache
import Foundation
import PinterestAds

/// The ad account switcher.
enum AccountTable {
    /// Columns in display order.
    static let columns: [ColumnSpec] = [
        ColumnSpec("Name", priority: 0, min: 12, preferred: 40, flexible: true),
        ColumnSpec("Id", priority: 1, min: 14, preferred: 16),
        ColumnSpec("Currency", priority: 2, min: 8),
        ColumnSpec("Country", priority: 3, min: 7),
    ]

    /// One row per account; the one in view is marked "(current)".
    static func rows(_ snapshot: Snapshot, _ context: FormatContext) -> RowSource {
        RowSource(count: snapshot.accounts.count, snapshot: snapshot) { snapshot, index in
            guard snapshot.accounts.indices.contains(index) else { return TableRow.missing }
            let account = snapshot.accounts[index]
            var name = context.clean(account.name)
            let sortKey = context.sortKey(account.name, lowercased: name.lowercased())
            if account.id == snapshot.account?.id { name += " (current)" }
            let id = context.clean(account.id)
            let currency = context.clean(account.currency?.rawValue, or: context.glyphs.emDash)
            let country = context.clean(account.country?.rawValue, or: context.glyphs.emDash)
            return TableRow(
                id: account.id,
                cells: [TableCell(name), TableCell(id), TableCell(currency), TableCell(country)],
                sortKeys: [.text(sortKey), .text(id), .text(currency), .text(country)],
                searchText: name + "\n" + account.id + "\n" + currency)
        }
    }
}
