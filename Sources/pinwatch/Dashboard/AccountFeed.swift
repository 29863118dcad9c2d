import AdsCache
import Dashboard
import Dispatch

/// Carries one account's snapshots from its store into the UI loop's inbox, and hands over to
/// another account's store without losing or mixing anything:
///
/// 1. the old subscription is cancelled, and a delivery already running is waited for, so nothing
///    of the old store can reach the inbox afterwards;
/// 2. the inbox then drops the old store's snapshots, and keeps action reports (the operator asked
///    for that action and must hear how it went, whichever account is on screen);
/// 3. the old account is stopped (its cache saved) on a background queue: the UI thread never
///    waits for a disk.
final class AccountFeed {
    let inbox: Inbox
    private let deliveryQueue = DispatchQueue(label: "pinwatch.ui.delivery", qos: .userInteractive)
    private var subscription: Subscription?
    /// The store attached now.
    private(set) var source: EventSource = .unpublished
    /// Stops of accounts switched away from, still saving.
    private let retiring = DispatchGroup()
    private let retireQueue = DispatchQueue(label: "pinwatch.account.retire", qos: .utility)

    init(inbox: Inbox) {
        self.inbox = inbox
    }

    /// Subscribes to `store` (nothing must be attached yet); returns its events' source, which the
    /// state must be told (`AppEvent.storeAttached`).
    func attach(_ store: SnapshotStore) -> EventSource {
        precondition(subscription == nil, "attach(_:) while another store is attached; use switchTo")
        let inbox = self.inbox
        let source = store.eventSource
        self.source = source
        subscription = store.subscribe(on: deliveryQueue) { snapshot, changes in
            inbox.post(.snapshotArrived(snapshot, changes, from: source))
        }
        return source
    }

    /// Leaves the store attached for `store`; `stopOld` (stopping the old account's engine, which
    /// saves its cache) runs on a background queue. Returns the new store's events' source.
    func switchTo(_ store: SnapshotStore, stopOld: @escaping @Sendable () -> Void) -> EventSource {
        detach()
        retireQueue.async(group: retiring, execute: stopOld)
        return attach(store)
    }

    /// Cancels the subscription and removes what the old store left in the inbox (but not the
    /// action reports). After it returns, nothing of that store reaches the inbox.
    private func detach() {
        subscription?.cancel()
        subscription = nil
        // A handler that passed its cancellation check just before `cancel()` may still be posting.
        flushDeliveries()
        let old = source
        inbox.discard { event in
            if case .snapshotArrived(_, _, let from) = event { from == old } else { false }
        }
        source = .unpublished
    }

    /// Returns once every delivery handed to the delivery queue so far has run.
    func flushDeliveries() {
        deliveryQueue.sync {}
    }

    /// Stops delivering and waits for the accounts switched away from to finish stopping.
    func close() {
        subscription?.cancel()
        subscription = nil
        retiring.wait()
    }

    /// Waits up to `timeout` for the accounts switched away from to finish stopping (for tests).
    func waitForRetired(timeout: DispatchTime) -> Bool {
        retiring.wait(timeout: timeout) == .success
    }
}
