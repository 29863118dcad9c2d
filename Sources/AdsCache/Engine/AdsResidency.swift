import Foundation
import PinterestAds

/// Which ads are in memory and how: every ad in brief (packed, `Snapshot.adBriefs`), the full ads
/// of the resident ad groups (`Snapshot.adsByAdGroup`: all of them in an account of at most
/// `residentAdsLimit` ads, else the few recently in view), and the pages of the last
/// whole-account listing, so that a page that did not change is neither decoded nor regrouped.
///
/// The snapshot holds the ads; this value holds what decides them and is the only code that
/// changes `adBriefs` and `adsByAdGroup` after a fetch.
struct AdsResidency: Sendable {
    /// The pages of the last whole-account listing (no ads, only their ids).
    private(set) var pages: [AdsPageRecord] = []
    /// Ad groups whose ads the in-view fetch with this sequence listed: an older whole-account
    /// listing does not overwrite them.
    private(set) var inViewSequence: [String: Int] = [:]
    /// Ad groups whose ads are known (changes to them are news).
    private(set) var knownGroups: Set<String> = []
    /// Ad groups most recently in view, newest last: their full ads stay in a large account.
    private(set) var recent: [String] = []

    /// How many recently viewed ad groups keep their full ads in a large account.
    static let recentKept = 4

    /// Takes the ads read from the cache at a start; the pages are those of the listing that
    /// wrote them (kept only if no listing ran since).
    mutating func loadFromCache(_ ads: CachedAds, pages cachedPages: [AdsPageRecord], into snapshot: inout Snapshot) {
        snapshot.setAds(full: ads.full, briefs: ads.briefs)
        knownGroups.formUnion(ads.briefs.keys)
        if pages.isEmpty { pages = cachedPages }
    }

    /// Takes the ads a follower read from the shared cache: they replace the ones in memory, and
    /// the leader's listing pages replace the known ones. Full ads no longer read in full (a large
    /// account) stay where their briefs did not change.
    mutating func reloadFromCache(_ ads: CachedAds, pages cachedPages: [AdsPageRecord], into snapshot: inout Snapshot) {
        var full = ads.full
        for (group, kept) in snapshot.adsByAdGroup where full[group] == nil && ads.briefs[group] == AdBriefs(kept) {
            full[group] = kept
        }
        snapshot.setAds(full: full, briefs: ads.briefs)
        knownGroups.formUnion(ads.briefs.keys)
        pages = cachedPages
    }

    /// Notes that `group` is in view; returns whether full ads of ad groups no longer recently in
    /// view should be let go (`letGoOfUnviewed`).
    mutating func viewed(_ group: String, in snapshot: Snapshot, residentLimit: Int) -> Bool {
        recent.removeAll { $0 == group }
        recent.append(group)
        if recent.count > Self.recentKept { recent.removeFirst() }
        guard snapshot.adCount > residentLimit else { return false }
        let keep = Set(recent)
        return snapshot.adsByAdGroup.keys.contains { !keep.contains($0) }
    }

    /// Drops the full ads of ad groups not recently in view (their briefs stay).
    func letGoOfUnviewed(in snapshot: inout Snapshot, residentLimit: Int) {
        snapshot.letGoOfFullAds(keeping: Set(recent))
    }

    /// What a whole-account listing needs: the pages known, and how many full ads to keep (none
    /// beyond the recent ad groups' in an account already known to be over the limit).
    func listingParameters(snapshot: Snapshot, residentLimit: Int) -> FetchRequest.Parameters {
        .ads(known: pages.map(\.known), residentLimit: snapshot.adCount > residentLimit ? 0 : residentLimit,
             recent: Set(recent))
    }

    /// Folds the ads of one ad group (the in-view fetch with `sequence`); returns whether changes
    /// to them are news.
    mutating func foldInView(_ group: String, ads: [Ad], sequence: Int, listedAll: Bool,
                             into snapshot: inout Snapshot) -> Bool {
        snapshot.setFullAds(ads, of: group)
        inViewSequence[group] = sequence
        let known = listedAll || knownGroups.contains(group)
        knownGroups.insert(group)
        return known
    }

    /// How a whole-account listing folds in.
    struct ListingFold {
        /// Ad groups whose ads changed (nil: compare every ad group), for the diff.
        var scope: Set<String>?
        /// Whether there is anything to diff.
        var changed: Bool
        /// What to write to the cache.
        var writes: [AdsCacheWrite]
    }

