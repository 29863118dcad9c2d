import Dispatch
import Foundation
import Logging
import PinterestAds
import Synchronization

/// Watches one account's store and gives each alert the rules find once: it keeps the snapshot
/// before, the hourly history and what this Pinwatch did, runs the rules on every new snapshot,
/// claims the alerts in the cache (a restart, or another Pinwatch on the account, does not give
/// them again), writes the ones no change event tells into the change log, and hands them to
/// `deliver`. Everything runs on its own queue, never on the UI thread.
public final class AlertMonitor: Sendable {
    private struct State {
        var previous: Snapshot?
        /// Whether the cached ads were read for a listing that came before the engine read them
        /// (at most once: see `withCachedAds`).
        var cachedAdsRead = false
        var history: [HourSample] = []
        var lastSample: HourSample?
        var ownActions: [String: Date] = [:]
        /// Alerts given when there is no cache to remember them in.
        var givenInMemory: Set<String> = []
        var subscription: Subscription?
    }

    /// The account watched.
    public let accountID: String
    private let store: SnapshotStore
    private let cache: CacheDatabase?
    private let settings: AlertSettings
    private let rules: [any AlertRule]
    private let timeZone: TimeZone
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let deliver: @Sendable ([Alert]) -> Void
    private let queue = DispatchQueue(label: "pinwatch.alerts", qos: .utility)
    private let state = Mutex(State())

    /// How long a pause or activate of this Pinwatch keeps its entity's stop from being news.
    public static let ownActionMemory: TimeInterval = 15 * 60

    /// Creates a monitor; nothing happens until `start()`.
    public init(store: SnapshotStore, accountID: String, cache: CacheDatabase?, settings: AlertSettings = AlertSettings(),
                rules: [any AlertRule] = AlertRules.standard(), timeZone: TimeZone = .current,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "pinwatch.alerts"),
                deliver: @escaping @Sendable ([Alert]) -> Void) {
        self.store = store
        self.accountID = accountID
        self.cache = cache
        self.settings = settings
        self.rules = rules
        self.timeZone = timeZone
        self.now = now
        self.logger = logger
        self.deliver = deliver
    }

    /// Starts watching the store (the snapshot it holds now is the first "before").
    public func start() {
        // Read on the monitor's queue, before any snapshot it is handed: never on the caller's thread.
        queue.async { [self] in
            let history = cache?.loadHistory() ?? []
            state.withLock { $0.history = history }
        }
        let subscription = store.subscribe(on: queue) { [weak self] snapshot, changes in
            self?.receive(snapshot, changes)
        }
        state.withLock { $0.subscription = subscription }
    }

    /// Stops watching once every snapshot published so far has been judged and its alerts handed
    /// over (stop the engine first: then no alert of its last refresh is lost).
    public func stop() {
        flush()
        state.withLock { $0.subscription }?.cancel()
        flush()
    }

    /// Returns once every snapshot published so far has been judged and its alerts handed over.
    public func flush() {
        queue.sync {}
    }

    private func receive(_ snapshot: Snapshot, _ changes: [ChangeEvent]) {
        let time = now()
        let input: AlertInput? = state.withLock { state in
            for id in snapshot.pending.keys { state.ownActions[id] = time }
            for event in changes where event.kind == .actionSucceeded || event.kind == .actionFailed {
                if let id = event.entityID { state.ownActions[id] = time }
            }
            state.ownActions = state.ownActions.filter { time.timeIntervalSince($0.value) < Self.ownActionMemory }
            // A stale snapshot that is partly live is not judged, nor kept as the one before: the
            // first live one is compared with the cache as it was.
            if snapshot.isStale && !snapshot.isPurelyCached && state.previous != nil { return nil }
            defer { state.previous = snapshot }
            guard let before = state.previous, !before.sameAlertData(as: snapshot) else { return nil }
            return AlertInput(accountID: accountID, before: before, after: snapshot, history: state.history,
                              now: time, timeZone: timeZone, ownActions: Set(state.ownActions.keys), settings: settings)
        }
        guard let input = input.map(withCachedAds) else { return }
        recordHour(snapshot, at: time)
        var seen = Set<String>()
        let found = AlertRules.evaluate(input, rules: rules).filter { seen.insert($0.key).inserted }
        guard !found.isEmpty else { return }
        let fresh = claim(found, at: time)
        guard !fresh.isEmpty else { return }
        for alert in fresh { logger.notice("Alert \(alert.kind.rawValue): \(alert.message)") }
        let events = fresh.filter { !$0.isChangeEvent }.map(ChangeEvent.alert)
        if !events.isEmpty { store.edit { _ in events } }
        deliver(fresh)
    }

    /// `input`, its "before" given the cached ads when it is the cache without them and the
    /// snapshot after has ads: a listing came before the engine read the cached ads, and a
    /// rejection while Pinwatch was closed must still be found. The engine reads the cached ads
    /// before its first refresh, so this is rare; reading them at the start instead would compete
    /// with the first paint for the cores and keep a second copy of every brief.
    private func withCachedAds(_ input: AlertInput) -> AlertInput {
        guard let cache, var before = input.before, before.isStale, before.adBriefs.isEmpty,
              !input.after.adBriefs.isEmpty,
              !state.withLock({ state in defer { state.cachedAdsRead = true }; return state.cachedAdsRead })
        else { return input }
        before.adBriefs = cache.loadAds(fullAdsLimit: 0)?.briefs ?? [:]
        var input = input
        input.before = before
        return input
    }

    /// The alerts of `found` not given before, now marked as given.
    private func claim(_ found: [Alert], at time: Date) -> [Alert] {
        if let cache {
            do {
                let fresh = Set(try cache.claimAlerts(found.map(\.key), at: time))
                return found.filter { fresh.contains($0.key) }
            } catch {
                logger.warning("Could not remember alerts in the cache, remembering them until exit: \(error)")
            }
        }
        return state.withLock { state in found.filter { state.givenInMemory.insert($0.key).inserted } }
    }

    private func recordHour(_ snapshot: Snapshot, at time: Date) {
        guard let sample = HourSample.of(snapshot, now: time, timeZone: timeZone) else { return }
        let changed = state.withLock { state -> Bool in
            guard state.lastSample != sample else { return false }
            state.lastSample = sample
            if state.history.last?.hour == sample.hour { state.history.removeLast() }
            state.history.append(sample)
            state.history.removeAll { sample.hour.timeIntervalSince($0.hour) > HourSample.retention }
            return true
        }
        guard changed, let cache else { return }
        do {
            try cache.recordHour(sample)
        } catch {
            logger.warning("Could not keep the hourly history: \(error)")
        }
    }
}

extension Snapshot {
    /// Whether the alert rules would see the same data in both (only fetch states differ).
    func sameAlertData(as other: Snapshot) -> Bool {
        isStale == other.isStale && account == other.account && pending == other.pending
            && campaigns == other.campaigns && adGroups == other.adGroups && metrics == other.metrics
            && adBriefs == other.adBriefs
    }
}
