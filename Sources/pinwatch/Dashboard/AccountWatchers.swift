import AdsCache
import Dashboard
import Dispatch
import PinterestAds
import Synchronization

/// Keeps the ad accounts not on screen fresh for the accounts overview and the wall, at a slower
/// cadence than the account on screen: each has its own engine (started from its cache, so the
/// overview has something to show at once), whose snapshots are boiled down to an
/// `AccountHealth` and posted to the UI loop's inbox. The account on screen is never watched
/// here: its own engine already refreshes it, and one engine per account writes its cache.
///
/// Used from the UI thread only; the engines' deliveries run on a background queue.
final class AccountWatchers {
    private let inbox: Inbox
    private let connect: (String) throws -> AccountConnection
    private var watched: [String: Watched] = [:]
    private var wanted: [String] = []
    private var onScreen: String
    private let deliveryQueue = DispatchQueue(label: "pinwatch.watchers.delivery", qos: .utility)
    private let stopQueue = DispatchQueue(label: "pinwatch.watchers.stop", qos: .utility)
    private let stopping = DispatchGroup()

    /// One watched account: its engine and subscription, and its latest notable events.
    private struct Watched {
        let connection: AccountConnection
        let subscription: Subscription
    }

    /// Watchers reporting to `inbox`; `connect` opens an account at the slow cadence.
    init(inbox: Inbox, onScreen: String, connect: @escaping (String) throws -> AccountConnection) {
        self.inbox = inbox
        self.onScreen = onScreen
        self.connect = connect
    }

    /// Watches every account of `ids` but the one on screen; stops watching the others.
    func watch(_ ids: [String]) {
        wanted = ids
        reconcile()
    }

    /// The dashboard switched to `id`: it is no longer watched here, the one it left is.
    func onScreenChanged(to id: String) {
        onScreen = id
        reconcile()
    }

    /// Accounts watched now (for tests).
    var watchedIDs: Set<String> { Set(watched.keys) }

    /// Stops every engine and waits until they have saved their caches.
    func close() {
        wanted = []
        reconcile()
        stopping.wait()
    }

    private func reconcile() {
        let target = Set(wanted).subtracting([onScreen])
        for (id, entry) in watched where !target.contains(id) {
            watched[id] = nil
            entry.subscription.cancel()
            let engine = entry.connection.engine
            stopQueue.async(group: stopping) { engine.stop() }
        }
        for id in wanted where target.contains(id) && watched[id] == nil {
            guard let connection = try? connect(id) else { continue }
            watched[id] = Watched(connection: connection, subscription: subscribe(connection.store, accountID: id))
            connection.engine.start()
        }
    }

    private func subscribe(_ store: SnapshotStore, accountID: String) -> Subscription {
        let inbox = self.inbox
        let alerts = AlertLog()
        return store.subscribe(on: deliveryQueue) { snapshot, changes in
            let kept = alerts.events.withLock { kept in
                kept = Array((kept + changes.filter(\.isNotable)).suffix(AccountHealth.maxAlerts))
                return kept
            }
            var health = AccountHealth(snapshot: snapshot, events: kept)
            health.accountID = accountID
            inbox.post(.accountHealthArrived(health))
        }
    }
}

/// The latest notable events of a watched account (its engine delivers them once each).
private final class AlertLog: Sendable {
    let events = Mutex<[ChangeEvent]>([])
}
