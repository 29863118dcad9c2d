import Dispatch
import Foundation
import Synchronization

/// Something that can be stopped: a timer, a subscription.
public protocol Cancellable: Sendable {
    /// Stops it; calling it again does nothing.
    func cancel()
}

/// The time source of the engine: what time it is and how to be called back later. The live clock
/// uses `DispatchSourceTimer`s; tests use `ManualClock` and move time by hand.
public protocol EngineClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Calls `handler` after `delay` seconds, then every `repeating` seconds when given, until cancelled.
    func schedule(after delay: TimeInterval, repeating: TimeInterval?,
                  _ handler: @escaping @Sendable () -> Void) -> any Cancellable
}

/// The real clock: wall time, and timers on a background dispatch queue.
public final class LiveClock: EngineClock {
    private let queue: DispatchQueue

    /// Creates a clock whose timers fire on `queue` (a private utility queue by default).
    public init(queue: DispatchQueue = DispatchQueue(label: "pinwatch.engine.timers", qos: .utility)) {
        self.queue = queue
    }

    /// The current wall time.
    public var now: Date { Date() }

    /// Schedules a `DispatchSourceTimer`.
    public func schedule(after delay: TimeInterval, repeating: TimeInterval?,
                         _ handler: @escaping @Sendable () -> Void) -> any Cancellable {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let deadline = DispatchTime.now() + .nanoseconds(Int(max(0, delay) * 1_000_000_000))
        if let repeating {
            timer.schedule(deadline: deadline, repeating: .nanoseconds(Int(max(0.001, repeating) * 1_000_000_000)),
                           leeway: .milliseconds(100))
        } else {
            timer.schedule(deadline: deadline, leeway: .milliseconds(100))
        }
        timer.setEventHandler(handler: handler)
        timer.resume()
        return DispatchTimerToken(timer: timer)
    }
}

/// Cancels a dispatch timer once.
///
/// `@unchecked Sendable`: `DispatchSourceTimer` is not marked Sendable on Linux; the only stored
/// state, `timer`, is read and cleared under `lock`, and `cancel()` on a dispatch source is thread-safe.
private final class DispatchTimerToken: Cancellable, @unchecked Sendable {
    private let lock = NSLock()
    private var timer: (any DispatchSourceTimer)?

    init(timer: any DispatchSourceTimer) { self.timer = timer }

    func cancel() {
        lock.lock()
        let source = timer
        timer = nil
        lock.unlock()
        source?.cancel()
    }
}

/// A clock for tests: time stands still until `advance(by:)`, which fires the due timers in order,
/// on the calling thread, deterministically.
public final class ManualClock: EngineClock {
    private struct Timer {
        var due: Date
        var interval: TimeInterval?
        var handler: @Sendable () -> Void
    }

    private struct State {
        var now: Date
        var timers: [Int: Timer] = [:]
        var nextID = 0
    }

    private let state: Mutex<State>

    /// Creates a clock showing `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        state = Mutex(State(now: start))
    }

    /// The clock's time.
    public var now: Date { state.withLock { $0.now } }

    /// Timers not yet fired or cancelled.
    public var pendingTimerCount: Int { state.withLock { $0.timers.count } }

    /// Registers a timer; it fires only from `advance(by:)`.
    public func schedule(after delay: TimeInterval, repeating: TimeInterval?,
                         _ handler: @escaping @Sendable () -> Void) -> any Cancellable {
        let id = state.withLock { state -> Int in
            let id = state.nextID
            state.nextID += 1
            state.timers[id] = Timer(due: state.now.addingTimeInterval(max(0, delay)), interval: repeating,
                                     handler: handler)
            return id
        }
        return ManualTimerToken { [weak self] in
            self?.state.withLock { _ = $0.timers.removeValue(forKey: id) }
        }
    }

    /// Moves time forward, firing every timer due on the way, earliest first (handlers run
    /// without the lock held, so they may schedule or cancel timers).
    public func advance(by seconds: TimeInterval) {
        let target = now.addingTimeInterval(seconds)
        while true {
            let next = state.withLock { state -> (@Sendable () -> Void)? in
                guard let (id, timer) = state.timers.filter({ $0.value.due <= target })
                    .min(by: { ($0.value.due, $0.key) < ($1.value.due, $1.key) }) else { return nil }
                state.now = max(state.now, timer.due)
                if let interval = timer.interval {
                    state.timers[id]?.due = timer.due.addingTimeInterval(max(0.001, interval))
                } else {
                    state.timers[id] = nil
                }
                return timer.handler
            }
            guard let handler = next else { break }
            handler()
        }
        state.withLock { $0.now = max($0.now, target) }
    }
}

/// Removes a manual timer once.
private final class ManualTimerToken: Cancellable {
    private let action: Mutex<(@Sendable () -> Void)?>

    init(_ action: @escaping @Sendable () -> Void) { self.action = Mutex(action) }

    func cancel() {
        let run = action.withLock { value -> (@Sendable () -> Void)? in
            defer { value = nil }
            return value
        }
        run?()
    }
}
