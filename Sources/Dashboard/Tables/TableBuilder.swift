import AdsCache

/// Builds the table model of a screen.
enum TableBuilder {
    /// The table of `screen` from `snapshot`; `sortColumn` is the column it will be sorted by.
    /// `overview` is what the accounts overview shows besides the snapshot.
    static func build(screen: Screen, snapshot: Snapshot, context: FormatContext, sortColumn: Int? = nil,
                      overview: OverviewInput = OverviewInput(healths: [:], events: [], now: .distantPast)) -> TableModel {
        let source: RowSource = switch screen {
        case .adGroups(let campaignID): AdGroupTable.rows(snapshot, campaignID: campaignID, context)
        case .ads(let adGroupID): AdTable.rows(snapshot, adGroupID: adGroupID, context)
        case .campaigns: CampaignTable.rows(snapshot, context)
        case .accounts: AccountTable.rows(snapshot, context, overview)
        }
        return TableModel(kind: screen.tableKind, columns: columns(screen.tableKind), source: source, sortColumn: sortColumn)
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
