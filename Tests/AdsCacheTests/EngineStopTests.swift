import AdsCache
import Dispatch
import Foundation
import Logging
import PinterestAds
import PinwatchTestSupport
import Synchronization
import Testing

/// A flag set on one thread and read on another.
private final class Flag: Sendable {
    private let value = Atomic(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

/// What the calling thread has used so far: CPU seconds, and how often it left the CPU.
private struct ThreadUsage {
    var cpu: Double
    var switches: Int

    static func now() -> ThreadUsage {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD, which Swift does not import by name
        return ThreadUsage(cpu: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9,
                           switches: usage.ru_nvcsw + usage.ru_nivcsw)
    }
}

@Suite("Engine stop")
struct EngineStopTests {
    /// While another thread runs the engine's actions, `stop()` must wait for it to finish them
    /// (nothing is published after it returns), and it must wait asleep. A thread spinning on the
    /// lock with `sched_yield` burns a core when the machine is idle, and when it is busy gives the
    /// CPU up on every turn it gets: either shows, in CPU time or in context switches, while a
    /// thread that sleeps leaves the CPU once and comes back once.
    @Test("stop() sleeps until another thread has run its actions, and returns after them")
    func stopWaitsAsleep() async throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The thread that logs the warning of a second start() is held until `release`, so the
        // test knows another thread is in the middle of running the engine's actions.
        let holding = ClosureLogHandler.logger { event, _ in
            guard event.level == .warning, event.message.description.contains("start() ignored") else { return }
            entered.signal()
            release.wait()
        }
        let api = FakeAdsAPI()
        Fixture.seed(api)
        let engine = AdsEngine(api: api, accountID: Fixture.accountID, store: SnapshotStore(), cache: nil,
                               configuration: Fixture.configuration, clock: ManualClock(), audit: nil,
                               readOnly: false, logger: holding, random: { 0.5 })
        engine.start()
        await engine.waitForIdle()

        let hold = 1.0
        let (used, releasedFirst) = await offPool { () -> (ThreadUsage, Bool) in
            // A second start() only logs a warning: its thread is held inside that action.
            DispatchQueue.global().async { engine.start() }
            entered.wait()
            let released = Flag()
            DispatchQueue.global().asyncAfter(deadline: .now() + hold) {
                released.set()
                release.signal()
            }
            let before = ThreadUsage.now()
            engine.stop()
            let after = ThreadUsage.now()
            return (ThreadUsage(cpu: after.cpu - before.cpu, switches: after.switches - before.switches), released.isSet)
        }
        #expect(releasedFirst, "stop() returned while another thread was still running actions")
        #expect(used.cpu < 0.02, "stop() used \(used.cpu) s of CPU while it waited \(hold) s")
        #expect(used.switches <= 8, "stop() left the CPU \(used.switches) times while it waited \(hold) s")
    }
}
