import Foundation
import PinterestAds

/// Fetching: one fetch per collection at a time (a second request joins it), each collection on
/// its own cadence, failures backing off per collection, and a 429 pausing every request.
extension EngineCore {
    /// Starts a fetch of `kind` unless one is in flight (then it is joined) or requests are paused.
    mutating func trigger(_ kind: CollectionKind, now: Date) -> [EngineAction] {
        guard phase == .running, startup == .done, fetches else { return [] }
        var runtime = collections[kind] ?? CollectionRuntime()
        defer { collections[kind] = runtime }
        if runtime.inFlight != nil || runtime.waitingForLists {
            // Joined; but the in-view fetch lists one ad group: another one in view now needs its own.
            if kind == .adsInView { runtime.rerun = runtime.parameter != adGroupInView }
            // Analytics of the ads in view alone do not stand for the whole account's.
            if kind == .analytics, runtime.adsOnly { runtime.rerun = true }
            return []
        }
        if kind == .adsInView && adGroupInView == nil { return [] }
        if kind == .analytics, listingIDsInFlight {
            // The ids come from the ad groups and campaigns: wait for a fetch of them under way.
            runtime.waitingForLists = true
            snapshot.collections[kind, default: CollectionStatus()].beginFetch(at: now)
            return disarm(.refresh(kind))
        }
        if let until = rateLimitedUntil, now < until {
            snapshot.collections[kind, default: CollectionStatus()].nextRefresh = until
            snapshot.collections[kind, default: CollectionStatus()].isFetching = false
            snapshot.collections[kind, default: CollectionStatus()].fetchStarted = nil
            return [arm(.refresh(kind), after: until.timeIntervalSince(now))]
        }
        let parameters: FetchRequest.Parameters
        switch kind {
        case .accounts: parameters = .accounts
        case .campaigns: parameters = .campaigns
        case .adGroups: parameters = .adGroups
        case .adsInView: parameters = .adsInView(group: adGroupInView ?? "")
        case .ads: parameters = residency.listingParameters(snapshot: snapshot, residentLimit: configuration.residentAdsLimit)
        case .analytics: parameters = .analytics(analyticsScope(adsOnly: false))
        }
        fetchSequence += 1
        runtime.inFlight = fetchSequence
        runtime.parameter = adGroupInView
        runtime.adsOnly = false
        snapshot.collections[kind, default: CollectionStatus()].beginFetch(at: now)
        return disarm(.refresh(kind)) + [.fetch(FetchRequest(id: FetchID(kind: kind, sequence: fetchSequence),
                                                             parameters: parameters))]
    }

    /// Takes `id`'s collection out of flight; false when that fetch is not the one in flight (the
    /// engine stopped, or the fetch was superseded).
    private mutating func land(_ id: FetchID) -> Bool {
        guard phase == .running, collections[id.kind]?.inFlight == id.sequence else { return false }
        collections[id.kind]?.inFlight = nil
        if snapshot.budget != budget { snapshot.budget = budget }
        return true
    }

    /// What follows the end of a fetch: a rerun asked for meanwhile, analytics waiting for the listings.
    private mutating func afterFetch(_ kind: CollectionKind, now: Date) -> [EngineAction] {
        var actions: [EngineAction] = []
        if collections[kind]?.rerun == true {
            collections[kind]?.rerun = false
            actions += trigger(kind, now: now)
        }
        if kind == .adGroups || kind == .campaigns, collections[.analytics]?.waitingForLists == true,
           !listingIDsInFlight {
            collections[.analytics]?.waitingForLists = false
            actions += trigger(.analytics, now: now)
        }
        if kind == .analytics, collections[.analytics]?.adsRerun == true {
            collections[.analytics]?.adsRerun = false
            actions += analyzeAdsInView(now: now)
        }
        // The ads in view were just listed (the first time, in a large account): their analytics.
        if kind == .adsInView { actions += analyzeAdsInView(now: now) }
        return actions
    }

    /// Whether a listing the analytics take their ids from (ad groups, campaigns) is being fetched.
    var listingIDsInFlight: Bool {
        collections[.adGroups]?.inFlight != nil || collections[.campaigns]?.inFlight != nil
    }

