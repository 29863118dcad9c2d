import Foundation
import PinterestAds

/// Starting: the cached snapshot is published before any request; a large account's cached ads
/// and the first refresh wait for the first screen (or the hold's end).
extension EngineCore {
    mutating func start(hold: TimeInterval?, now: Date) -> [EngineAction] {
        guard phase == .idle else { return [.logWarning("start() ignored: the engine already started")] }
        phase = .running
        firstRefreshHold = hold
        guard hasCache else { return refreshEverything(now: now) }
        startup = .loadingCache
        guard shared else { return [.loadCache] }
        // Who fetches is settled before the cache is read: the driver answers at once.
        role = .deciding
        return [.tryLead, .loadCache]
    }

    mutating func cacheLoaded(_ cached: Snapshot?, now: Date) -> [EngineAction] {
        guard phase == .running, startup == .loadingCache else { return [] }
        guard let cached else { return finishStartup(now: now) }
        takeEntities(of: cached)
        snapshot.account = cached.account
        // A follower's cache is the leader's live data, not an old copy waiting for a refresh.
        snapshot.cachedAt = isFollowing ? nil : cached.cachedAt
        for (kind, status) in cached.collections {
            snapshot.collections[kind, default: CollectionStatus()].lastFetched = status.lastFetched
        }
        loaded.formUnion(cached.collections.keys)
        onlyFromCache.formUnion(cached.collections.keys)
        // The ads wait for the first screen too: reading 50,000 briefs beside the table's build
        // would slow the paint that matters most.
        guard let hold = firstRefreshHold else {
            startup = .loadingAds
            return [.loadCachedAds]
        }
        startup = .holding
        return [arm(.firstRefreshHold, after: hold)]
    }

    mutating func releaseFirstRefresh(now: Date) -> [EngineAction] {
        firstRefreshHold = nil
        guard phase == .running, startup == .holding else { return [] }
        startup = .loadingAds
        return disarm(.firstRefreshHold) + [.loadCachedAds]
    }

    mutating func cachedAdsLoaded(_ ads: CachedAds?, pages: [AdsPageRecord], now: Date) -> [EngineAction] {
        guard phase == .running, startup == .loadingAds else { return [] }
        if let ads {
            withResidency { $0.loadFromCache(ads, pages: pages, into: &$1) }
        }
        return finishStartup(now: now)
    }

    /// The start is over: check the cache file (reading all of it takes a while, so only now) and
    /// refresh everything.
    private mutating func finishStartup(now: Date) -> [EngineAction] {
        startup = .done
        return [.checkCacheIntegrity] + refreshEverything(now: now)
    }

    mutating func refreshRequested(_ kinds: Set<CollectionKind>?, now: Date) -> [EngineAction] {
        // Asking for a refresh means the screen is up: a held start goes on (and refreshes
        // everything when it is done).
        let released = releaseFirstRefresh(now: now)
        guard startup == .done else { return released }
        // A follower's refresh is the leader's: it looks again (and leads if the leader is gone).
        if isFollowing { return released + lookAgain() }
        return released + CollectionKind.allCases.filter { kinds?.contains($0) ?? true }
            .flatMap { trigger($0, now: now) }
    }

    mutating func refreshEverything(now: Date) -> [EngineAction] {
        CollectionKind.allCases.flatMap { trigger($0, now: now) }
    }

    /// A new ad group in view is fetched at once; in an account too large to keep every ad in
    /// full, its cached ads are shown meanwhile, and the full ads of ad groups no longer recently
    /// in view are let go.
    mutating func adGroupInViewChanged(_ id: String?, now: Date) -> [EngineAction] {
        guard adGroupInView != id else { return [] }
        adGroupInView = id
        guard let id else { return disarm(.refresh(.adsInView)) }
        let limit = configuration.residentAdsLimit
        if residency.viewed(id, in: snapshot, residentLimit: limit) {
            withResidency { $0.letGoOfUnviewed(in: &$1, residentLimit: limit) }
        }
        var actions: [EngineAction] = []
        if hasCache, phase == .running, snapshot.adsByAdGroup[id] == nil { actions.append(.loadCachedAdGroup(id)) }
        return actions + trigger(.adsInView, now: now) + analyzeAdsInView(now: now)
    }

    /// Cached ads are shown only if they agree with the briefs in memory (which a read-back or a
    /// pending change may have moved on), and only if no fetch brought the ad group's ads meanwhile.
    mutating func cachedAdGroupLoaded(_ group: String, ads: [Ad]) -> [EngineAction] {
        guard !ads.isEmpty, phase == .running, adGroupInView == group, snapshot.adsByAdGroup[group] == nil,
              AdBriefs(ads) == snapshot.adBriefs[group] else { return [] }
        snapshot.setFullAds(ads, of: group)
        return []
    }
}

extension EngineCore {
    /// The cached entities and their metrics, as a start or a follower's reload takes them. The
    /// ads' metrics are not cached (they are read for the ad group in view), so they stay.
    mutating func takeEntities(of cached: Snapshot) {
        snapshot.accounts = cached.accounts
        snapshot.campaigns = cached.campaigns
        snapshot.adGroups = cached.adGroups
        snapshot.metrics = cached.metrics
        snapshot.levelMetrics.account = cached.levelMetrics.account
        snapshot.levelMetrics.campaigns = cached.levelMetrics.campaigns
    }
}
