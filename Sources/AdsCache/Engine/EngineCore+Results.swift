import Foundation
import PinterestAds

/// Folding a fetch's result into the snapshot: newer read-backs and pending statuses are kept,
/// ads go to the cache, and what changed becomes events.
extension EngineCore {
    /// What a result changed.
    struct Fold {
        var events: [ChangeEvent] = []
        var writes: [AdsCacheWrite] = []
    }

    /// Folds the result of the fetch with `sequence`, which ended `now`.
    mutating func fold(_ result: FetchResult, sequence: Int, previous: Snapshot, now: Date) -> Fold {
        let pending = snapshot.pending
        func diff(_ kinds: Set<EntityKind>, scope: Set<String>? = nil, in snapshot: Snapshot) -> [ChangeEvent] {
            SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: kinds, adGroupScope: scope)
        }
        switch result {
        case .accounts(let accounts):
            snapshot.accounts = accounts
            if let mine = accounts.first(where: { $0.id == accountID }) { snapshot.account = mine }
            return Fold()
        case .campaigns(var campaigns):
            freshness.fold(&campaigns, current: previous.campaigns, sequence: sequence, pending: pending)
            snapshot.campaigns = campaigns
            return Fold(events: loaded.contains(.campaigns) ? diff([.campaign], in: snapshot) : [])
        case .adGroups(var groups, let pages):
            // Paged exactly as the listing folded last time (the same bytes, page by page): the
            // same ad groups. What is shown stays, with the pending changes and read-backs that
            // moved it on since; nothing to compare, diff or save.
            if let pages, pages == adGroupPages { return Fold() }
            freshness.fold(&groups, current: previous.adGroups, sequence: sequence, pending: pending)
            snapshot.adGroups = groups
            // New paging for the same ad groups (a first listing after an upgrade, or bytes that
            // changed and decoded to equal values) is saved too, with the ad groups it pages.
            if adGroupPages != pages { dirtyParts.insert(.adGroups) }
            adGroupPages = pages
            return Fold(events: loaded.contains(.adGroups) ? diff([.adGroup], in: snapshot) : [])
        case .adsInView(let group, var ads):
            freshness.fold(&ads, current: previous.adsByAdGroup[group] ?? [], sequence: sequence, pending: pending)
            let listedAll = loaded.contains(.ads)
            let known = withResidency {
                $0.foldInView(group, ads: ads, sequence: sequence, listedAll: listedAll, into: &$1)
            }
            return Fold(events: known ? diff([.ad], scope: [group], in: snapshot) : [], writes: [.adGroup(group, ads)])
        case .ads(let listing):
            let listedAll = loaded.contains(.ads), limit = configuration.residentAdsLimit
            var freshness = self.freshness
            self.freshness = Freshness()
            let fold = withResidency {
                $0.foldListing(listing, sequence: sequence, listedAll: listedAll, residentLimit: limit,
                               previous: previous, into: &$1, freshness: &freshness, pending: pending)
            }
            self.freshness = freshness
            return Fold(events: fold.changed ? diff([.ad], scope: fold.scope, in: snapshot) : [], writes: fold.writes)
        case .analytics(let result):
            snapshot.metrics = result.adGroups
            snapshot.levelMetrics = result.levels
            return Fold()
        }
    }
}
