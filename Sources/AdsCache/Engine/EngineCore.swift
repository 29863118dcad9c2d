import Foundation
import PinterestAds

/// Every rule of refreshing and acting, as a value: `handle(event)` changes the state and returns
/// what to do. It reads no clock (time comes in the events), sends no request, arms no timer and
/// takes no lock: `AdsEngine` feeds it events and carries out its actions. Each concern is in its
/// own file: starting (`+Start`), fetching and backing off (`+Refresh`), folding results
/// (`+Results`), status changes (`+Actions`) and saving (`+Save`).
struct EngineCore {
    enum Phase: Equatable { case idle, running, stopped }

    /// How a start gets from the cache to its first refresh.
    enum Startup: Equatable {
        /// Reading the cached snapshot.
        case loadingCache
        /// Showing the cached snapshot, waiting for the screen to be drawn.
        case holding
        /// Reading the cached ads.
        case loadingAds
        /// Refreshing as usual.
        case done
    }

    let accountID: String
    let configuration: RefreshConfiguration
    let readOnly: Bool
    /// Whether there is a cache to read and save.
    let hasCache: Bool
    /// The operating-system user, for the audit log.
    let user: String
    /// Whether other processes on the host share the cache: one leads and fetches, the others
    /// follow (`+Sharing`). Only with a cache.
    let shared: Bool

    /// What is published: the latest snapshot. Any change to it is published once the event is
    /// handled (with the events `report` collected).
    var snapshot = Snapshot() {
        didSet { if unpublished == nil { unpublished = [] } }
    }
    var phase = Phase.idle
    var startup = Startup.done
    /// How long a start with a cache waits for `firstRefreshReleased` (nil: no wait).
    var firstRefreshHold: TimeInterval?

    var collections: [CollectionKind: CollectionRuntime] = [:]
    var adGroupInView: String?
    var rateLimitedUntil: Date?
    /// Increases with every fetch started and every action settled; orders results that land out of order.
    var fetchSequence = 0
    /// Entities read back by an action: older list results must not overwrite them.
    var freshness = Freshness()
    /// Collections that hold data (from the cache or a fetch): changes to them are news.
    var loaded: Set<CollectionKind> = []
    /// Collections loaded from the cache and not refreshed since.
    var onlyFromCache: Set<CollectionKind> = []
    /// Which ads are in memory, in brief and in full, and how the last listing was paged.
    var residency = AdsResidency()
    /// How the last ad groups listing was paged, saved with the ad groups.
    var adGroupPages: ListingPages?
    /// The request budget as last reported (nil: no budget, the configured cadences apply).
    var budget: BudgetState?
    /// The intervals the budget allows, recomputed whenever the budget or the account's size changes.
    var plan = BudgetPlan()

    /// Status changes under way.
    var actions: [ActionID: ActionRecord] = [:]
    /// Status changes shown as pending and not yet settled: nothing is saved while there are any.
    var actionsInFlight: Int { actions.values.count { $0.begun } }
    /// Armed timers and the generation each was armed with; a timer firing with another
    /// generation was replaced or cancelled, and is ignored.
    var timers: [EngineTimer: Int] = [:]
    var timerGeneration = 0

    /// Something to write: at least the fetch times (a refresh succeeded since the last save).
    var cacheDirty = false
    /// Tables whose content changed since the last save; only these are rewritten.
    var dirtyParts: CacheDatabase.Parts = []
    var lastSave: Date?
    var saving = false

    /// Who fetches: this process alone, or one of the processes sharing the cache.
    var role = SharingRole.solo
    /// A follower's reload of the shared cache is under way; `reloadAgain`: another write came meanwhile.
    var reloading = false
    var reloadAgain = false
    /// A follower's answers in a row that the lock is held by a process it does not name; while
    /// there are any, the leadership timer is a quick look (see `leaderElsewhere`).
    var unnamedHolderAnswers = 0
    /// A follower's reloads asked for so far; the one under way is the last of them.
    var reloadsAsked = 0
    /// A follower's own read-backs put in the journal, each with the reloads asked for before it:
    /// a reload asked for earlier may have read the cache and the journal without it.
    var ownReadBacks: [(reloadsBefore: Int, entities: [ReadBackEntity])] = []
    /// The leader's journal bookkeeping: the last record folded in, the last one in the save under
    /// way, the last one trimmed.
    var journalFolded = 0
    var journalInSave = 0
    var journalTrimmed = 0

    /// Set when the snapshot changed and must be published, with the events to publish.
    private var unpublished: [ChangeEvent]?

    init(accountID: String, configuration: RefreshConfiguration, readOnly: Bool, hasCache: Bool, user: String,
         shared: Bool = false) {
        self.accountID = accountID
        self.configuration = configuration
        self.readOnly = readOnly
        self.hasCache = hasCache
        self.user = user
        self.shared = shared && hasCache
    }

