import Dispatch
import Foundation
import Synchronization

/// Owns the current `Snapshot` and hands every new one, with what changed, to its subscribers.
///
/// It numbers the events it publishes but keeps none: the log of what happened is the dashboard's
/// (`AppState.events`), built from what it was handed, so the events pane is drawn from the state
/// alone and one account's log never outlives the switch to another.
///
/// Publishing is atomic: `edit` reads, changes and publishes under one lock, so concurrent
/// writers never lose each other's changes, and subscribers see snapshots in publication order.
public final class SnapshotStore: Sendable {
    private struct Subscriber {
        var queue: DispatchQueue
        var handler: @Sendable (Snapshot, [ChangeEvent]) -> Void
        var token: Subscription
    }

    private struct State {
        var snapshot: Snapshot
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriberID = 0
        var nextEventID = 1
    }

    private let state: Mutex<State>
    /// Part of the id of every event this store publishes: no other store has it, so the events
    /// of two stores (two accounts, one after the other) never share an id.
    public let eventSource = EventSource.next()

    /// Creates a store holding `initial`.
    public init(initial: Snapshot = .empty) {
        state = Mutex(State(snapshot: initial))
    }

    /// The snapshot published last.
    public var current: Snapshot { state.withLock { $0.snapshot } }

    /// Calls `handler` on `queue` with the current snapshot at once (and no changes), then with
    /// every snapshot published, in order, until the subscription is cancelled. A handler already
    /// queued when `cancel()` is called does not run.
    public func subscribe(on queue: DispatchQueue,
                          _ handler: @escaping @Sendable (Snapshot, [ChangeEvent]) -> Void) -> Subscription {
        state.withLock { state in
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            let token = Subscription { [weak self] in
                self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
            }
            let subscriber = Subscriber(queue: queue, handler: handler, token: token)
            state.subscribers[id] = subscriber
            Self.deliver(state.snapshot, [], to: subscriber)
            return token
        }
    }

    /// Publishes `snapshot` with `changes`; returns the changes as published, numbered by this
    /// store (increasing).
    @discardableResult
    public func publish(_ snapshot: Snapshot, changes: [ChangeEvent] = []) -> [ChangeEvent] {
        edit { current in
            current = snapshot
            return changes
        }.changes
    }

    /// Edits the current snapshot and publishes the result with the events `edit` returns (ids
    /// renumbered), as one step: concurrent editors never lose each other's changes. Returns the
    /// published snapshot and events. `edit` must not call the store.
    @discardableResult
    public func edit(_ edit: (inout Snapshot) -> [ChangeEvent]) -> (snapshot: Snapshot, changes: [ChangeEvent]) {
        state.withLock { state in
            var snapshot = state.snapshot
            var changes = edit(&snapshot)
            for index in changes.indices {
                changes[index].id = ChangeEvent.ID(source: eventSource, sequence: state.nextEventID)
                state.nextEventID += 1
            }
            state.snapshot = snapshot
            for subscriber in state.subscribers.values {
                Self.deliver(snapshot, changes, to: subscriber)
            }
            return (snapshot, changes)
        }
    }

    private static func deliver(_ snapshot: Snapshot, _ changes: [ChangeEvent], to subscriber: Subscriber) {
        let handler = subscriber.handler
        let token = subscriber.token
        subscriber.queue.async {
            guard !token.isCancelled else { return }
            handler(snapshot, changes)
        }
    }
}

/// A live subscription to a `SnapshotStore`; call `cancel()` to stop it (it is not cancelled when
/// released, so keep it only as long as you want to cancel it).
public final class Subscription: Cancellable {
    private let state: Mutex<(cancelled: Bool, onCancel: (@Sendable () -> Void)?)>

    init(onCancel: @escaping @Sendable () -> Void) {
        state = Mutex((false, onCancel))
    }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Stops deliveries; handlers already queued but not started are skipped.
    public func cancel() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            defer { state = (true, nil) }
            return state.onCancel
        }
        action?()
    }
}
