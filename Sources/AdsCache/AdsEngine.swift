import Dispatch
import Foundation
import Logging
import PinterestAds
import Synchronization

/// Keeps the store's snapshot fresh and carries out status changes.
///
/// On `start()` it publishes the cached snapshot (if any) before any request, then refreshes every
/// collection, each on its own cadence with jitter. Failures back off exponentially per collection;
/// a 429 pauses every request until the time the API gave. Status changes are shown at once as
/// pending, verified by reading the entities back, and written to the audit log.
public final class AdsEngine: Sendable {
    /// The account this engine watches.
    public let accountID: String
    /// Where snapshots are published.
    public let store: SnapshotStore
    /// Whether status changes are refused (nothing is ever written to the API).
    public let readOnly: Bool

    let api: any PinterestAdsAPI
    let cache: CacheDatabase?
    let configuration: RefreshConfiguration
    let clock: any EngineClock
    let audit: AuditLog?
    let logger: Logger
    let random: @Sendable () -> Double
    let state = Mutex(EngineState())
    let saveQueue = DispatchQueue(label: "pinwatch.cache.save", qos: .utility)

    /// Creates an engine; nothing happens until `start()`. `random` (0…1) drives the jitter.
    public init(api: any PinterestAdsAPI, accountID: String, store: SnapshotStore, cache: CacheDatabase?,
                configuration: RefreshConfiguration = RefreshConfiguration(), clock: any EngineClock = LiveClock(),
                audit: AuditLog?, readOnly: Bool, logger: Logger = Logger(label: "pinwatch.engine"),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.api = api
        self.accountID = accountID
        self.store = store
        self.cache = cache
        self.configuration = configuration
        self.clock = clock
        self.audit = audit
        self.readOnly = readOnly
        self.logger = logger
        self.random = random
    }

    /// Publishes the cached snapshot, then refreshes everything and keeps refreshing. Returns at once.
    ///
    /// With `holdingFirstRefresh`, a start that found a cache waits up to that long, or until
    /// `releaseFirstRefresh()`, before its first request: a screen painting 10,000 cached rows
    /// should not share two cores with the decoding of the first refresh.
    public func start(holdingFirstRefresh hold: TimeInterval? = nil) {
        let started = state.withLock { state -> Bool in
            guard state.phase == .idle else { return false }
            state.phase = .running
            state.firstRefreshHold = hold
            spawn(&state) { await self.loadCacheThenRefresh() }
            return true
        }
        if !started { logger.debug("start() ignored: the engine already started") }
    }

