import Foundation
import PinterestAds

/// Who fetches for the processes sharing one cache (one account and identity on a host).
enum SharingRole: Equatable, Sendable {
    /// Not shared: this process fetches for itself.
    case solo
    /// Shared; the lock was asked for and the answer has not come yet.
    case deciding
    /// This process holds the lock: it fetches, saves every change at once and wakes the others.
    case leading
    /// Another process leads: this one fetches nothing and shows what the leader saves.
    case following(pid: Int32?)
}

/// Sharing one fetcher: the rules of leading and following. The leader fetches as a lone process
/// does, saves each change at once, wakes the followers after each write, and folds in the
/// read-backs of changes they made. A follower sends no request (but its own changes): it reloads
/// the cache when woken, lays the unsaved read-backs over it, and tries to lead when woken and on
/// a timer, so it takes over within one cadence of the leader's end.
extension EngineCore {
    var isFollowing: Bool {
        if case .following = role { true } else { false }
    }

    /// Whether this process sends the refreshes.
    var fetches: Bool { role == .solo || role == .leading }

    /// How often a follower tries to lead when nothing wakes it: half the ad groups cadence, so a
    /// leader killed without a word is replaced within one cadence.
    var leadershipCheckInterval: TimeInterval { configuration.interval(for: .adGroups) / 2 }

    mutating func becameLeader(now: Date) -> [EngineAction] {
        guard phase == .running, shared, role != .leading else { return [] }
        let wasFollowing = isFollowing
        role = .leading
        snapshot.following = nil
        reloading = false
        reloadAgain = false
        unnamedHolderAnswers = 0
        // Its own read-backs are in the journal, which it reads now.
        ownReadBacks = []
        var actions = disarm(.leadership) + [.readJournal]
        if wasFollowing {
            actions.append(.logWarning("The Pinwatch process that was fetching ended: this one fetches now"))
        }
        // A follower taking over refreshes everything now; a start does when its cache is read.
        if startup == .done { actions += refreshEverything(now: now) }
        return actions
    }

    /// A lock held by a process that has not written its pid is being taken (a leader between its
    /// lock and its pid) or let go of (a leader that resigned while a child process, forked before
    /// and not yet exec'd, holds a copy of the lock's descriptor): a follower looks again soon,
    /// doubling the wait up to the usual check, so a lock that stays unnamed is not polled.
    mutating func leaderElsewhere(pid: Int32?, now: Date) -> [EngineAction] {
        guard phase == .running, shared, role != .leading else { return [] }
        role = .following(pid: pid)
        if snapshot.following != Following(leaderPID: pid) { snapshot.following = Following(leaderPID: pid) }
        unnamedHolderAnswers = pid == nil ? unnamedHolderAnswers + 1 : 0
        return [arm(.leadership, after: quickLookDelay ?? leadershipCheckInterval)]
    }

    /// The wait before a quick look at an unnamed holder: 0.1 s, doubling; nil once it reaches the
    /// usual check.
    private var quickLookDelay: TimeInterval? {
        guard unnamedHolderAnswers > 0 else { return nil }
        let delay = 0.1 * pow(2, Double(min(unnamedHolderAnswers - 1, 30)))
        return delay < leadershipCheckInterval ? delay : nil
    }

    /// Another process wrote: a follower looks whether it should lead (then reloads); the leader
    /// reads the journal, where followers put their changes' read-backs.
    mutating func cacheChangedByOther(now: Date) -> [EngineAction] {
        guard phase == .running, shared else { return [] }
        switch role {
        case .leading: return [.readJournal]
        case .following: return lookAgain()
        case .solo, .deciding: return []
        }
    }

    /// Nothing woke the follower for a while: it looks anyway (the leader may have been killed,
    /// or the file watch may be unavailable).
    mutating func leadershipTimerFired(now: Date) -> [EngineAction] {
        guard phase == .running, isFollowing else { return [] }
        // A quick look only tries the lock: nothing was written to reload.
        return quickLookDelay == nil ? lookAgain() : [.tryLead]
    }

    /// A follower tries to lead, and reloads (ignored if it leads by then).
    mutating func lookAgain() -> [EngineAction] {
        [.tryLead] + requestReload()
    }

    private mutating func requestReload() -> [EngineAction] {
        guard !reloading else {
            reloadAgain = true
            return []
        }
        reloading = true
        reloadsAsked += 1
        return [.reloadCache]
    }