    mutating func fetchFinished(_ id: FetchID, result: FetchResult, now: Date, jitter: Double) -> [EngineAction] {
        guard land(id) else { return [] }
        if id.kind == .analytics, collections[.analytics]?.adsOnly == true {
            adsAnalyticsFinished(result)
            return afterFetch(.analytics, now: now)
        }
        let kind = id.kind
        collections[kind]?.failures = 0
        let rerun = collections[kind]?.rerun ?? false
        let previous = snapshot
        var fold = self.fold(result, sequence: id.sequence, previous: previous, now: now)
        replan(now: now)
        let delay = plannedInterval(kind, random: jitter)
        var actions: [EngineAction] = rerun ? [] : [arm(.refresh(kind), after: delay)]
        // The first refresh after a cached start reports what changed since, but not everything
        // added or removed meanwhile (a flood after a long absence).
        let cacheKind: CollectionKind = kind == .adsInView ? .ads : kind
        if onlyFromCache.contains(cacheKind) {
            fold.events.removeAll { $0.kind == .added || $0.kind == .removed }
            if kind != .adsInView { onlyFromCache.remove(kind) }
        }
        report(fold.events)
        var status = snapshot.collections[kind] ?? CollectionStatus()
        status.lastFetched = now
        status.isFetching = false
        status.fetchStarted = nil
        status.lastError = nil
        status.consecutiveFailures = 0
        status.nextRefresh = rerun ? now : now.addingTimeInterval(delay)
        snapshot.collections[kind] = status
        if kind == .adGroups { snapshot.cachedAt = nil }
        loaded.insert(kind)
        cacheDirty = true
        let parts = Self.changedParts(kind, from: previous, to: snapshot)
        dirtyParts.formUnion(parts)
        if !fold.writes.isEmpty { actions.append(.writeAds(fold.writes)) }
        if !parts.isEmpty, kind == .adGroups || kind == .analytics, snapshot.adGroups.count >= Self.largeAccountAdGroups {
            // A large account's refresh lets go of many pages and arrays every 30 s; without this
            // the process keeps growing into memory it no longer uses.
            actions.append(.releaseFreeMemory)
        }
        return actions + requestSave(now: now) + afterFetch(kind, now: now)
    }

    /// Ad groups past which each refresh of them is followed by handing free memory back.
    static let largeAccountAdGroups = 1_000

    mutating func fetchFailed(_ id: FetchID, error: PinterestError, now: Date) -> [EngineAction] {
        guard land(id) else { return [] }
        let kind = id.kind
        let failures = (collections[kind]?.failures ?? 0) + 1
        collections[kind]?.failures = failures
        let delay = configuration.backoff(afterFailures: failures)
        var events: [ChangeEvent] = []
        if failures == 1 {
            events.append(.refreshFailed(kind, message: error.description, at: now))
        }
        report(events)
        var status = snapshot.collections[kind] ?? CollectionStatus()
        status.endFetch(error: error)
        status.nextRefresh = now.addingTimeInterval(delay)
        status.consecutiveFailures = failures
        snapshot.collections[kind] = status
        return [arm(.refresh(kind), after: delay),
                .logWarning("Refreshing \(kind.rawValue) failed (\(failures) in a row): \(error.description)")]
            + afterFetch(kind, now: now)
    }

    /// A 429: every collection waits until `until` (the latest limit given wins); the failed one
    /// retries then. Reported once per pause.
    mutating func rateLimited(_ id: FetchID, until: Date, now: Date) -> [EngineAction] {
        guard land(id) else { return [] }
        let kind = id.kind
        let wasLimited = (rateLimitedUntil ?? .distantPast) > now
        let pauseEnd = max(until, rateLimitedUntil ?? until)
        rateLimitedUntil = pauseEnd
        let error = PinterestError.rateLimited(until: until)
        let events: [ChangeEvent] = wasLimited ? [] : [.refreshFailed(kind, message: error.description, at: now)]
        let failures = collections[kind]?.failures ?? 0
        report(events)
        snapshot.rateLimitedUntil = pauseEnd
        var status = snapshot.collections[kind] ?? CollectionStatus()
        status.endFetch(error: error)
        status.nextRefresh = pauseEnd
        status.consecutiveFailures = failures
        snapshot.collections[kind] = status
        return [arm(.refresh(kind), after: pauseEnd.timeIntervalSince(now)),
                arm(.rateLimitEnds, after: pauseEnd.timeIntervalSince(now))] + afterFetch(kind, now: now)
    }

    /// Clears the pause from the snapshot when it ends (collections resume on their own timers).
    mutating func rateLimitEnded(now: Date) -> [EngineAction] {
        guard phase == .running, let limit = rateLimitedUntil, limit <= now else { return [] }
        rateLimitedUntil = nil
        snapshot.rateLimitedUntil = nil
        return []
    }

    /// The cache tables a fetch of `kind` changed. A refresh that brought the same content back
    /// rewrites nothing.
    static func changedParts(_ kind: CollectionKind, from old: Snapshot, to new: Snapshot) -> CacheDatabase.Parts {
        switch kind {
        case .accounts: old.accounts != new.accounts || old.account != new.account ? .accounts : []
        case .campaigns: old.campaigns != new.campaigns ? .campaigns : []
        case .adGroups: old.adGroups != new.adGroups ? .adGroups : []
        case .adsInView, .ads: []  // ads are written as they are fetched (`EngineAction.writeAds`)
        case .analytics: old.metrics != new.metrics || old.levelMetrics != new.levelMetrics ? .metrics : []
        }
    }
}

extension CollectionStatus {
    /// A fetch started now.
    mutating func beginFetch(at now: Date) {
        isFetching = true
        fetchStarted = now
        nextRefresh = nil
    }

    /// A fetch ended with `error`.
    mutating func endFetch(error: PinterestError) {
        isFetching = false
        fetchStarted = nil
        lastError = error.description
    }
}