    /// A whole-account listing covers every ad group: one it found no ad for has none. It is known
    /// empty (0 ads), not unknown ("—"), so its count does not flip between "0" once it is opened
    /// and "—" after the next listing.
    static func markEmptyAdGroups(_ groups: [AdGroup], in briefs: inout [String: AdBriefs]) {
        for group in groups where briefs[group.id] == nil { briefs[group.id] = AdBriefs() }
    }

    /// Folds a whole-account listing (the fetch with `sequence`): every ad in brief, and in full for
    /// the resident ad groups. Pages the listing found unchanged keep the briefs they had; ad
    /// groups an in-view fetch listed since keep those ads; newer read-backs are kept and pending
    /// statuses shown.
    mutating func foldListing(_ listing: AdsListing, sequence: Int, listedAll: Bool, residentLimit: Int,
                              previous: Snapshot, into snapshot: inout Snapshot, freshness: inout Freshness,
                              pending: [String: PendingChange]) -> ListingFold {
        let newer = inViewSequence.filter { $0.value > sequence }
        inViewSequence = newer
        if !pages.isEmpty, listing.pages.count == pages.count, listing.pages.allSatisfy(\.isUnchanged) {
            // Every page is the one listed last time: what the snapshot holds is as new (in-view
            // fetches and read-backs since only moved it on). Nothing to regroup, diff or write.
            Self.markEmptyAdGroups(snapshot.adGroups, in: &snapshot.adBriefs)
            return ListingFold(scope: [], changed: false, writes: [])
        }
        var records: [AdsPageRecord] = []
        /// Where each ad group's briefs come from, in order: a page decoded now, or the brief at
        /// `index` of an ad group in the snapshot (for pages found unchanged).
        enum Source { case fresh(AdBrief), held(group: String, index: Int) }
        var sources: [String: [Source]] = [:]
        var allIDs = Set<String>()
        // The briefs (and ad groups) of unchanged pages are the ones the snapshot holds, found by
        // id (only the ids are unpacked).
        var held: [String: (group: String, index: Int)]?
        for (index, page) in listing.pages.enumerated() {
            switch page.content {
            case .decoded(let entries):
                records.append(AdsPageRecord(digest: page.digest, bookmark: page.bookmark, ids: entries.map(\.brief.id)))
                for (group, brief) in entries where allIDs.insert(brief.id).inserted {
                    sources[group, default: []].append(.fresh(brief))
                }
            case .unchanged:
                guard index < pages.count else { continue }
                let record = pages[index]
                records.append(record)
                if held == nil {
                    var positions = [String: (group: String, index: Int)](minimumCapacity: previous.adCount)
                    for (group, briefs) in previous.adBriefs {
                        for (position, id) in briefs.ids.enumerated() where positions[id] == nil {
                            positions[id] = (group, position)
                        }
                    }
                    held = positions
                }
                for id in record.ids where allIDs.insert(id).inserted {
                    guard let (group, position) = held?[id] else { continue }
                    sources[group, default: []].append(.held(group: group, index: position))
                }
            }
        }
        let newerInView = Set(newer.keys)
        var briefs: [String: AdBriefs] = [:]
        for group in newerInView { briefs[group] = previous.adBriefs[group] }
        // With nothing pending or read back, an ad group made only of its own unchanged briefs,
        // all of them in order, keeps its packed briefs as they are: no unpacking.
        let untouched = freshness.isEmpty && pending.isEmpty
        for (group, list) in sources where !newerInView.contains(group) {
            if untouched, let old = previous.adBriefs[group], old.count == list.count,
               list.indices.allSatisfy({ position in
                   if case .held(group, position) = list[position] { true } else { false }
               }) {
                briefs[group] = old
                continue
            }
            var groupBriefs = list.compactMap { source -> AdBrief? in
                switch source {
                case .fresh(let brief): brief
                case .held(let from, let position): previous.adBriefs[from].map { $0[position] }
                }
            }
            freshness.fold(&groupBriefs, current: Array(previous.adBriefs[group] ?? []), sequence: sequence,
                           pending: pending)
            briefs[group] = AdBriefs(groupBriefs)
        }
        Self.markEmptyAdGroups(snapshot.adGroups, in: &briefs)
        // Full ads of the resident ad groups: fetched now, or kept from before for unchanged pages.
        let resident = allIDs.count <= residentLimit ? Set(briefs.keys) : Set(recent).intersection(briefs.keys)
        let fetchedByID = Dictionary(listing.kept.lazy.filter { resident.contains($0.adGroupId ?? "") }
                                        .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var full: [String: [Ad]] = [:]
        for group in resident {
            if newerInView.contains(group) {
                full[group] = previous.adsByAdGroup[group]
                continue
            }
            let before = Dictionary((previous.adsByAdGroup[group] ?? []).map { ($0.id, $0) },
                                    uniquingKeysWith: { first, _ in first })
            var ads: [Ad] = (briefs[group] ?? []).ids.compactMap { fetchedByID[$0] ?? before[$0] }
            // An ad group only some of whose ads are at hand stays in brief until it is opened.
            guard ads.count == briefs[group]?.count else { continue }
            freshness.fold(&ads, current: previous.adsByAdGroup[group] ?? [], sequence: sequence, pending: pending)
            full[group] = ads
        }
        snapshot.setAds(full: full, briefs: briefs)
        pages = records
        var writes: [AdsCacheWrite] = [.listingEnded(allIDs: allIDs, decoded: listing.decoded, pages: records)]
        // The listing's pages went to the cache as they came: an in-view fetch that landed
        // meanwhile is newer, so its ads are written again after them, and so are newer read-backs.
        for group in newerInView.sorted() {
            if let ads = previous.adsByAdGroup[group] { writes.append(.adGroup(group, ads)) }
        }
        let readBack = freshness.ads(newerThan: sequence)
        if !readBack.isEmpty { writes.append(.readBack(readBack)) }
        let scope: Set<String>? = listedAll ? nil : knownGroups
        knownGroups.formUnion(briefs.keys)
        return ListingFold(scope: scope, changed: !(scope?.isEmpty ?? false), writes: writes)
    }
}

/// One page of the whole-account ads listing as remembered: its digest and bookmark, and the ids
/// of its ads (their briefs and ad groups are in the snapshot).
struct AdsPageRecord: Sendable {
    var digest: PageDigest?
    var bookmark: String?
    var ids: [String]

