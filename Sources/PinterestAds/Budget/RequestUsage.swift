import Foundation

/// The requests counted in one minute and one day, by rate-limit category.
///
/// Windows are fixed and in UTC: a minute starts at second 0, a day at 00:00 UTC. Pinterest does
/// not document where its Trial day starts; UTC midnight is the only boundary that is the same
/// for every process and host, and the scheduler keeps a margin (a share of the budget) for
/// the difference.
public struct RequestUsage: Sendable, Equatable {
    /// The start of the minute counted in `thisMinute`.
    public private(set) var minuteStart: Date
    /// The start (00:00 UTC) of the day counted in `today`.
    public private(set) var dayStart: Date
    /// Requests sent in the minute starting at `minuteStart`, by category.
    public private(set) var thisMinute: [RateLimitCategory: Int]
    /// Requests sent in the UTC day starting at `dayStart`, by category.
    public private(set) var today: [RateLimitCategory: Int]
    /// The Pinwatch processes that sent requests in the last `SharedRequestLedger.activeWindow`
    /// (1 for a ledger of one process): the planned rate is shared between them.
    public var activeProcesses = 1

    /// Empty windows holding `date`.
    public init(at date: Date) {
        minuteStart = Self.minuteStart(of: date)
        dayStart = Self.dayStart(of: date)
        thisMinute = [:]
        today = [:]
    }

    /// Windows with the given counts (for a ledger read back from storage).
    public init(minuteStart: Date, dayStart: Date, thisMinute: [RateLimitCategory: Int],
                today: [RateLimitCategory: Int]) {
        self.minuteStart = Self.minuteStart(of: minuteStart)
        self.dayStart = Self.dayStart(of: dayStart)
        self.thisMinute = thisMinute
        self.today = today
    }

    /// Every request sent this minute.
    public var totalThisMinute: Int { thisMinute.values.reduce(0, +) }
    /// Every request sent today.
    public var totalToday: Int { today.values.reduce(0, +) }

    /// The same counts seen at `date`: a window `date` has left is empty.
    public func at(_ date: Date) -> RequestUsage {
        var copy = self
        copy.roll(to: date)
        return copy
    }

    /// Counts `count` requests of `category` sent at `date`, first emptying windows it has left.
    public mutating func add(_ category: RateLimitCategory, count: Int = 1, at date: Date) {
        roll(to: date)
        thisMinute[category, default: 0] += count
        today[category, default: 0] += count
    }

    private mutating func roll(to date: Date) {
        let minute = Self.minuteStart(of: date)
        if minute > minuteStart {
            minuteStart = minute
            thisMinute = [:]
        }
        let day = Self.dayStart(of: date)
        if day > dayStart {
            dayStart = day
            today = [:]
        }
    }

    /// The start of the minute holding `date`.
    public static func minuteStart(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    /// 00:00 UTC of the day holding `date` (Unix time has no leap seconds: days are 86,400 s).
    public static func dayStart(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
