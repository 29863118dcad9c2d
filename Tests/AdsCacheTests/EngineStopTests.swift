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

/// CPU time the calling thread has used, in seconds.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

@Suite("Engine stop")
struct EngineStopTests {
    /// While another thread runs the engine's actions, `stop()` must wait for it to finish them
    /// (nothing is published after it returns), and it must wait asleep: a thread spinning on the
    /// lock burns a core for as long as the other one takes.
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

        let hold = 0.5
        let (cpu, releasedFirst) = await offPool { () -> (Double, Bool) in
            // A second start() only logs a warning: its thread is held inside that action.
            DispatchQueue.global().async { engine.start() }
            entered.wait()
            let released = Flag()
            DispatchQueue.global().asyncAfter(deadline: .now() + hold) {
                released.set()
                release.signal()
            }
            let before = threadCPUSeconds()
            engine.stop()
            let cpu = threadCPUSeconds() - before
            return (cpu, released.isSet)
        }
        #expect(releasedFirst, "stop() returned while another thread was still running actions")
        // Waiting asleep costs microseconds; spinning costs a share of the whole hold, even on a
        // machine whose cores are busy with other work.
        #expect(cpu < 0.02, "stop() used \(cpu) s of CPU while it waited \(hold) s")
    }
}
