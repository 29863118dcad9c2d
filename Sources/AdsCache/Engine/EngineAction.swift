import Foundation
import PinterestAds

/// Something `EngineCore` asks its driver (`AdsEngine`) to do. Actions are data: the driver carries
/// them out in order, outside any lock, and reports how they ended as new events.
enum EngineAction: Sendable {
    /// Read the cached snapshot without its ads → `cacheLoaded`.
    case loadCache
    /// Read every cached ad in brief (in full up to the resident limit) → `cachedAdsLoaded`.
    case loadCachedAds
    /// Read one ad group's full ads from the cache → `cachedAdGroupLoaded`.
    case loadCachedAdGroup(String)
    /// Check the cache file's integrity (once, after the first screen).
    case checkCacheIntegrity
    /// Send the requests of one fetch → `fetchFinished`, `fetchFailed` or `rateLimited`.
    case fetch(FetchRequest)
    /// Call back with `timerFired(timer, generation)` after `delay` seconds, replacing the timer's
    /// earlier arming.
    case armTimer(EngineTimer, generation: Int, after: TimeInterval)
    /// Disarm a timer.
    case cancelTimer(EngineTimer)
    /// Publish the snapshot with what changed.
    case publish(Snapshot, changes: [ChangeEvent])
    /// Write ads to the cache, in this order after every write asked for before.
    case writeAds([AdsCacheWrite])
    /// Save the snapshot's changed parts to the cache → `saveFinished`.
    case save(CacheSave)
    /// Append an entry to the audit log.
    case audit(AuditEntry)
    /// Tell a waiting `perform` how its action goes on.
    case answer(ActionID, ActionAnswer)
    /// A large refresh let go of much memory: hand it back to the system.
    case releaseFreeMemory
    /// Something for the operator's log.
    case logWarning(String)
    /// Cancel every timer and every fetch in flight (the engine stopped).
    case cancelEverything
    /// Try to take the shared cache's lock, without waiting → `becameLeader` or `leaderElsewhere`.
    case tryLead
    /// Read the shared cache and the read-back journal again → `cacheReloaded`.
    case reloadCache
    /// Read the read-back journal → `journalRead`.
    case readJournal
    /// Put these read-back entities in the journal and wake the other processes.
    case shareReadBack([ReadBackEntity])
    /// Wake the other processes after the writes asked for before (first trimming the journal up
    /// to a sequence now saved with the snapshot).
    case notifyOthers(trimJournalUpTo: Int?)
}

/// The requests one fetch sends, with what they need from the engine's state.
struct FetchRequest: Sendable {
    enum Parameters: Sendable {
        case accounts
        case campaigns
        case adGroups
        /// The ads of one ad group.
        case adsInView(group: String)
        /// Every ad of the account, page by page: pages equal to `known` ones are not decoded;
        /// full ads are kept up to `residentLimit`, then only those of the `recent` ad groups.
        case ads(known: [ListedPage<Ad>], residentLimit: Int, recent: Set<String>)
        /// Analytics of the account, its campaigns, its ad groups and the ads in view.
        case analytics(AnalyticsScope)
    }

    var id: FetchID
    var parameters: Parameters
}

/// How a `perform` goes on.
enum ActionAnswer: Sendable {
    /// Read the current status of these ids (the snapshot does not hold them), then send `actionReady`.
    case readStatuses(kind: EntityKind, ids: [String])
    /// The change is shown as pending: send it.
    case send
    /// Done: return this outcome.
    case finished(ActionOutcome)
}

/// One save of the snapshot to the cache.
struct CacheSave: Sendable {
    var snapshot: Snapshot
    var parts: CacheDatabase.Parts
    var adGroupPages: ListingPages?
    var savedAt: Date
}

/// Ads to write to the cache.
enum AdsCacheWrite: Sendable {
    /// A whole-account listing ended (its pages were written as they came): every cached ad not in
    /// `allIDs` goes, and its `pages` are remembered for the next start; `decoded` ads were
    /// decoded for it.
    case listingEnded(allIDs: Set<String>, decoded: Int, pages: [AdsPageRecord])
    /// One ad group's ads.
    case adGroup(String, [Ad])
    /// Ads read back after a status change: each replaces its cached copy where it is.
    case readBack([Ad])
}