    /// The page as the next listing is told it is known.
    var known: ListedPage<Ad> { ListedPage(digest: digest, bookmark: bookmark, content: .unchanged) }
}

/// A whole-account ads listing as it arrived, page by page: what the engine keeps of it. Each page
/// is taken in brief as it comes and its full ads go to the cache at once, so the decoded ads of
/// a large account are never in memory together; only the full ads of resident ad groups are kept.
struct AdsListing: Sendable {
    typealias Entry = (adGroupID: String, brief: AdBrief)

    /// One page: its digest and bookmark, and its ads in brief with their ad groups (or that it
    /// was the page known).
    struct Page: Sendable {
        var digest: PageDigest?
        var bookmark: String?
        var content: PageContent<Entry>

        var isUnchanged: Bool {
            if case .unchanged = content { true } else { false }
        }
    }

    var pages: [Page] = []
    /// Full ads kept: all of them while the listing has decoded at most `residentLimit`, then only
    /// those of the `recent` ad groups.
    var kept: [Ad] = []
    /// Ads decoded (on pages that changed).
    var decoded = 0
    let residentLimit: Int
    let recent: Set<String>

    init(residentLimit: Int, recent: Set<String>) {
        self.residentLimit = residentLimit
        self.recent = recent
    }

    /// Takes the next page.
    mutating func add(_ page: ListedPage<Ad>) {
        guard case .decoded(let items) = page.content else {
            pages.append(Page(digest: page.digest, bookmark: page.bookmark, content: .unchanged))
            return
        }
        pages.append(Page(digest: page.digest, bookmark: page.bookmark,
                          content: .decoded(items.map { ($0.adGroupId ?? "", AdBrief($0)) })))
        let keepingAll = decoded <= residentLimit
        decoded += items.count
        if keepingAll, decoded > residentLimit {
            kept.removeAll { !recent.contains($0.adGroupId ?? "") }
        }
        if decoded <= residentLimit {
            kept += items
        } else {
            kept += items.filter { recent.contains($0.adGroupId ?? "") }
        }
    }
}
