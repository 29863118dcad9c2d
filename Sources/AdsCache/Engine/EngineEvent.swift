import Foundation
import PinterestAds

/// Something that happened to the engine: a call from the app, a timer, the end of a request or of
/// a cache read. Each carries the time it happened (`now`), so `EngineCore` never reads a clock,
/// and any randomness it needs (`jitter`, 0…1).
enum EngineEvent: Sendable {
    /// `start()`: with `hold`, a start that finds a cache waits that long (or for
    /// `firstRefreshReleased`) before reading its ads and sending its first request.
    case started(hold: TimeInterval?, now: Date)
    /// The cached snapshot was read (without its ads); nil when the cache held none.
    case cacheLoaded(Snapshot?, now: Date)
    /// The screen was drawn: a held first refresh may go.
    case firstRefreshReleased(now: Date)
    /// The cached ads were read, with the pages of the listing that wrote them; nil when none.
    case cachedAdsLoaded(CachedAds?, pages: [AdsPageRecord], now: Date)
    /// A timer armed by `EngineAction.armTimer` fired.
    case timerFired(EngineTimer, generation: Int, now: Date)
    /// `refreshNow(kinds)` (every collection when nil).
    case refreshRequested(Set<CollectionKind>?, now: Date)
    /// The ad group whose ads refresh at the fast cadence changed (nil: none).
    case adGroupInViewChanged(String?, now: Date)
    /// An ad group's full ads were read from the cache (after `loadCachedAdGroup`).
    case cachedAdGroupLoaded(String, [Ad])
    /// A fetch ended with its result; `jitter` (0…1) spreads the next refresh.
    case fetchFinished(FetchID, FetchResult, now: Date, jitter: Double)
    /// A fetch failed (other than by a rate limit).
    case fetchFailed(FetchID, PinterestError, now: Date)
    /// A fetch was refused with 429: no request goes out before `until`.
    case rateLimited(FetchID, until: Date, now: Date)
    /// `perform(action)` was called.
    case actionRequested(ActionID, StatusAction, now: Date)
    /// The statuses of the ids the snapshot did not hold were read (see `ActionAnswer.readStatuses`);
    /// the change may be shown and sent.
    case actionReady(ActionID, statusesRead: [String: EntityStatus], now: Date)
    /// The change was sent and read back.
    case actionSettled(ActionID, ActionSettlement, now: Date)
    /// A save to the cache ended; `failed` holds the parts that could not be written.
    case saveFinished(failed: CacheDatabase.Parts?)
    /// `stop()`.
    case stopped(now: Date)
    /// This process took the shared cache's lock (see `EngineAction.tryLead`): it fetches for all.
    case becameLeader(now: Date)
    /// Another process holds the shared cache's lock (its pid when known): this one follows.
    case leaderElsewhere(pid: Int32?, now: Date)
    /// Another process wrote to the shared cache (or its read-back journal).
    case cacheChangedByOther(now: Date)
    /// A follower read the shared cache again (after `EngineAction.reloadCache`).
    case cacheReloaded(CacheReload, now: Date)
    /// The leader read the read-back journal (after `EngineAction.readJournal`).
    case journalRead([JournalEntry], now: Date)
    /// The request budget changed: the tier, the share, or the requests counted by every Pinwatch
    /// of this identity (sent after each fetch, so the plan follows the shared ledger).
    case budgetChanged(BudgetState, now: Date)
}

/// What a follower read from the shared cache: the leader's last saved snapshot (nil when none),
/// every ad, and the read-backs of changes the leader has not saved yet, to lay over them.
struct CacheReload: Sendable {
    var snapshot: Snapshot?
    var ads: CachedAds?
    var pages: [AdsPageRecord]
    var journal: [JournalEntry]
}

/// One fetch: its collection and its place in the order fetches started (results that land out of
/// order are folded by it).
struct FetchID: Sendable, Hashable {
    var kind: CollectionKind
    var sequence: Int
}

/// One `perform` call.
struct ActionID: Sendable, Hashable {
    var value: Int
}

/// The timers the engine arms.
enum EngineTimer: Sendable, Hashable {
    /// The next refresh of a collection.
    case refresh(CollectionKind)
    /// The end of a rate-limit pause (clears it from the snapshot).
    case rateLimitEnds
    /// The next save allowed by `cacheSaveInterval`.
    case save
    /// The end of the first refresh's hold.
    case firstRefreshHold
    /// A follower's next attempt to lead (and reload), should no write wake it before.
    case leadership
}

/// What one fetch brought back.
enum FetchResult: Sendable {
    case accounts([AdAccount])
    case campaigns([Campaign])
    case adGroups([AdGroup], pages: ListingPages?)
    case adsInView(group: String, [Ad])
    case ads(AdsListing)
    case analytics(AnalyticsResult)
}

/// What a status change came to: Pinterest's answer per id, and the entities read back after it
/// (nil when reading them back failed or was not needed).
struct ActionSettlement: Sendable {
    var outcomes: [String: ActionItemOutcome]
    var readBack: [String: ReadBackEntity]?
}

/// One entity as read back after an action.
enum ReadBackEntity: Sendable {
    case campaign(Campaign)
    case adGroup(AdGroup)
    case ad(Ad)

    var status: EntityStatus? {
        switch self {
        case .campaign(let value): value.status
        case .adGroup(let value): value.status
        case .ad(let value): value.status
        }
    }
}
