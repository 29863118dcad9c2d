import Foundation

/// Runs CPU-heavy or blocking test work on a thread of its own and waits for it without holding
/// a thread of Swift's cooperative pool.
///
/// Swift Testing runs tests in parallel on that pool, which has one thread per core; the sandboxes
/// and scripted servers of other tests answer their requests on it too. A synchronous test that
/// computes for tens of seconds (fuzzing, 10,000-row timings) would hold a pool thread all that
/// time, and on a two-core machine two of them starve every server: their clients time out and
/// report failures that have nothing to do with what they test.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// `offPool` for work that cannot throw.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: work())
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
