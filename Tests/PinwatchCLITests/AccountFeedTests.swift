import AdsCache
import Dashboard
import Dispatch
import Foundation
import PinterestAds
import Synchronization
import Terminal
import Testing
@testable import pinwatch

/// Switching accounts in the dashboard: what the inbox keeps, drops, and who waits for the save.
@Suite("Account switch")
struct AccountFeedTests {
    static func isSnapshot(_ event: AppEvent, from source: EventSource) -> Bool {
        if case .snapshotArrived(_, _, let from) = event { from == source } else { false }
    }

    static func isActionReport(_ event: AppEvent) -> Bool {
        if case .actionFinished = event { true } else { false }
    }

    @Test("the switch keeps an old action's report, drops the old store's snapshots, and nothing old arrives after")
    func inboxAcrossSwitch() throws {
        let inbox = Inbox(wake: try WakeSignal())
        let feed = AccountFeed(inbox: inbox)
        let old = SnapshotStore(), new = SnapshotStore()
        #expect(feed.attach(old) == old.eventSource)
        old.publish(Snapshot(), changes: [.added(.adGroup, id: "g1", name: "Spring", at: Date())])
        feed.flushDeliveries()
        // The report of a pause sent while the old account was on screen lands before the switch.
        inbox.post(.actionFinished(ActionReport(kind: .adGroup, target: .paused, succeeded: ["g1"])))

        let attached = feed.switchTo(new, stopOld: {})
        #expect(attached == new.eventSource)
        // The old engine may publish once more while it stops: it must not reach the dashboard.
        old.publish(Snapshot(), changes: [.removed(.adGroup, id: "g1", name: "Spring", at: Date())])
        feed.flushDeliveries()

        let events = inbox.drain()
        #expect(events.filter(Self.isActionReport).count == 1, "the report is kept")
        #expect(!events.contains { Self.isSnapshot($0, from: old.eventSource) }, "no snapshot of the old account")
        #expect(events.contains { Self.isSnapshot($0, from: new.eventSource) }, "the new account's first snapshot")
        feed.close()
    }

    /// A flag another thread sets.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
    }

    @Test("the switch returns while the old account is still saving; closing waits for the save")
    func saveOffTheCallingThread() throws {
        let inbox = Inbox(wake: try WakeSignal())
        let feed = AccountFeed(inbox: inbox)
        let old = SnapshotStore(), new = SnapshotStore()
        _ = feed.attach(old)
        let release = DispatchSemaphore(value: 0)
        let saved = Flag()
        _ = feed.switchTo(new, stopOld: {
            // A slow disk. Bounded, so a switch that waits for it fails below instead of hanging.
            _ = release.wait(timeout: .now() + 30)
            saved.set()
        })
        #expect(!saved.isSet, "the switch waited for the old account's save")
        #expect(!feed.waitForRetired(timeout: .now()), "the save is still under way")
        release.signal()
        #expect(feed.waitForRetired(timeout: .now() + 30))
        #expect(saved.isSet)
        feed.close()
    }
}
