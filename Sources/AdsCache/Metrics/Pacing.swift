import Foundation
import Synchronization

/// How a budget is being spent, from the spend so far and the time elapsed.
public enum Pacing {
    /// A daily budget's pace.
    public struct Daily: Sendable, Equatable {
        /// Share of the account's day elapsed (0…1): 23 or 25 hours long on a DST change.
        public var elapsed: Double
        /// End-of-day spend at today's rate so far, in micro units.
        public var projected: Int
        /// Projected spend over budget (1 is on pace).
        public var ratio: Double
        /// When the budget runs out at today's rate, if before the day ends.
        public var runsOutAt: Date?
    }

    /// A lifetime budget's pace.
    public struct Lifetime: Sendable, Equatable {
        /// When the budget runs out at the last 7 days' rate (nil: nothing spent lately).
        public var projectedEnd: Date?
        /// The schedule's end.
        public var end: Date?
        /// Share of the budget spent over share of the schedule elapsed (1 is on pace).
        public var ratio: Double
    }

    /// Below this ratio a budget is under-pacing, above `over` over-pacing.
    public static let under = 0.9
    /// See `under`.
    public static let over = 1.1

    /// The start of `date`'s day and the next day's start in `timeZone`. The last day found is
    /// kept: a table paces thousands of rows as of one time, and a calendar is slow to ask.
    public static func day(of date: Date, in timeZone: TimeZone) -> (start: Date, end: Date) {
        if let last = lastDay.withLock({ $0 }), last.zone == timeZone.identifier, last.start <= date, date < last.end {
            return (last.start, last.end)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        lastDay.withLock { $0 = (timeZone.identifier, start, end) }
        return (start, end)
    }

    private static let lastDay = Mutex<(zone: String, start: Date, end: Date)?>(nil)

    /// A daily budget of `budget` micros with `spent` spent today as of `now`; nil without a budget
    /// or at the very start of the day.
    public static func daily(spent: Int, budget: Int, at now: Date, timeZone: TimeZone) -> Daily? {
        guard budget > 0 else { return nil }
        let (start, end) = day(of: now, in: timeZone)
        let length = end.timeIntervalSince(start)
        let sofar = now.timeIntervalSince(start)
        guard length > 0, sofar > 0 else { return nil }
        let elapsed = min(1, sofar / length)
        let projected = Double(spent) / elapsed
        let ratio = projected / Double(budget)
        var runsOut: Date?
        if spent >= budget {
            runsOut = nil
        } else if spent > 0, projected > Double(budget) {
            // At the rate since midnight (in seconds, so a DST change in between counts right).
            let at = start.addingTimeInterval(sofar * Double(budget) / Double(spent))
            runsOut = at < end ? at : nil
        }
        return Daily(elapsed: elapsed, projected: clampedInt(projected), ratio: ratio, runsOutAt: runsOut)
    }

    /// A lifetime budget of `budget` micros over `start`…`end`, with `spent` spent so far and
    /// `lastWeek` spent in the last 7 days; nil when not running yet or without a budget.
    public static func lifetime(spent: Int, lastWeek: Int, budget: Int, start: Date, end: Date?, at now: Date) -> Lifetime? {
        guard budget > 0, now > start else { return nil }
        let perSecond = Double(lastWeek) / (7 * 86_400)
        let left = Double(max(0, budget - spent))
        let projectedEnd: Date? = perSecond > 0 ? now.addingTimeInterval(left / perSecond) : nil
        let ratio: Double
        if let end, end > start {
            let timeShare = min(1, now.timeIntervalSince(start) / end.timeIntervalSince(start))
            ratio = timeShare > 0 ? (Double(spent) / Double(budget)) / timeShare : 0
        } else {
            // No end: on pace while the budget lasts at least as long as it has run so far.
            ratio = projectedEnd.map { $0.timeIntervalSince(now) < now.timeIntervalSince(start) ? 1.5 : 1 } ?? 0
        }
        return Lifetime(projectedEnd: projectedEnd, end: end, ratio: ratio)
    }

    /// Over, under or on pace.
    public enum Verdict: Sendable, Equatable {
        case under, onPace, over
    }

    /// The verdict of a ratio.
    public static func verdict(_ ratio: Double) -> Verdict {
        ratio > over ? .over : ratio < under ? .under : .onPace
    }

    private static func clampedInt(_ value: Double) -> Int {
        guard value.isFinite else { return value > 0 ? Int.max : 0 }
        return value >= 9e18 ? Int.max : Int(value.rounded())
    }
}