    /// A follower shows what it read: the leader's snapshot, with the read-backs the leader has
    /// not saved yet, this process's own read-backs the reload may have missed, and its changes
    /// in flight laid over it.
    mutating func cacheReloaded(_ reload: CacheReload, now: Date) -> [EngineAction] {
        reloading = false
        guard phase == .running, isFollowing else {
            reloadAgain = false
            return []
        }
        let previous = snapshot
        if let cached = reload.snapshot {
            takeEntities(of: cached)
            snapshot.account = cached.account ?? snapshot.account
            snapshot.cachedAt = nil
            for (kind, status) in cached.collections {
                snapshot.collections[kind, default: CollectionStatus()].lastFetched = status.lastFetched
                snapshot.collections[kind, default: CollectionStatus()].nextRefresh = nil
            }
            loaded.formUnion(cached.collections.keys)
        }
        if let ads = reload.ads {
            withResidency { $0.reloadFromCache(ads, pages: reload.pages, into: &$1) }
        }
        // A read-back shared after this reload was asked for may be in neither the cache nor the
        // journal it read; the next reload reads it.
        ownReadBacks.removeAll { $0.reloadsBefore < reloadsAsked }
        let unsaved = reload.journal.flatMap(\.entities) + ownReadBacks.flatMap(\.entities)
        if !unsaved.isEmpty { snapshot.lay(unsaved) }
        // This process's changes in flight keep showing their pending status.
        for (kind, changes) in Dictionary(grouping: snapshot.pending, by: { $0.value.kind }) {
            snapshot.setStatus(changes.reduce(into: [:]) { $0[$1.key] = $1.value.to }, kind: kind)
        }
        if previous.adGroups.isEmpty == false || previous.campaigns.isEmpty == false {
            report(SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [.campaign, .adGroup, .ad]))
        }
        var actions: [EngineAction] = []
        // A large account keeps only some ads in full: the ad group in view gets its own back.
        if let group = adGroupInView, snapshot.adsByAdGroup[group] == nil { actions.append(.loadCachedAdGroup(group)) }
        if reloadAgain {
            reloadAgain = false
            actions += requestReload()
        }
        return actions
    }

    /// The leader folds in the read-backs followers put in the journal since it last looked, and
    /// saves them with its snapshot (after which they are trimmed from the journal).
    mutating func journalRead(_ entries: [JournalEntry], now: Date) -> [EngineAction] {
        guard phase == .running, role == .leading else { return [] }
        let fresh = entries.filter { $0.sequence > journalFolded }
        guard let last = fresh.last?.sequence else { return [] }
        journalFolded = last
        let previous = snapshot
        let ads = foldReadBack(fresh.flatMap(\.entities), previous: previous)
        report(SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [.campaign, .adGroup, .ad]))
        for kind in [EntityKind.campaign, .adGroup] {
            dirtyParts.formUnion(Self.changedParts(kind.collection, from: previous, to: snapshot))
        }
        // Saved even when nothing changed here, so the journal is trimmed.
        cacheDirty = true
        let writes: [EngineAction] = ads.isEmpty ? [] : [.writeAds([.readBack(ads.sorted { $0.id < $1.id })])]
        return writes + requestSave(now: now)
    }

    /// Takes entities read back after a change as the newest copies (no listing that started
    /// before overwrites them); campaigns and ad groups only where known. Returns the ads.
    mutating func foldReadBack(_ entities: [ReadBackEntity], previous: Snapshot) -> [Ad] {
        fetchSequence += 1
        let split = ReadBackEntity.split(entities)
        freshness.record(entities.map(\.id), ads: split.ads, at: fetchSequence)
        snapshot.replace(campaigns: split.campaigns.filter { value in previous.campaigns.contains { $0.id == value.id } })
        snapshot.replace(adGroups: split.adGroups.filter { value in previous.adGroups.contains { $0.id == value.id } })
        snapshot.replace(ads: split.ads)
        return split.ads
    }
}

extension ReadBackEntity {
    var id: String {
        switch self {
        case .campaign(let value): value.id
        case .adGroup(let value): value.id
        case .ad(let value): value.id
        }
    }

    /// The entities by kind, in order.
    static func split(_ entities: [ReadBackEntity]) -> (campaigns: [Campaign], adGroups: [AdGroup], ads: [Ad]) {
        var campaigns: [Campaign] = [], groups: [AdGroup] = [], ads: [Ad] = []
        for entity in entities {
            switch entity {
            case .campaign(let value): campaigns.append(value)
            case .adGroup(let value): groups.append(value)
            case .ad(let value): ads.append(value)
            }
        }
        return (campaigns, groups, ads)
    }
}

extension Snapshot {
    /// Lays read-back entities over the snapshot, where their entity is known.
    mutating func lay(_ entities: [ReadBackEntity]) {
        let split = ReadBackEntity.split(entities)
        let campaignIDs = Set(campaigns.map(\.id)), groupIDs = Set(adGroups.map(\.id))
        replace(campaigns: split.campaigns.filter { campaignIDs.contains($0.id) })
        replace(adGroups: split.adGroups.filter { groupIDs.contains($0.id) })
        replace(ads: split.ads)
    }
}
