import Foundation
import PinterestAds

/// Fetching collections and folding the results into the snapshot.
extension AdsEngine {
    /// What one fetch brought back.
    enum FetchResult: Sendable {
        case accounts([AdAccount])
        case campaigns([Campaign])
        case adGroups([AdGroup], pages: ListingPages?)
        case adsInView(group: String, [Ad])
        case ads(AdsListing)
        case analytics([String: AdGroupMetrics])
    }

    /// Publishes the cached snapshot, then starts every collection's refresh. The ad groups go out
    /// first; their ads and the first refresh follow once the screen is drawn (or the hold `start`
    /// was given ends): a large account's 50,000 ads would otherwise hold up the first screen.
    func loadCacheThenRefresh() async {
        if let cache {
            let limit = configuration.residentAdsLimit
            let (cached, adGroupPages) = await onSaveQueue {
                (cache.loadSnapshot(fullAdsLimit: limit, ads: false), cache.loadAdGroupPages())
            }
            if let cached {
                // The next listing then decodes only the ad group pages that changed since.
                if let adGroupPages {
                    api.rememberAdGroupListing(accountID: accountID, filter: .shown, pages: adGroupPages,
                                               adGroups: cached.adGroups)
                }
                mutate { state, snapshot -> (Void, [ChangeEvent]?) in
                    guard state.phase == .running else { return ((), nil) }
                    snapshot.accounts = cached.accounts
                    snapshot.account = cached.account
                    snapshot.campaigns = cached.campaigns
                    snapshot.adGroups = cached.adGroups
                    snapshot.metrics = cached.metrics
                    snapshot.cachedAt = cached.cachedAt
                    for (kind, status) in cached.collections {
                        snapshot.collections[kind, default: CollectionStatus()].lastFetched = status.lastFetched
                    }
                    state.loaded.formUnion(cached.collections.keys)
                    state.onlyFromCache.formUnion(cached.collections.keys)
                    return ((), [])
                }
                // The ads wait for the first screen too: reading 50,000 briefs beside the table's
                // build would slow the paint that matters most.
                await waitForFirstRefreshRelease()
                if let (ads, pages) = await onSaveQueue({ () -> (CachedAds, [AdsPageRecord])? in
                    // The pages are read with the ads they list: both change only on this queue.
                    cache.loadAds(fullAdsLimit: limit).map { ($0, cache.loadAdsPages()) }
                }) {
                    mutate { state, snapshot -> (Void, [ChangeEvent]?) in
                        guard state.phase == .running else { return ((), nil) }
                        snapshot.adsByAdGroup = ads.full
                        snapshot.adBriefs = ads.briefs
                        state.adsKnownGroups.formUnion(ads.briefs.keys)
                        // The first listing then decodes only the pages that changed since.
                        if state.adsPages.isEmpty { state.adsPages = pages }
                        return ((), [])
                    }
                }
            }
            // Checked after the first screen (reading the whole file takes tens of milliseconds).
            saveQueue.async { cache.checkIntegrity() }
        }
        refreshNow()
    }

    /// Waits for `releaseFirstRefresh()` or the hold `start` was given, whichever comes first.
    private func waitForFirstRefreshRelease() async {
        guard let hold = state.withLock({ $0.firstRefreshHold }) else { return }
        let timer = clock.schedule(after: hold, repeating: nil) { [weak self] in self?.releaseFirstRefresh() }
        await withCheckedContinuation { continuation in
            let waiting = state.withLock { state -> Bool in
                guard state.firstRefreshHold != nil, state.phase == .running else { return false }
                state.firstRefreshWaiter = continuation
                return true
            }
            if !waiting { continuation.resume() }
        }
        timer.cancel()
    }

    /// Ads written to the cache at once past which the memory they took is handed back.
    static let largeListing = 5_000
    /// Ad groups past which each refresh of them is followed by handing free memory back.
    static let largeAccountAdGroups = 1_000