    /// Takes one event; returns what to do, in order. A changed snapshot is published first, once,
    /// with every event the change made.
    mutating func handle(_ event: EngineEvent) -> [EngineAction] {
        let actions: [EngineAction]
        switch event {
        case .started(let hold, let now): actions = start(hold: hold, now: now)
        case .cacheLoaded(let cached, let now): actions = cacheLoaded(cached, now: now)
        case .firstRefreshReleased(let now): actions = releaseFirstRefresh(now: now)
        case .cachedAdsLoaded(let ads, let pages, let now): actions = cachedAdsLoaded(ads, pages: pages, now: now)
        case .timerFired(let timer, let generation, let now):
            guard timers[timer] == generation else { return [] }
            timers[timer] = nil
            actions = timerFired(timer, now: now)
        case .refreshRequested(let kinds, let now): actions = refreshRequested(kinds, now: now)
        case .adGroupInViewChanged(let id, let now): actions = adGroupInViewChanged(id, now: now)
        case .cachedAdGroupLoaded(let group, let ads): actions = cachedAdGroupLoaded(group, ads: ads)
        case .fetchFinished(let id, let result, let now, let jitter):
            actions = fetchFinished(id, result: result, now: now, jitter: jitter)
        case .fetchFailed(let id, let error, let now): actions = fetchFailed(id, error: error, now: now)
        case .rateLimited(let id, let until, let now): actions = rateLimited(id, until: until, now: now)
        case .actionRequested(let id, let action, let now): actions = actionRequested(id, action, now: now)
        case .actionReady(let id, let statuses, let now): actions = actionReady(id, statusesRead: statuses, now: now)
        case .actionSettled(let id, let settlement, let now): actions = actionSettled(id, settlement, now: now)
        case .saveFinished(let failed): actions = saveFinished(failed: failed)
        case .stopped(let now): actions = stop(now: now)
        case .becameLeader(let now): actions = becameLeader(now: now)
        case .leaderElsewhere(let pid, let now): actions = leaderElsewhere(pid: pid, now: now)
        case .cacheChangedByOther(let now): actions = cacheChangedByOther(now: now)
        case .cacheReloaded(let reload, let now): actions = cacheReloaded(reload, now: now)
        case .journalRead(let entries, let now): actions = journalRead(entries, now: now)
        case .budgetChanged(let state, let now): actions = budgetChanged(state, now: now)
        }
        guard let changes = unpublished else { return actions }
        unpublished = nil
        return [.publish(snapshot, changes: changes)] + actions
    }

    /// Runs `body` on the ads residency and the snapshot together (taken out of `self`, so neither
    /// is copied); the snapshot is published as changed.
    mutating func withResidency<T>(_ body: (inout AdsResidency, inout Snapshot) -> T) -> T {
        var taken = snapshot, residency = self.residency
        snapshot = .empty
        self.residency = AdsResidency()
        defer {
            snapshot = taken
            self.residency = residency
        }
        return body(&residency, &taken)
    }

    /// Publishes `events` with the snapshot (which may not have changed).
    mutating func report(_ events: [ChangeEvent]) {
        unpublished = (unpublished ?? []) + events
    }

    // MARK: Timers

    /// Arms `timer` after `delay` seconds (replacing an earlier arming).
    mutating func arm(_ timer: EngineTimer, after delay: TimeInterval) -> EngineAction {
        timerGeneration += 1
        timers[timer] = timerGeneration
        return .armTimer(timer, generation: timerGeneration, after: max(0, delay))
    }

    /// Disarms `timer`; nothing when it is not armed.
    mutating func disarm(_ timer: EngineTimer) -> [EngineAction] {
        guard timers.removeValue(forKey: timer) != nil else { return [] }
        return [.cancelTimer(timer)]
    }

    private mutating func timerFired(_ timer: EngineTimer, now: Date) -> [EngineAction] {
        switch timer {
        case .refresh(let kind): return trigger(kind, now: now)
        case .rateLimitEnds: return rateLimitEnded(now: now)
        case .save: return requestSave(now: now)
        case .firstRefreshHold: return releaseFirstRefresh(now: now)
        case .leadership: return leadershipTimerFired(now: now)
        }
    }

    private mutating func stop(now: Date) -> [EngineAction] {
        guard phase != .stopped else { return [] }
        phase = .stopped
        timers = [:]
        firstRefreshHold = nil
        var result: [EngineAction] = [.cancelEverything]
        // A pending change's optimistic status is not a fact yet: nothing is saved while one is.
        // A follower never writes the snapshot: the leader's is the shared one.
        if mayWriteCache, cacheDirty, actionsInFlight == 0 {
            result.append(.save(takeSave(now: now)))
        }
        return result
    }
}

/// Per-collection scheduling state.
struct CollectionRuntime: Sendable {
    /// The fetch in flight, if any.
    var inFlight: Int?
    /// The ad group the in-view fetch in flight lists.
    var parameter: String?
    /// Fetch again as soon as the one in flight ends (the ad group in view changed meanwhile).
    var rerun = false
    /// Analytics wait for the ad groups and campaigns being fetched: their ids are the ones to ask about.
    var waitingForLists = false
    /// Failures in a row (drives the backoff).
    var failures = 0
    /// The analytics fetch in flight reads only the ads in view (an ad group was opened).
    var adsOnly = false
    /// Read the analytics of the ads in view once the fetch in flight ends.
    var adsRerun = false
}

/// A status change under way.
struct ActionRecord: Sendable {
    var action: StatusAction
    /// The ids, each once, in the order given.
    var ids: [String]
    /// Each id's status before the change (nil inside when unknown).
    var from: [String: EntityStatus?] = [:]
    /// Whether the change is shown as pending (counts in `actionsInFlight`).
    var begun = false
}
