import AdsCache
import Foundation
import PinterestAds
import Synchronization
import Testing

@Suite("Snapshot store")
struct SnapshotStoreTests {
    func event(_ kind: ChangeEvent.Kind = .added) -> ChangeEvent {
        ChangeEvent(id: 0, time: Date(), kind: kind, entityKind: .ad, entityID: "a", entityName: nil,
                    oldValue: nil, newValue: nil, detail: nil)
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

    @Test("events get increasing ids and only the last 500 are kept")
    func eventLog() {
        let store = SnapshotStore()
        for _ in 0..<260 { store.publish(store.current, changes: [event(), event(.removed)]) }
        let events = store.recentEvents
        #expect(events.count == 500)
        #expect(events.first?.id == 21)
        #expect(events.last?.id == 520)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.id + 1 == $1.id })
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
