import PinterestAds

/// One screen of the dashboard; the app keeps a stack of them (the breadcrumb).
public enum Screen: Hashable, Sendable {
    /// The account's ad groups, optionally only those of one campaign.
    case adGroups(campaignID: String?)
    /// The ads of one ad group.
    case ads(adGroupID: String)
    /// The account's campaigns.
    case campaigns
    /// The ad account switcher.
    case accounts

    /// Which table this screen shows.
    public var tableKind: TableKind {
        switch self {
        case .adGroups: .adGroups
        case .ads: .ads
        case .campaigns: .campaigns
        case .accounts: .accounts
        }
    }
}

/// The kinds of table the dashboard draws; sort settings are kept per kind.
public enum TableKind: String, Hashable, Sendable, CaseIterable {
    /// Ad groups.
    case adGroups
    /// Ads of one ad group.
    case ads
    /// Campaigns.
    case campaigns
    /// Ad accounts.
    case accounts

    /// Plural noun for people ("ad groups").
    public var noun: String {
        switch self {
        case .adGroups: "ad groups"
        case .ads: "ads"
        case .campaigns: "campaigns"
        case .accounts: "ad accounts"
        }
    }

    /// The entity kind acted on from this table (nil: no actions here).
    public var entityKind: EntityKind? {
        switch self {
        case .adGroups: .adGroup
        case .ads: .ad
        case .campaigns: .campaign
        case .accounts: nil
        }
    }
}

/// Per-screen view state: what is selected (by entity id), the scroll offset and the filter.
public struct ScreenState: Equatable, Sendable {
    /// The id of the selected entity; survives refreshes and re-sorting.
    public var selectedID: String?
    /// Index of the selection when last seen, used when the selected entity disappears.
    public var cursorHint: Int = 0
    /// First visible row.
    public var scroll: Int = 0
    /// The filter text (empty: no filter).
    public var filter: String = ""

    /// Creates a screen state.
    public init(selectedID: String? = nil, scroll: Int = 0, filter: String = "") {
        self.selectedID = selectedID
        self.scroll = scroll
        self.filter = filter
    }
}

/// Sort column and direction of one table.
public struct SortState: Equatable, Sendable {
    /// Index of the sort column in the table's column list.
    public var column: Int
    /// Ascending (true) or descending.
    public var ascending: Bool

    /// Creates a sort state.
    public init(column: Int = 0, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }
}
