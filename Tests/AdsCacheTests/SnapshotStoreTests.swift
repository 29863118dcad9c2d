import AdsCache
import Foundation
import PinterestAds
import Synchronization
import Testing

@Suite("Snapshot store")
struct SnapshotStoreTests {
    func event(_ kind: ChangeEvent.Kind = .added) -> ChangeEvent {
        ChangeEvent(time: Date(), kind: kind, entityKind: .ad, entityID: "a")
    }

    @Test("subscribers get the current snapshot at once, then every publication in order, on their queue")
    func subscribe() async {
        let store = SnapshotStore(initial: Snapshot(adGroups: [Fixture.adGroup("g0")]))
        let queue = DispatchQueue(label: "subscriber")
        let key = DispatchSpecificKey<Bool>()
        queue.setSpecific(key: key, value: true)
        let received = Mutex<[(Int, Int, Bool)]>([])
        let subscription = store.subscribe(on: queue) { snapshot, changes in
            received.withLock { $0.append((snapshot.adGroups.count, changes.count, DispatchQueue.getSpecific(key: key) == true)) }
        }
        for count in 1...5 {
            store.publish(Snapshot(adGroups: (0..<count).map { Fixture.adGroup("g\($0)") }), changes: [event()])
        }
        queue.sync {}
        let values = received.withLock { $0 }
        #expect(values.map(\.0) == [1, 1, 2, 3, 4, 5])
        #expect(values.map(\.1) == [0, 1, 1, 1, 1, 1])
        #expect(values.allSatisfy { $0.2 }, "delivered on the subscriber's queue")

        subscription.cancel()
        store.publish(Snapshot())
        queue.sync {}
        #expect(received.withLock { $0.count } == 6)
    }

    @Test("events are numbered 1, 2, 3… by the store that publishes them, with its own source")
    func eventNumbering() {
        let store = SnapshotStore()
        var published: [ChangeEvent.ID] = []
        for _ in 0..<260 { published += store.publish(store.current, changes: [event(), event(.removed)]).map(\.id) }
        #expect(published == (1...520).map { ChangeEvent.ID(source: store.eventSource, sequence: $0) })
        #expect(SnapshotStore().eventSource != store.eventSource)
    }

    @Test("concurrent updates are never lost")
    func concurrentUpdates() async {
        let store = SnapshotStore()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    store.edit { snapshot in
                        snapshot.adGroups.append(Fixture.adGroup("g\(index)"))
                        return []
                    }
                }
            }
        }
        #expect(store.current.adGroups.count == 200)
    }
}
