import CMalloc
import Dispatch
import Foundation
import Synchronization

/// How a long-running Pinwatch process keeps its memory to what it uses (glibc; nothing elsewhere).
public enum ProcessMemory {
    /// Makes every thread allocate from one arena. Pinwatch's threads mostly wait; separate arenas
    /// would each keep the memory a burst of work on that thread freed (scripts/BENCHMARKS.md has
    /// the measure). Call first thing, before other threads start.
    /// `MALLOC_ARENA_MAX` in the environment still wins, for measuring other settings.
    public static func useOneArena() {
        guard getenv("MALLOC_ARENA_MAX") == nil else { return }
        pw_limit_arenas(1)
    }

    /// Returns free memory to the system now; called after a burst of work, such as a large
    /// account's first ads listing, which decodes tens of thousands of ads and lets go of them.
    public static func releaseFree() {
        pw_release_free_memory()
    }

    private static let queue = DispatchQueue(label: "pinwatch.memory", qos: .utility)
    private static let scheduled = Atomic<Bool>(false)

    /// Returns free memory to the system a moment from now (once for any number of calls until
    /// then), after the work that let go of it, such as rebuilding a 10,000-row table, is done.
    public static func releaseFreeSoon(after seconds: Double = 1) {
        guard scheduled.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        queue.asyncAfter(deadline: .now() + seconds) {
            scheduled.store(false, ordering: .relaxed)
            pw_release_free_memory()
        }
    }
}
