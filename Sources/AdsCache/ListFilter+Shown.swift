import PinterestAds

extension ListFilter {
    /// The statuses Pinwatch lists. The API's default is ACTIVE and PAUSED only; archived and draft
    /// entities are asked for too so every summary status can be seen (deleted drafts are not).
    public static let shownStatuses: [EntityStatus] = [.active, .paused, .archived, .draft]

    /// Every entity Pinwatch shows, without other filters.
    public static let shown = ListFilter(entityStatuses: shownStatuses)
}