    /// Runs `work` on the save queue (the cache's one writer, so reads see every write before them).
    func onSaveQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            saveQueue.async { continuation.resume(returning: work()) }
        }
    }

    /// Fetches one collection and applies the result, or records the failure; then schedules the next.
    func runFetch(_ kind: CollectionKind, sequence: Int, parameter: String?) async {
        do throws(PinterestError) {
            let result = try await fetch(kind, parameter: parameter)
            succeeded(kind, sequence: sequence, result: result)
        } catch {
            failed(kind, error: error)
        }
        let rerun = state.withLock { state -> Bool in
            let rerun = state.collections[kind]?.rerun ?? false
            state.collections[kind]?.rerun = false
            return rerun && state.phase == .running
        }
        if rerun { trigger(kind) }
    }

    private func fetch(_ kind: CollectionKind, parameter: String?) async throws(PinterestError) -> FetchResult {
        try checkRateLimit()
        switch kind {
        case .accounts:
            return .accounts(try await api.listAdAccounts())
        case .campaigns:
            return .campaigns(try await api.listCampaigns(accountID: accountID, filter: .shown))
        case .adGroups:
            let groups = try await api.listAdGroups(accountID: accountID, filter: .shown)
            // How that listing was paged, kept with the ad groups by the next save. Ad groups are
            // listed by one refresh at a time, so these pages are the listing's that just ended.
            return .adGroups(groups, pages: api.adGroupListingPages(accountID: accountID, filter: .shown))
        case .adsInView:
            let group = parameter ?? ""
            let ads = try await api.listAds(accountID: accountID, filter: ListFilter(adGroupIDs: [group],
                                                                                  entityStatuses: ListFilter.shownStatuses))
            return .adsInView(group: group, ads.filter { $0.adGroupId == nil || $0.adGroupId == group })
        case .ads:
            let (known, recent) = state.withLock { ($0.adsPages.map(\.listed), Set($0.recentAdGroups)) }
            // An account already known to be over the limit keeps only the recent groups' ads.
            let limit = store.current.adCount > configuration.residentAdsLimit ? 0 : configuration.residentAdsLimit
            var listing = AdsListing(residentLimit: limit, recent: recent)
            try await api.listAdPages(accountID: accountID, filter: .shown, known: known) { page in
                let index = listing.pages.count
                listing.add(page)
                if let items = page.items { writeListedAds(items, page: index) }
            }
            return .ads(listing)
        case .analytics:
            // The ids come from the ad groups: wait for a fetch of them that is under way.
            let running = state.withLock { $0.collections[.adGroups]?.task }
            await running?.value
            let ids = store.current.adGroups.map(\.id)
            let window = AnalyticsFolding.window(endingAt: APIDate(clock.now, timeZone: configuration.reportingTimeZone),
                                                 days: configuration.analyticsDays)
            guard !ids.isEmpty, let first = window.first, let last = window.last else { return .analytics([:]) }
            try checkRateLimit()
            let rows = try await api.analytics(.adGroup, accountID: accountID, ids: ids, from: first, to: last,
                                               columns: AnalyticsColumn.dashboard, granularity: .day)
            return .analytics(AnalyticsFolding.fold(rows, ids: ids, window: window))
        }
    }

    /// Throws instead of sending a request while the API has asked us to wait.
    private func checkRateLimit() throws(PinterestError) {
        let now = clock.now
        if let until = state.withLock({ $0.rateLimitedUntil }), now < until { throw .rateLimited(until: until) }
    }

    private func succeeded(_ kind: CollectionKind, sequence: Int, result: FetchResult) {
        let now = clock.now
        let delay = configuration.jittered(kind, random: random())
        let (saveDue, changed) = mutate { state, snapshot -> ((Bool, Bool), [ChangeEvent]?) in
            guard state.phase == .running else { return ((false, false), nil) }
            var runtime = state.collections[kind] ?? CollectionRuntime()
            runtime.task = nil
            runtime.failures = 0
            if !runtime.rerun { runtime.timer = schedule(kind, after: delay, runtime: &runtime) }
            state.collections[kind] = runtime
            let previous = snapshot
            var events = apply(result, sequence: sequence, to: &snapshot, state: &state, previous: previous, now: now)
            // The first refresh after a cached start reports what changed since, but not everything
            // added or removed meanwhile (a flood after a long absence).
            let cacheKind: CollectionKind = kind == .adsInView ? .ads : kind
            if state.onlyFromCache.contains(cacheKind) {
                events.removeAll { $0.kind == .added || $0.kind == .removed }
                if kind != .adsInView { state.onlyFromCache.remove(kind) }
            }
            var status = snapshot.collections[kind] ?? CollectionStatus()
            status.lastFetched = now
            status.isFetching = false
            status.fetchStarted = nil
            status.lastError = nil
            status.consecutiveFailures = 0
            status.nextRefresh = runtime.rerun ? now : now.addingTimeInterval(delay)
            snapshot.collections[kind] = status
            if kind == .adGroups { snapshot.cachedAt = nil }
            state.loaded.insert(kind)
            state.cacheDirty = true
            let parts = Self.changedParts(kind, from: previous, to: snapshot)
            state.dirtyParts.formUnion(parts)
            return ((true, !parts.isEmpty), events)
        }
        writeFetchedAds()
        if changed, kind == .adGroups || kind == .analytics, store.current.adGroups.count >= Self.largeAccountAdGroups {
            // A large account's refresh lets go of megabytes of pages and arrays every 30 s; without
            // this the process keeps growing into memory it no longer uses.
            ProcessMemory.releaseFreeSoon()
        }
        if saveDue { requestSave() }
    }

    /// Hands ads a fetch stored in the state to the cache, on the save queue (in fetch order).
    func writeFetchedAds() {
        let writes = state.withLock { state -> [AdsCacheWrite] in
            defer { state.adsToWrite = [] }
            return state.adsToWrite
        }
        guard let cache, !writes.isEmpty else { return }
        saveQueue.async {
            var decoded = 0
            for write in writes {
                do {
                    switch write {
                    case .listingEnded(let allIDs, let count, let pages):
                        decoded += count
                        try cache.pruneAds(keeping: allIDs)
                        try cache.saveAdsPages(pages)
                    case .adGroup(let group, let ads): try cache.replaceAds(inAdGroup: group, with: ads)
                    }
                } catch {
                    self.logger.warning("Saving ads to the cache failed: \(CacheDatabase.describe(error))")
                }
            }
            // The decoded pages of a large listing are gone now: give their memory back.
            if decoded >= Self.largeListing { ProcessMemory.releaseFreeSoon() }
        }
    }

    /// Writes one page of a whole-account ads listing to the cache as it arrives (on the save
    /// queue, in order), so its full ads need not wait in memory for the rest of the listing.
    /// Positions are by page, so the rows of a page skipped next time keep theirs.
    private func writeListedAds(_ ads: [Ad], page: Int) {
        guard let cache else { return }
        saveQueue.async {
            do {
                try cache.upsertAds(ads.enumerated().map { ($0.element, page << 20 | $0.offset) })
            } catch {
                self.logger.warning("Saving ads to the cache failed: \(CacheDatabase.describe(error))")
            }
        }
    }

    /// The cache tables a fetch of `kind` changed. Equal arrays that share storage compare in O(1);
    /// a refresh that brought the same content back costs one comparison, not a rewrite.
    static func changedParts(_ kind: CollectionKind, from old: Snapshot, to new: Snapshot) -> CacheDatabase.Parts {
        switch kind {
        case .accounts: old.accounts != new.accounts || old.account != new.account ? .accounts : []
        case .campaigns: old.campaigns != new.campaigns ? .campaigns : []
        case .adGroups: old.adGroups != new.adGroups ? .adGroups : []
        case .adsInView, .ads: []  // ads are written as they are fetched (`writeFetchedAds`)
        case .analytics: old.metrics != new.metrics ? .metrics : []
        }
    }

    /// Folds a result into the snapshot, keeping pending statuses and newer read-backs; returns the diff.
    private func apply(_ result: FetchResult, sequence: Int, to snapshot: inout Snapshot, state: inout EngineState,
                       previous: Snapshot, now: Date) -> [ChangeEvent] {
        let pending = snapshot.pending
        switch result {
        case .accounts(let accounts):
            snapshot.accounts = accounts
            if let mine = accounts.first(where: { $0.id == accountID }) { snapshot.account = mine }
            return []
        case .campaigns(var campaigns):
            keepNewer(&campaigns, current: previous.campaigns, sequence: sequence, state: &state)
            overlay(&campaigns, pending: pending)
            snapshot.campaigns = campaigns
            let known = state.loaded.contains(.campaigns)
            return known ? SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [.campaign]) : []
        case .adGroups(var groups, let pages):
            keepNewer(&groups, current: previous.adGroups, sequence: sequence, state: &state)
            overlay(&groups, pending: pending)
            snapshot.adGroups = groups
            // New paging for the same ad groups (a first listing after an upgrade, or bytes that
            // changed and decoded to equal values) is saved too, with the ad groups it pages.
            if state.adGroupPages != pages { state.dirtyParts.insert(.adGroups) }
            state.adGroupPages = pages
            let known = state.loaded.contains(.adGroups)
            return known ? SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [.adGroup]) : []
        case .adsInView(let group, var ads):
            keepNewer(&ads, current: previous.adsByAdGroup[group] ?? [], sequence: sequence, state: &state)
            overlay(&ads, pending: pending)
            snapshot.adsByAdGroup[group] = ads
            state.adsToWrite.append(.adGroup(group, ads))
            state.adsGroupSequence[group] = sequence
            let known = state.loaded.contains(.ads) || state.adsKnownGroups.contains(group)
            state.adsKnownGroups.insert(group)
            return known ? SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [.ad],
                                                adGroupScope: [group]) : []
        case .ads(let listing):
            return applyAdsListing(listing, sequence: sequence, to: &snapshot, state: &state, previous: previous, now: now)
        case .analytics(let metrics):
            snapshot.metrics = metrics
            return []
        }
    }

    /// Folds a whole-account ads listing into the snapshot: every ad in brief, and in full for the
    /// resident ad groups (all of them in an account of at most `residentAdsLimit` ads). Pages the
    /// listing skipped as unchanged keep the briefs they had. Returns the diff.
    private func applyAdsListing(_ listing: AdsListing, sequence: Int, to snapshot: inout Snapshot,
                                 state: inout EngineState, previous: Snapshot, now: Date) -> [ChangeEvent] {
        if !state.adsPages.isEmpty, listing.pages.count == state.adsPages.count,
           listing.entries.allSatisfy({ $0 == nil }) {
            // Every page is the one listed last time: what the snapshot holds is as new (in-view
            // fetches and read-backs since only moved it on). Nothing to regroup, diff or write.
            state.adsGroupSequence = state.adsGroupSequence.filter { $0.value > sequence }
            return []
        }
        let pending = snapshot.pending
        var records: [AdsPageRecord] = []
        /// Where each ad group's briefs come from, in order: a page decoded now, or the brief at
        /// `index` of an ad group in the snapshot (for pages skipped as unchanged).
        enum Source { case fresh(AdBrief), held(group: String, index: Int) }
        var sources: [String: [Source]] = [:]
        var allIDs = Set<String>()
        // The briefs (and ad groups) of pages skipped as unchanged are the ones the snapshot holds,
        // found by id (only the ids are unpacked).
        var held: [String: (group: String, index: Int)]?
        for (index, page) in listing.pages.enumerated() {
            if let entries = listing.entries[index] {
                records.append(AdsPageRecord(listed: page, ids: entries.map(\.brief.id)))
                for (group, brief) in entries where allIDs.insert(brief.id).inserted {
                    sources[group, default: []].append(.fresh(brief))
                }
            } else if index < state.adsPages.count {
                let record = state.adsPages[index]
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
        // Ad groups refreshed by the (newer) in-view fetch keep those ads.
        let newerInView = Set(state.adsGroupSequence.filter { $0.value > sequence }.keys)
        state.adsGroupSequence = state.adsGroupSequence.filter { $0.value > sequence }
        var briefs: [String: AdBriefs] = [:]
        for group in newerInView { briefs[group] = previous.adBriefs[group] }
        // With no change pending or being read back, an ad group made only of its own unchanged
        // briefs, all of them in order, keeps its packed briefs as they are: no unpacking.
        let untouched = state.freshAfter.isEmpty && pending.isEmpty
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
            keepNewer(&groupBriefs, current: Array(previous.adBriefs[group] ?? []), sequence: sequence, state: &state)
            overlay(&groupBriefs, pending: pending)
            briefs[group] = AdBriefs(groupBriefs)
        }
        // Full ads of the resident ad groups: fetched now, or kept from before for skipped pages.
        let resident = allIDs.count <= configuration.residentAdsLimit
            ? Set(briefs.keys) : Set(state.recentAdGroups).intersection(briefs.keys)
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
            let ads: [Ad] = (briefs[group] ?? []).ids.compactMap { fetchedByID[$0] ?? before[$0] }
            // An ad group only some of whose ads are at hand stays in brief until it is opened.
            guard ads.count == briefs[group]?.count else { continue }
            var groupAds = ads
            keepNewer(&groupAds, current: previous.adsByAdGroup[group] ?? [], sequence: sequence, state: &state)
            overlay(&groupAds, pending: pending)
            full[group] = groupAds
        }
        snapshot.adsByAdGroup = full
        snapshot.adBriefs = briefs
        state.adsPages = records
        state.adsToWrite.append(.listingEnded(allIDs: allIDs, decoded: listing.decoded, pages: records))
        // The listing's pages went to the cache as they came: an in-view fetch that landed
        // meanwhile is newer, so its ads are written again after them.
        for group in newerInView.sorted() {
            if let ads = previous.adsByAdGroup[group] { state.adsToWrite.append(.adGroup(group, ads)) }
        }
        let scope: Set<String>? = state.loaded.contains(.ads) ? nil : state.adsKnownGroups
        state.adsKnownGroups.formUnion(briefs.keys)
        if scope?.isEmpty ?? false { return [] }
        return SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [.ad], adGroupScope: scope)
    }

    /// Keeps the current copy of entities that an action read back after this fetch started.
    private func keepNewer<T: DiffEntity>(_ items: inout [T], current: @autoclosure () -> [T], sequence: Int,
                                          state: inout EngineState) {
        guard !state.freshAfter.isEmpty else { return }
        let newer = state.freshAfter.filter { $0.value > sequence }
        if !newer.isEmpty {
            let currentByID = Dictionary(current().filter { newer[$0.id] != nil }.map { ($0.id, $0) },
                                         uniquingKeysWith: { first, _ in first })
            for index in items.indices {
                if let kept = currentByID[items[index].id] { items[index] = kept }
            }
        }
        // Read-backs older than this fetch are superseded by it.
        for item in items where (state.freshAfter[item.id] ?? .max) < sequence {
            state.freshAfter[item.id] = nil
        }
    }

    /// Shows the target status of entities with a change in flight, whatever the fetch said.
    private func overlay<T: DiffEntity & StatusBearing>(_ items: inout [T], pending: [String: PendingChange]) {
        guard !pending.isEmpty else { return }
        for index in items.indices {
            if let change = pending[items[index].id], change.kind == T.entityKind {
                items[index].status = change.to
            }
        }
    }

    private func failed(_ kind: CollectionKind, error: PinterestError) {
        let now = clock.now
        mutate { state, snapshot -> (Void, [ChangeEvent]?) in
            guard state.phase == .running else { return ((), nil) }
            var runtime = state.collections[kind] ?? CollectionRuntime()
            runtime.task = nil
            var status = snapshot.collections[kind] ?? CollectionStatus()
            status.isFetching = false
            status.fetchStarted = nil
            status.lastError = error.description
            var events: [ChangeEvent] = []
            if case .rateLimited(let until) = error {
                let wasLimited = (state.rateLimitedUntil ?? .distantPast) > now
                let pauseEnd = max(until, state.rateLimitedUntil ?? until)
                state.rateLimitedUntil = pauseEnd
                snapshot.rateLimitedUntil = pauseEnd
                runtime.timer?.cancel()
                runtime.timer = schedule(kind, after: pauseEnd.timeIntervalSince(now), runtime: &runtime)
                status.nextRefresh = pauseEnd
                armRateLimitTimer(&state, until: pauseEnd, now: now)
                if !wasLimited {
                    events.append(.refreshFailed(kind, message: error.description, at: now))
                }
            } else {
                runtime.failures += 1
                let delay = configuration.backoff(afterFailures: runtime.failures)
                runtime.timer?.cancel()
                runtime.timer = schedule(kind, after: delay, runtime: &runtime)
                status.nextRefresh = now.addingTimeInterval(delay)
                if runtime.failures == 1 {
                    events.append(.refreshFailed(kind, message: error.description, at: now))
                }
                logger.warning("Refreshing \(kind.rawValue) failed (\(runtime.failures) in a row): \(error.description)")
            }
            status.consecutiveFailures = runtime.failures
            snapshot.collections[kind] = status
            state.collections[kind] = runtime
            return ((), events)
        }
    }

    /// Clears `rateLimitedUntil` from the snapshot when the pause ends (collections resume on their own timers).
    private func armRateLimitTimer(_ state: inout EngineState, until: Date, now: Date) {
        state.rateLimitTimer?.cancel()
        state.rateLimitTimer = clock.schedule(after: max(0, until.timeIntervalSince(now)), repeating: nil) {
            [weak self] in
            guard let self else { return }
            let now = self.clock.now
            self.mutate { state, snapshot -> (Void, [ChangeEvent]?) in
                guard state.phase == .running, let limit = state.rateLimitedUntil, limit <= now else { return ((), nil) }
                state.rateLimitedUntil = nil
                snapshot.rateLimitedUntil = nil
                return ((), [])
            }
        }
    }
}

/// An entity with a status the engine may show as pending.
protocol StatusBearing {
    static var entityKind: EntityKind { get }
    var status: EntityStatus? { get set }
}

extension Campaign: StatusBearing { static var entityKind: EntityKind { .campaign } }
extension AdGroup: StatusBearing { static var entityKind: EntityKind { .adGroup } }
extension Ad: StatusBearing { static var entityKind: EntityKind { .ad } }
extension AdBrief: StatusBearing { static var entityKind: EntityKind { .ad } }