    /// Lets a held first refresh start now (the screen has been drawn). Does nothing otherwise.
    public func releaseFirstRefresh() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.firstRefreshHold = nil
            defer { state.firstRefreshWaiter = nil }
            return state.firstRefreshWaiter
        }
        waiter?.resume()
    }

    /// Stops every timer and cancels work in flight; nothing is published after it returns. Saves
    /// the snapshot to the cache if it changed since the last save and no action is pending.
    public func stop() {
        let (tasks, timers, save) = state.withLock { state -> ([Task<Void, Never>], [any Cancellable], Bool) in
            guard state.phase != .stopped else { return ([], [], false) }
            state.phase = .stopped
            let timers = state.collections.values.compactMap(\.timer)
                + [state.rateLimitTimer, state.saveTimer].compactMap { $0 }
            for kind in CollectionKind.allCases { state.collections[kind]?.timer = nil }
            state.rateLimitTimer = nil
            state.saveTimer = nil
            return (Array(state.tasks.values), timers, state.cacheDirty && state.actionsInFlight == 0)
        }
        releaseFirstRefresh()
        timers.forEach { $0.cancel() }
        tasks.forEach { $0.cancel() }
        // Also waits for a save already under way, so the file is complete when stop() returns.
        saveQueue.sync { if save { self.saveNow() } }
    }

    /// Waits until no refresh is running or queued to start (for tests and orderly shutdown).
    public func waitForIdle() async {
        while true {
            let tasks = state.withLock { Array($0.tasks.values) }
            if tasks.isEmpty { return }
            for task in tasks { await task.value }
        }
    }

    /// Refreshes `kinds` (all when nil) now; a collection already being fetched is joined, not fetched twice.
    public func refreshNow(_ kinds: Set<CollectionKind>? = nil) {
        releaseFirstRefresh()
        for kind in CollectionKind.allCases where kinds?.contains(kind) ?? true {
            trigger(kind)
        }
    }

    /// Refreshes `kinds` (all when nil) and waits for those fetches to finish.
    public func refresh(_ kinds: Set<CollectionKind>? = nil) async {
        let tasks = CollectionKind.allCases.filter { kinds?.contains($0) ?? true }.compactMap { trigger($0) }
        for task in tasks { await task.value }
    }

    /// Sets the ad group whose ads refresh at the fast cadence; a change refreshes them at once.
    /// In an account too large to keep every ad in full, the ad group's cached ads are shown while
    /// they are fetched, and the full ads of ad groups no longer recently in view are let go.
    public func setAdGroupInView(_ id: String?) {
        let changed = mutate { state, snapshot -> (Bool, [ChangeEvent]?) in
            guard state.adGroupInView != id else { return (false, nil) }
            state.adGroupInView = id
            guard let id else {
                state.collections[.adsInView]?.timer?.cancel()
                state.collections[.adsInView]?.timer = nil
                return (true, nil)
            }
            state.recentAdGroups.removeAll { $0 == id }
            state.recentAdGroups.append(id)
            if state.recentAdGroups.count > Self.recentAdGroupsKept { state.recentAdGroups.removeFirst() }
            guard snapshot.adCount > configuration.residentAdsLimit else { return (true, nil) }
            let keep = Set(state.recentAdGroups)
            guard snapshot.adsByAdGroup.keys.contains(where: { !keep.contains($0) }) else { return (true, nil) }
            snapshot.adsByAdGroup = snapshot.adsByAdGroup.filter { keep.contains($0.key) }
            return (true, [])
        }
        guard changed, let id else { return }
        if store.current.adsByAdGroup[id] == nil { showCachedAds(of: id) }
        trigger(.adsInView)
    }

    /// How many recently viewed ad groups keep their full ads in a large account.
    static let recentAdGroupsKept = 4

    /// Shows an ad group's ads from the cache while they are fetched. They are used only if they
    /// agree with the briefs in memory (which a read-back or a pending change may have moved on),
    /// and only if no fetch brought the ad group's ads meanwhile.
    private func showCachedAds(of id: String) {
        guard let cache else { return }
        saveQueue.async {
            let ads = cache.loadAds(adGroupID: id)
            guard !ads.isEmpty else { return }
            self.mutate { state, snapshot -> (Void, [ChangeEvent]?) in
                guard state.phase == .running, state.adGroupInView == id, snapshot.adsByAdGroup[id] == nil,
                      AdBriefs(ads) == snapshot.adBriefs[id] else { return ((), nil) }
                snapshot.adsByAdGroup[id] = ads
                return ((), [])
            }
        }
    }

    /// The ad group whose ads refresh at the fast cadence.
    public var adGroupInView: String? { state.withLock { $0.adGroupInView } }

    // MARK: - Scheduling

    /// Starts a fetch of `kind` unless one is running (then returns that one) or requests are paused.
    @discardableResult
    func trigger(_ kind: CollectionKind) -> Task<Void, Never>? {
        let now = clock.now
        return mutate { state, snapshot -> (Task<Void, Never>?, [ChangeEvent]?) in
            guard state.phase == .running else { return (nil, nil) }
            var runtime = state.collections[kind] ?? CollectionRuntime()
            defer { state.collections[kind] = runtime }
            if let running = runtime.task {
                if kind == .adsInView && runtime.parameter != state.adGroupInView { runtime.rerun = true }
                return (running, nil)
            }
            if let until = state.rateLimitedUntil, now < until {
                runtime.timer?.cancel()
                runtime.timer = schedule(kind, after: until.timeIntervalSince(now), runtime: &runtime)
                snapshot.collections[kind, default: CollectionStatus()].nextRefresh = until
                return (nil, [])
            }
            let parameter = kind == .adsInView ? state.adGroupInView : nil
            if kind == .adsInView && parameter == nil { return (nil, nil) }
            runtime.timer?.cancel()
            runtime.timer = nil
            state.fetchSequence += 1
            let sequence = state.fetchSequence
            let task = spawn(&state) { await self.runFetch(kind, sequence: sequence, parameter: parameter) }
            runtime.task = task
            runtime.parameter = parameter
            snapshot.collections[kind, default: CollectionStatus()].isFetching = true
            snapshot.collections[kind, default: CollectionStatus()].fetchStarted = now
            snapshot.collections[kind, default: CollectionStatus()].nextRefresh = nil
            return (task, [])
        }
    }

    /// Arms the one-shot timer of `kind` (the caller stores it). Must be called under the state lock.
    func schedule(_ kind: CollectionKind, after delay: TimeInterval, runtime: inout CollectionRuntime) -> any Cancellable {
        runtime.timerGeneration += 1
        let generation = runtime.timerGeneration
        return clock.schedule(after: max(0, delay), repeating: nil) { [weak self] in
            guard let self else { return }
            let current = self.state.withLock { $0.collections[kind]?.timerGeneration == generation }
            if current { self.trigger(kind) }
        }
    }

    /// Starts `work` as a task tracked until it finishes (for `waitForIdle` and `stop`). Must be
    /// called under the state lock, which the task needs to untrack itself, so it cannot finish first.
    @discardableResult
    func spawn(_ state: inout EngineState, _ work: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        let id = state.nextTaskID
        state.nextTaskID += 1
        let task = Task {
            await work()
            _ = self.state.withLock { $0.tasks.removeValue(forKey: id) }
        }
        state.tasks[id] = task
        return task
    }

    /// Runs `body` with the engine state and the store's snapshot locked together (engine lock
    /// first, then the store's), publishing the snapshot and the events it returns.
    /// Returning nil events publishes nothing (the snapshot is left as it was).
    func mutate<T: Sendable>(_ body: (inout EngineState, inout Snapshot) -> (T, [ChangeEvent]?)) -> T {
        state.withLock { state in
            var result: T?
            store.modify { snapshot in
                let (value, events) = body(&state, &snapshot)
                result = value
                return events
            }
            guard let result else { preconditionFailure("store.update always runs its transform") }
            return result
        }
    }
}

