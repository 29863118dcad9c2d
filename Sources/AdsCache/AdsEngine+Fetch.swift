import Foundation
import PinterestAds

/// Carrying out the core's requests and cache reads and writes.
extension AdsEngine {
    /// Sends one fetch's requests and reports how it ended.
    func runFetch(_ request: FetchRequest) async {
        let event: EngineEvent
        do throws(PinterestError) {
            let result = try await fetch(request.parameters)
            event = .fetchFinished(request.id, result, now: clock.now, jitter: random())
        } catch {
            if case .rateLimited(let until) = error {
                event = .rateLimited(request.id, until: until, now: clock.now)
            } else {
                event = .fetchFailed(request.id, error, now: clock.now)
            }
        }
        reportBudget()
        send(event)
    }

    private func fetch(_ parameters: FetchRequest.Parameters) async throws(PinterestError) -> FetchResult {
        switch parameters {
        case .accounts:
            return .accounts(try await api.listAdAccounts())
        case .campaigns:
            return .campaigns(try await api.listCampaigns(accountID: accountID, filter: .shown))
        case .adGroups:
            let groups = try await api.listAdGroups(accountID: accountID, filter: .shown)
            // How that listing was paged, kept with the ad groups by the next save. Ad groups are
            // listed by one fetch at a time, so these pages are the listing's that just ended.
            return .adGroups(groups, pages: api.adGroupListingPages(accountID: accountID, filter: .shown))
        case .adsInView(let group):
            let ads = try await api.listAds(accountID: accountID, filter: ListFilter(adGroupIDs: [group],
                                                                                  entityStatuses: ListFilter.shownStatuses))
            return .adsInView(group: group, ads.filter { $0.adGroupId == nil || $0.adGroupId == group })
        case .ads(let known, let residentLimit, let recent):
            var listing = AdsListing(residentLimit: residentLimit, recent: recent)
            try await api.listAdPages(accountID: accountID, filter: .shown, known: known) { page in
                let index = listing.pages.count
                listing.add(page)
                if case .decoded(let items) = page.content { writeListedAds(items, page: index) }
            }
            return .ads(listing)
        case .analytics(let scope):
            return .analytics(try await analytics(scope))
        }
    }

    /// Daily rows of the last 30 days for every level in scope, all columns in one request per 250
    /// ids (and one for the account), folded into each range's totals.
    private func analytics(_ scope: AnalyticsScope) async throws(PinterestError) -> AnalyticsResult {
        let today = APIDate(clock.now, timeZone: configuration.reportingTimeZone)
        let window = AnalyticsFolding.window(endingAt: today, days: max(configuration.analyticsDays, MetricsRange.windowDays))
        guard let first = window.first, let last = window.last else { return AnalyticsResult(adGroups: [:], levels: LevelMetrics()) }
        let columns = AnalyticsColumn.dashboard
        func level(_ kind: EntityKind, _ ids: [String]) async throws(PinterestError) -> [String: EntityMetrics] {
            guard !ids.isEmpty else { return [:] }
            // Folded request by request: only one answer's rows are held at a time.
            var folded: [String: EntityMetrics] = [:]
            try await api.analytics(kind, accountID: accountID, ids: ids, from: first, to: last, columns: columns,
                                    granularity: .day) { chunk, rows in
                folded.merge(AnalyticsFolding.fold(rows, ids: chunk, window: window)) { _, latest in latest }
            }
            return folded
        }
        var levels = LevelMetrics()
        levels.ads = try await level(.ad, scope.adIDs)
        guard scope.wholeAccount else { return AnalyticsResult(adGroups: [:], levels: levels) }
        let adGroups = try await level(.adGroup, scope.adGroupIDs)
        levels.campaigns = try await level(.campaign, scope.campaignIDs)
        if let rows = try await api.accountAnalytics(accountID: accountID, from: first, to: last, columns: columns,
                                                     granularity: .day) {
            levels.account = AnalyticsFolding.fold(rows.map { AnalyticsRow(entityID: accountID, date: $0.date, metrics: $0.metrics) },
                                                   ids: [accountID], window: window)[accountID]
        } else {
            // No account-level answer: the account is the sum of its campaigns.
            var total = EntityMetrics()
            for metrics in levels.campaigns.values {
                total.ranges = total.ranges + metrics.ranges
                total.dailySpend = zip(total.dailySpend.isEmpty ? Array(repeating: 0, count: metrics.dailySpend.count)
                                                                : total.dailySpend, metrics.dailySpend).map { $0 + $1 }
            }
            levels.account = total
        }
        return AnalyticsResult(adGroups: adGroups, levels: levels)
    }

