import Foundation

/// Wall mode: the summary made for a monitor across the room. It cycles through the ad accounts,
/// asks before quitting, and moves its content by a cell now and then against burn-in.
public struct WallState: Equatable, Sendable {
    /// Seconds each account stays on the wall.
    public var cycle: TimeInterval
    /// Seconds between two moves of the content.
    public var shiftInterval: TimeInterval
    /// The account index shown at `cycleStart`.
    public var baseIndex: Int
    /// When the account at `baseIndex` came on the wall.
    public var cycleStart: Date
    /// When the wall started (the burn-in moves count from it).
    public var startedAt: Date
    /// Whether the wall is on screen (false: the ordinary dashboard, back with `w`).
    public var isShowing = true
    /// Whether "Quit Pinwatch? y/N" is asked.
    public var isAskingToQuit = false
    /// Whether quitting asks first even while the dashboard is on screen (started with `--wall`).
    public var asksBeforeQuitting: Bool

    /// The offsets the content takes in turn, one per shift interval.
    public static let shifts: [(x: Int, y: Int)] = [(0, 0), (1, 0), (1, 1), (0, 1)]

    /// A wall started at `now`, changing accounts every `cycle` seconds.
    public init(cycle: TimeInterval = 15, shiftInterval: TimeInterval = 180, asksBeforeQuitting: Bool = false,
                now: Date) {
        self.asksBeforeQuitting = asksBeforeQuitting
        self.cycle = max(1, cycle)
        self.shiftInterval = max(1, shiftInterval)
        baseIndex = 0
        cycleStart = now
        startedAt = now
    }

    /// Which of `count` accounts is on the wall at `now`.
    public func index(at now: Date, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let steps = Int(max(0, now.timeIntervalSince(cycleStart)) / cycle)
        return ((baseIndex + steps) % count + count) % count
    }

    /// The content's offset at `now`.
    public func shift(at now: Date) -> (x: Int, y: Int) {
        let step = Int(max(0, now.timeIntervalSince(startedAt)) / shiftInterval)
        return Self.shifts[step % Self.shifts.count]
    }

    /// When the account on the wall changes next (nil with one account or none).
    public func nextCycle(after now: Date, count: Int) -> Date? {
        guard count > 1 else { return nil }
        let steps = (max(0, now.timeIntervalSince(cycleStart)) / cycle).rounded(.down) + 1
        return cycleStart.addingTimeInterval(steps * cycle)
    }

    /// When the content moves next.
    public func nextShift(after now: Date) -> Date {
        let steps = (max(0, now.timeIntervalSince(startedAt)) / shiftInterval).rounded(.down) + 1
        return startedAt.addingTimeInterval(steps * shiftInterval)
    }

    /// Shows the account `steps` away from the one on the wall at `now`, for a full cycle.
    mutating func step(_ steps: Int, at now: Date, count: Int) {
        guard count > 0 else { return }
        baseIndex = ((index(at: now, count: count) + steps) % count + count) % count
        cycleStart = now
    }
}