/// The engine's mutable state, always accessed under `AdsEngine.state`.
struct EngineState {
    enum Phase { case idle, running, stopped }

    var phase = Phase.idle
    var collections: [CollectionKind: CollectionRuntime] = [:]
    var adGroupInView: String?
    var rateLimitedUntil: Date?
    var rateLimitTimer: (any Cancellable)?
    var tasks: [Int: Task<Void, Never>] = [:]
    var nextTaskID = 0
    /// Increases with every fetch started; orders results that land out of order.
    var fetchSequence = 0
    /// Entities read back (by an action) by the fetch with this sequence: older list results must not overwrite them.
    var freshAfter: [String: Int] = [:]
    /// Ad groups whose ads were fetched by the in-view refresh with this sequence.
    var adsGroupSequence: [String: Int] = [:]
    /// Collections that hold data (from the cache or a fetch): changes to them are news.
    var loaded: Set<CollectionKind> = []
    /// Collections loaded from the cache and not refreshed since.
    var onlyFromCache: Set<CollectionKind> = []
    /// Ad groups whose ads are known (for diffing a partial ads refresh).
    var adsKnownGroups: Set<String> = []
    /// The pages of the last whole-account ads listing, so unchanged pages are not decoded again.
    var adsPages: [AdsPageRecord] = []
    /// How the last ad groups listing was paged, saved with the ad groups.
    var adGroupPages: ListingPages?
    /// Ad groups most recently in view, newest last: their full ads stay resident in a large account.
    var recentAdGroups: [String] = []
    /// Ads fetched and not yet handed to the cache, oldest first.
    var adsToWrite: [AdsCacheWrite] = []
    var actionsInFlight = 0
    /// How long a start with a cache waits for `releaseFirstRefresh()` (nil: no wait).
    var firstRefreshHold: TimeInterval?
    /// The start waiting for that release.
    var firstRefreshWaiter: CheckedContinuation<Void, Never>?
    /// Something to write: at least the fetch times (a refresh succeeded since the last save).
    var cacheDirty = false
    /// Tables whose content changed since the last save; only these are rewritten.
    var dirtyParts: CacheDatabase.Parts = []
    var lastSave: Date?
    var saveTimer: (any Cancellable)?
    var saving = false

}

/// One page of the whole-account ads listing as the engine remembers it: its digest and bookmark
/// (no items) and the ids of its ads (their briefs and ad groups are in the snapshot).
struct AdsPageRecord {
    var listed: ListedPage<Ad>
    var ids: [String]
}

/// A whole-account ads listing as it arrived, page by page: what the engine keeps of it. Each page
/// is taken in brief as it comes and its full ads go to the cache at once, so 50,000 decoded ads
/// are never in memory together; only the full ads of resident ad groups are kept.
struct AdsListing: Sendable {
    /// Each page's digest and bookmark (no items).
    var pages: [ListedPage<Ad>] = []
    /// Each page's ads in brief with their ad groups; nil for a page the listing skipped as unchanged.
    var entries: [[(adGroupID: String, brief: AdBrief)]?] = []
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
        pages.append(ListedPage(digest: page.digest, bookmark: page.bookmark, items: nil))
        guard let items = page.items else {
            entries.append(nil)
            return
        }
        entries.append(items.map { ($0.adGroupId ?? "", AdBrief($0)) })
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

/// Ads to write to the cache after a fetch.
enum AdsCacheWrite: Sendable {
    /// A whole-account listing ended (its pages were written as they came): every cached ad not in
    /// `allIDs` goes, and its `pages` are remembered for the next start; `decoded` ads were
    /// decoded for it.
    case listingEnded(allIDs: Set<String>, decoded: Int, pages: [AdsPageRecord])
    /// One ad group's ads.
    case adGroup(String, [Ad])
}

/// Per-collection scheduling state.
struct CollectionRuntime {
    var task: Task<Void, Never>?
    var parameter: String?
    var rerun = false
    var timer: (any Cancellable)?
    var timerGeneration = 0
    var failures = 0
}