    /// Reads the cached snapshot without its ads. The ad groups' listing pages read with it let
    /// the next listing decode only the pages that changed since.
    func loadCache() async {
        guard let cache else { return send(.cacheLoaded(nil, now: clock.now)) }
        let limit = configuration.residentAdsLimit
        let (cached, adGroupPages) = await onSaveQueue {
            (cache.loadSnapshot(fullAdsLimit: limit, ads: false), cache.loadAdGroupPages())
        }
        if let cached, let adGroupPages {
            api.rememberAdGroupListing(accountID: accountID, filter: .shown, pages: adGroupPages,
                                       adGroups: cached.adGroups)
        }
        send(.cacheLoaded(cached, now: clock.now))
    }

    /// Reads every cached ad in brief, with the pages of the listing that wrote them (both change
    /// only on the save queue, so they agree).
    func loadCachedAds() async {
        let limit = configuration.residentAdsLimit
        let loaded = await onSaveQueue { [cache] () -> (CachedAds, [AdsPageRecord])? in
            cache?.loadAds(fullAdsLimit: limit).map { ($0, cache?.loadAdsPages() ?? []) }
        }
        send(.cachedAdsLoaded(loaded?.0, pages: loaded?.1 ?? [], now: clock.now))
    }

    /// Reads one ad group's full ads from the cache, to show while they are fetched.
    func loadCachedAdGroup(_ group: String) {
        guard let cache else { return }
        saveQueue.async { self.send(.cachedAdGroupLoaded(group, cache.loadAds(adGroupID: group))) }
    }

    /// Runs `work` on the save queue.
    func onSaveQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            saveQueue.async { continuation.resume(returning: work()) }
        }
    }

    /// Ads written to the cache at once past which the memory they took is handed back.
    static let largeListing = 5_000

    /// Writes fetched or read-back ads to the cache, on the save queue (in the order asked).
    func write(_ writes: [AdsCacheWrite]) {
        guard let cache else { return }
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
                    case .readBack(let ads): try cache.writeReadBack(ads)
                    }
                } catch {
                    self.logger.warning("Saving ads to the cache failed: \(CacheDatabase.describe(error))")
                }
            }
            // The decoded pages of a large listing are gone now: give their memory back.
            if decoded >= Self.largeListing { self.largeWorkFinished() }
        }
    }

    /// Writes one page of a whole-account ads listing to the cache as it arrives (on the save
    /// queue, in order), so its full ads need not wait in memory for the rest of the listing.
    /// Positions are by page, so the rows of a page found unchanged next time keep theirs.
    private func writeListedAds(_ ads: [Ad], page: Int) {
        guard let cache else { return }
        saveQueue.async {
            do {
                try cache.writeListingPage(ads.enumerated().map { ($0.element, page << 20 | $0.offset) })
            } catch {
                self.logger.warning("Saving ads to the cache failed: \(CacheDatabase.describe(error))")
            }
        }
    }

    /// Saves the snapshot's changed parts to the cache, off the caller's thread.
    func save(_ save: CacheSave) {
        guard let cache else { return }
        saveQueue.async {
            var failed: CacheDatabase.Parts?
            do {
                try cache.saveSnapshot(save.snapshot, savedAt: save.savedAt, parts: save.parts,
                                       adGroupPages: save.adGroupPages)
            } catch {
                failed = save.parts
                self.logger.warning("Saving the cache failed: \(CacheDatabase.describe(error))")
            }
            self.send(.saveFinished(failed: failed))
        }
    }
}
