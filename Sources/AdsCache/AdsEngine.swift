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
///
/// The rules live in `EngineCore`, a value that takes events and returns actions; this class only
/// feeds it events (calls, timers, the ends of requests and cache reads) and carries out its
/// actions: requests, timers, cache reads and writes, publications. Actions run one at a time, in
/// the order the core gave them, outside any lock; no lock is ever taken inside another.
public final class AdsEngine: Sendable {
    /// The account this engine watches.
    public let accountID: String
    /// Where snapshots are published.
    public let store: SnapshotStore
    /// Whether status changes are refused (nothing is ever written to the API).
    public let readOnly: Bool

    let api: any PinterestAdsAPI
    let cache: CacheDatabase?
    public let configuration: RefreshConfiguration
    let clock: any EngineClock
    let audit: AuditLog?
    let logger: Logger
    let random: @Sendable () -> Double
    /// Called after a burst of work let go of much memory (a large listing decoded and dropped):
    /// the process decides what to do about it (the allocator is the executable's business).
    let largeWorkFinished: @Sendable () -> Void
    /// The files through which the processes sharing the cache pick one fetcher (nil: not shared).
    let sharing: CacheSharing?
    /// The request budget and the shared ledger's counts now (nil: no budget, the cadences apply).
    let budget: (@Sendable (Date) -> BudgetState?)?
    /// The cache's one writer, so reads see every write before them.
    let saveQueue = DispatchQueue(label: "pinwatch.cache.save", qos: .utility)

    /// The core, and the actions it gave that are still to run.
    private let core: Mutex<Core>
    /// What carrying out actions left running: timers, tasks, `perform` calls waiting for an answer.
    private let work = Mutex<Work>(Work())

    private struct Core {
        var machine: EngineCore
        var queue: [EngineAction] = []
        /// Whether a thread is running the queue's actions (others only add to it).
        var draining = false
        /// Called by the draining thread once it has run every queued action.
        var drainWaiters: [@Sendable () -> Void] = []
        var nextActionID = 0
    }

    private struct Work {
        var timers: [EngineTimer: any Cancellable] = [:]
        var tasks: [Int: (kind: CollectionKind?, task: Task<Void, Never>)] = [:]
        /// Tasks that ended before they were tracked.
        var ended: Set<Int> = []
        var nextTaskID = 0
        var answers: [ActionID: CheckedContinuation<ActionAnswer, Never>] = [:]
    }

    /// Creates an engine; nothing happens until `start()`. `random` (0…1) drives the jitter;
    /// `largeWorkFinished` is called after work that let go of much memory; `budget` gives the request
    /// budget state, read at the start and after every fetch so the cadences follow it. With `sharing`
    /// (and a cache), the Pinwatch processes of the same cache on this host share one fetcher: one
    /// leads and fetches, the others show what it saves.
    public init(api: any PinterestAdsAPI, accountID: String, store: SnapshotStore, cache: CacheDatabase?,
                configuration: RefreshConfiguration = RefreshConfiguration(), clock: any EngineClock = LiveClock(),
                audit: AuditLog?, readOnly: Bool, logger: Logger = Logger(label: "pinwatch.engine"),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                largeWorkFinished: @escaping @Sendable () -> Void = {},
                budget: (@Sendable (Date) -> BudgetState?)? = nil, sharing: CacheSharing? = nil) {
        self.largeWorkFinished = largeWorkFinished
        self.budget = budget
        self.sharing = cache == nil ? nil : sharing
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
        core = Mutex(Core(machine: EngineCore(accountID: accountID, configuration: configuration, readOnly: readOnly,
                                              hasCache: cache != nil, user: AuditLog.currentUser(),
                                              shared: cache != nil && sharing != nil)))
    }

    /// Publishes the cached snapshot, then refreshes everything and keeps refreshing. Returns at once.
    ///
    /// With `holdingFirstRefresh`, a start that found a cache waits up to that long, or until
    /// `releaseFirstRefresh()`, before reading its ads and sending its first request: a screen
    /// painting many cached rows should not share two cores with the decoding of the first refresh.
    public func start(holdingFirstRefresh hold: TimeInterval? = nil) {
        reportBudget()
        startSharing()
        send(.started(hold: hold, now: clock.now))
    }

    /// Gives the core the budget state now, when there is a budget.
    func reportBudget() {
        let now = clock.now
        if let state = budget?(now) { send(.budgetChanged(state, now: now)) }
    }

    /// Lets a held first refresh start now (the screen has been drawn). Does nothing otherwise.
    public func releaseFirstRefresh() {
        send(.firstRefreshReleased(now: clock.now))
    }

    /// Stops every timer and cancels work in flight; nothing is published after it returns. Saves
    /// the snapshot to the cache if it changed since the last save and no action is pending.
    public func stop() {
        send(.stopped(now: clock.now))
        // Another thread may be running the stop's actions: sleep until it has run them all.
        let drained = DispatchSemaphore(value: 0)
        whenDrained { drained.signal() }
        drained.wait()
        // Also waits for a save already under way, so the file is complete when stop() returns.
        saveQueue.sync {}
        stopSharing()
    }

    /// Waits until no refresh is running or queued to start (for tests and orderly shutdown).
    public func waitForIdle() async {
        await wait { _ in true }
    }

    /// Refreshes `kinds` (all when nil) now; a collection already being fetched is joined, not fetched twice.
    public func refreshNow(_ kinds: Set<CollectionKind>? = nil) {
        send(.refreshRequested(kinds, now: clock.now))
    }

