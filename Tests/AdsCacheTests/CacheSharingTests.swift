import AdsCache
import Foundation
import Logging
import PinterestAds
import PinwatchTestSupport
import Testing

/// Two engines on one cache file, each with its own fake API (so each one's requests are its
/// own), its own lock and its own file watch, as two processes have: the driver's side of sharing.
@Suite("Cache sharing between engines")
struct CacheSharingTests {
    /// One of the engines: its API, store and engine, on the cache in `directory`.
    final class Viewer: Sendable {
        let api = FakeAdsAPI()
        let store = SnapshotStore()
        let engine: AdsEngine

        init(directory: URL) throws {
            Fixture.seed(api)
            let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
            // Hour-long cadences: no timer fires during a test (a follower's leadership check is
            // half an hour away), so every wake-up seen is a file's, however slow the machine.
            var intervals = RefreshConfiguration.defaultIntervals
            for kind in intervals.keys { intervals[kind] = 3_600 }
            engine = AdsEngine(api: api, accountID: Fixture.accountID, store: store, cache: cache,
                               configuration: RefreshConfiguration(intervals: intervals), audit: nil, readOnly: false,
                               logger: Logger(label: "test"), sharing: CacheSharing(databaseURL: cache.fileURL))
        }

        deinit { engine.stop() }

        /// The engine's own listings of ad groups (not an action's read-back, which names its ids).
        var adGroupListings: Int { api.count(.listAdGroups) { $0.filter?.adGroupIDs.isEmpty ?? true } }

        func shown(_ id: String) -> EntityStatus? { store.current.adGroups.first { $0.id == id }?.status }
    }

    @Test("one fetches, the other shows what it saves and acts itself; when the leader stops, the other leads at once")
    func leadFollowHandOver() async throws {
        let directory = Fixture.temporaryDirectory()
        let leader = try Viewer(directory: directory)
        leader.engine.start()
        await leader.engine.waitForIdle()
        #expect(leader.adGroupListings == 1)

        let follower = try Viewer(directory: directory)
        follower.engine.start()
        await follower.engine.waitForIdle()
        #expect(follower.api.totalCalls == 0, "a follower sends no request")
        #expect(follower.store.current.following == Following(leaderPID: getpid()))
        #expect(follower.store.current.adGroups.map(\.id) == ["g1", "g2"])

        // A change the leader fetches reaches the follower through the cache, woken by the file.
        // No timer of the follower's fires in the wait, so seeing it is the wake-up's doing.
        leader.api.editAdGroups { $0[0].status = .paused }
        await leader.engine.refresh([.adGroups])
        let shown = await follower.store.firstPublished(within: 30) { $0.adGroups.first?.status == .paused }
        #expect(shown != nil, "the follower shows the leader's write")

        // The follower's change goes to its own API and reaches the leader through the journal.
        let outcome = await follower.engine.perform(StatusAction(kind: .adGroup, ids: ["g2"], target: .paused))
        #expect(outcome == .completed(["g2": .succeeded]))
        #expect(follower.api.count(.updateStatus) == 1 && leader.api.count(.updateStatus) == 0)
        let folded = await leader.store.firstPublished(within: 30) { $0.adGroups.last?.status == .paused }
        #expect(folded != nil, "the leader shows the follower's read-back")
        #expect(follower.adGroupListings == 0)

        // The leader stops: it wakes the follower, which leads and fetches at once. Its own check
        // is half an hour away, so leading within the wait can only be the wake-up's doing; the
        // wait is long because the full suite runs beside it on two cores.
        leader.engine.stop()
        let led = await follower.store.firstPublished(within: 30) { $0.following == nil }
        #expect(led != nil, "the follower leads")
        await follower.engine.waitForIdle()
        #expect(follower.adGroupListings == 1, "and fetches")
    }

    @Test("a lock held by nobody named is taken within a moment of its release, not at the half-hourly check")
    func unnamedHolderReleased() async throws {
        // What a child process forked before a leader resigned does: it holds a copy of the lock's
        // descriptor, with the pid already erased, until its exec closes it.
        let directory = Fixture.temporaryDirectory()
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
        let lock = open(CacheSharing(databaseURL: cache.fileURL).lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        let follower = try Viewer(directory: directory)
        // Let go 0.3 s after the follower's first look, from a thread of its own: a release timed
        // by this test's task waits for the cooperative pool, which a loaded run can hold for
        // seconds while the looks back off.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { close(lock) }
        follower.engine.start()
        #expect(follower.store.current.following == Following(leaderPID: nil), "the start's look finds nobody named")
        // The looks come at 0.1, 0.3, 0.7, 1.5 s… (`EngineSharingTests` checks the delays): the
        // next one after the release is 0.4 s away, the usual check half an hour. The wait is long
        // for a loaded machine and still proves the quick look.
        let led = await follower.store.firstPublished(within: 30) { $0.following == nil }
        #expect(led != nil, "the follower leads")
        await follower.engine.waitForIdle()
        #expect(follower.adGroupListings == 1, "and fetches")
    }

    @Test("the sharing files are 0600 and the lock names the leader's pid")
    func filesArePrivate() throws {
        let directory = Fixture.temporaryDirectory()
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
        let first = CacheSharing(databaseURL: cache.fileURL)
        let second = CacheSharing(databaseURL: cache.fileURL)
        #expect(first.tryLead() == .leading)
        #expect(second.tryLead() == .following(pid: getpid()))
        #expect(second.startWatching {})
        first.notifyOthers()
        second.stopWatching()
        for url in [first.lockURL, first.notifyURL] {
            #expect(CacheFiles.permissions(of: url) == 0o600, "\(url.lastPathComponent)")
        }
        first.resign()
        #expect(second.tryLead() == .leading, "the lock is free once the leader lets go")
        second.resign()
    }
}
