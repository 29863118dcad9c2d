import AdsCache

/// Builds the table model of a screen.
enum TableBuilder {
    /// The table of `screen` from `snapshot`; `sortColumn` is the column it will be sorted by.
    /// `overview` is what the accounts overview shows besides the snapshot; `chosen` the titles of
    /// the columns a person chose to show.
    static func build(screen: Screen, snapshot: Snapshot, context: FormatContext, sortColumn: Int? = nil,
                      overview: OverviewInput = OverviewInput(healths: [:], events: [], now: .distantPast),
                      chosen: [String]? = nil) -> TableModel {
        let all = columns(screen.tableKind)
        let source: RowSource = switch screen {
        case .adGroups(let campaignID): AdGroupTable.rows(snapshot, campaignID: campaignID, context)
        case .ads(let adGroupID): AdTable.rows(snapshot, adGroupID: adGroupID, context)
        case .campaigns: CampaignTable.rows(snapshot, context)
        case .accounts: AccountTable.rows(snapshot, context, overview)
        }
        let indices = shown(all, chosen: chosen)
        if indices == Array(all.indices) {
            return TableModel(kind: screen.tableKind, columns: all, source: source, sortColumn: sortColumn)
        }
        return TableModel(kind: screen.tableKind, columns: indices.map { all[$0] }, source: source.picking(indices),
                          sortColumn: sortColumn)
    }

    /// The indices of the columns shown: the chosen titles in their order (the first column, the
    /// name, always), or every column when none were chosen.
    static func shown(_ columns: [ColumnSpec], chosen: [String]?) -> [Int] {
        guard let chosen else { return Array(columns.indices) }
        var indices = chosen.compactMap { title in columns.firstIndex { $0.title == title } }
        if !indices.contains(0), !columns.isEmpty { indices.insert(0, at: 0) }
        var seen = Set<Int>()
        return indices.filter { seen.insert($0).inserted }
    }

    /// The columns of a table kind.
    static func columns(_ kind: TableKind) -> [ColumnSpec] {
        switch kind {
        case .adGroups: AdGroupTable.columns
        case .ads: AdTable.columns
        case .campaigns: CampaignTable.columns
        case .accounts: AccountTable.columns
        }
    }
}