    /// Refreshes `kinds` (all when nil) and waits for those fetches to finish.
    public func refresh(_ kinds: Set<CollectionKind>? = nil) async {
        send(.refreshRequested(kinds, now: clock.now))
        // Analytics wait for a fetch of the ad groups in flight.
        let wanted = kinds.map { $0.contains(.analytics) ? $0.union([.adGroups]) : $0 }
        await wait { kind in kind.map { wanted?.contains($0) ?? true } ?? false }
    }

    /// Sets the ad group whose ads refresh at the fast cadence; a change refreshes them at once.
    /// In an account too large to keep every ad in full, the ad group's cached ads are shown while
    /// they are fetched, and the full ads of ad groups no longer recently in view are let go.
    public func setAdGroupInView(_ id: String?) {
        send(.adGroupInViewChanged(id, now: clock.now))
    }

    /// The ad group whose ads refresh at the fast cadence.
    public var adGroupInView: String? { core.withLock { $0.machine.adGroupInView } }

    // MARK: - Driving the core

    /// Hands `event` to the core and runs the actions it returns, unless another thread is running
    /// actions: then they are queued for it, so actions always run in the order they were given.
    func send(_ event: EngineEvent) {
        var batch: [EngineAction]? = core.withLock { core in
            core.queue += core.machine.handle(event)
            guard !core.draining else { return nil }
            core.draining = true
            defer { core.queue = [] }
            return core.queue
        }
        while let actions = batch {
            for action in actions { run(action) }
            let (next, waiters) = core.withLock { core -> ([EngineAction]?, [@Sendable () -> Void]) in
                guard !core.queue.isEmpty else {
                    core.draining = false
                    defer { core.drainWaiters = [] }
                    return (nil, core.drainWaiters)
                }
                defer { core.queue = [] }
                return (core.queue, [])
            }
            waiters.forEach { $0() }
            batch = next
        }
    }

    /// Calls `body` once no thread is running actions: at once if none is, else from the thread
    /// running them, after the last one (outside the lock).
    private func whenDrained(_ body: @escaping @Sendable () -> Void) {
        let now = core.withLock { core in
            guard core.draining else { return true }
            core.drainWaiters.append(body)
            return false
        }
        if now { body() }
    }

    private func run(_ action: EngineAction) {
        switch action {
        case .publish(let snapshot, let changes): store.publish(snapshot, changes: changes)
        case .fetch(let request): spawn(request.id.kind) { await self.runFetch(request) }
        case .armTimer(let timer, let generation, let delay):
            let token = clock.schedule(after: delay, repeating: nil) { [weak self] in
                guard let self else { return }
                self.send(.timerFired(timer, generation: generation, now: self.clock.now))
            }
            work.withLock { $0.timers.updateValue(token, forKey: timer) }?.cancel()
        case .cancelTimer(let timer): work.withLock { $0.timers.removeValue(forKey: timer) }?.cancel()
        case .answer(let id, let answer): work.withLock { $0.answers.removeValue(forKey: id) }?.resume(returning: answer)
        case .audit(let entry): writeAudit(entry)
        case .loadCache: spawn(nil) { await self.loadCache() }
        case .loadCachedAds: spawn(nil) { await self.loadCachedAds() }
        case .loadCachedAdGroup(let group): loadCachedAdGroup(group)
        case .checkCacheIntegrity:
            if let cache { saveQueue.async { cache.checkIntegrity() } }
        case .writeAds(let writes): write(writes)
        case .save(let save): self.save(save)
        case .releaseFreeMemory: largeWorkFinished()
        case .logWarning(let message): logger.warning("\(message)")
        case .tryLead, .reloadCache, .readJournal, .shareReadBack, .notifyOthers: runSharing(action)
        case .cancelEverything:
            let (timers, tasks) = work.withLock { work in
                defer { work.timers = [:] }
                return (Array(work.timers.values), work.tasks.values.map(\.task))
            }
            timers.forEach { $0.cancel() }
            tasks.forEach { $0.cancel() }
        }
    }

    /// Runs `body` as a task tracked until it ends (for `waitForIdle`, `refresh` and `stop`).
    func spawn(_ kind: CollectionKind?, _ body: @escaping @Sendable () async -> Void) {
        let id = work.withLock { work -> Int in
            work.nextTaskID += 1
            return work.nextTaskID
        }
        let task = Task {
            await body()
            self.work.withLock { work in
                if work.tasks.removeValue(forKey: id) == nil { work.ended.insert(id) }
            }
        }
        work.withLock { work in
            if work.ended.remove(id) == nil { work.tasks[id] = (kind, task) }
        }
    }

    /// Waits until no tracked task whose fetch kind passes `include` runs, and no action waits to run.
    private func wait(for include: (CollectionKind?) -> Bool) async {
        while true {
            let tasks = work.withLock { $0.tasks.values.filter { include($0.kind) }.map(\.task) }
            if tasks.isEmpty {
                guard core.withLock({ $0.draining }) else { return }
                // Actions still running may start tasks: look again once they have run.
                await withCheckedContinuation { continuation in whenDrained { continuation.resume() } }
            }
            for task in tasks { await task.value }
        }
    }

    /// Sends `event`, then waits for the core's answer to the action `id`.
    func ask(_ id: ActionID, _ event: EngineEvent) async -> ActionAnswer {
        await withCheckedContinuation { continuation in
            work.withLock { $0.answers[id] = continuation }
            send(event)
        }
    }

    /// A new action's id.
    func nextActionID() -> ActionID {
        core.withLock { core in
            core.nextActionID += 1
            return ActionID(value: core.nextActionID)
        }
    }

    private func writeAudit(_ entry: AuditEntry) {
        guard let audit else { return }
        do {
            try audit.append(entry)
        } catch {
            logger.error("Could not write the audit log: \(error)")
        }
    }
}
