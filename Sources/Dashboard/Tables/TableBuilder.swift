import AdsCache

/// Builds the table model of a screen.
enum TableBuilder {
    /// Formats every row of `screen` from `snapshot`.
    static func build(screen: Screen, snapshot: Snapshot, context: FormatContext) -> TableModel {
        switch screen {
        case .adGroups(let campaignID):
            TableModel(kind: .adGroups, columns: AdGroupTable.columns,
                       rows: AdGroupTable.rows(snapshot, campaignID: campaignID, context))
        case .ads(let adGroupID):
            TableModel(kind: .ads, columns: AdTable.columns, rows: AdTable.rows(snapshot, adGroupID: adGroupID, context))
        case .campaigns:
            TableModel(kind: .campaigns, columns: CampaignTable.columns, rows: CampaignTable.rows(snapshot, context))
        case .accounts:
            TableModel(kind: .accounts, columns: AccountTable.columns, rows: AccountTable.rows(snapshot, context))
        }
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
