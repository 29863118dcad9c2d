import AdsCache
import Foundation
import Testing

/// Pacing against the account's day, with the clock given: 23- and 25-hour days included.
@Suite("Pacing")
struct PacingTests {
    static let newYork = TimeZone(identifier: "America/New_York") ?? .current

    /// A UTC instant written out.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) ?? Date()
    }

    /// Hour and minute of `date` in New York.
    static func localTime(_ date: Date?) -> String? {
        guard let date else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? -1, parts.minute ?? -1)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var now: Date
        var spent: Int
        var budget: Int
        /// Real hours since local midnight, and the day's length in hours.
        var hoursElapsed: Double
        var dayHours: Double
        var runsOut: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // An ordinary day: noon EST is 17:00 UTC; half the day gone, half the budget spent.
        Case(name: "ordinary day, on pace", now: utc(2026, 1, 15, 17), spent: 50_000_000, budget: 100_000_000,
             hoursElapsed: 12, dayHours: 24, runsOut: nil),
        // 2026-03-08: clocks go from 02:00 to 03:00, a 23-hour day. Noon EDT is 16:00 UTC, 11 real
        // hours after midnight EST (05:00 UTC). At that rate the budget lasts 22 hours: 23:00 EDT.
        Case(name: "spring forward, 23-hour day", now: utc(2026, 3, 8, 16), spent: 50_000_000, budget: 100_000_000,
             hoursElapsed: 11, dayHours: 23, runsOut: "23:00"),
        // 2026-11-01: clocks go from 02:00 back to 01:00, a 25-hour day. Noon EST is 17:00 UTC, 13
        // real hours after midnight EDT (04:00 UTC). 60 of 100 spent: the budget lasts 21h40m, to
        // 01:40 UTC the next day, which is 20:40 EST.
        Case(name: "fall back, 25-hour day", now: utc(2026, 11, 1, 17), spent: 60_000_000, budget: 100_000_000,
             hoursElapsed: 13, dayHours: 25, runsOut: "20:40"),
        // Early on the spring-forward day, before the change: 01:30 EST is 06:30 UTC.
        Case(name: "spring forward, before the change", now: utc(2026, 3, 8, 6, 30), spent: 1_000_000, budget: 100_000_000,
             hoursElapsed: 1.5, dayHours: 23, runsOut: nil),
    ]

    @Test("a daily budget: the share of the account's day elapsed, the projection, when it runs out", arguments: cases)
    func daily(_ example: Case) throws {
        let pace = try #require(Pacing.daily(spent: example.spent, budget: example.budget, at: example.now,
                                             timeZone: Self.newYork))
        let elapsed = example.hoursElapsed / example.dayHours
        #expect(abs(pace.elapsed - elapsed) < 1e-12)
        let projected = Double(example.spent) / elapsed
        #expect(pace.projected == Int(projected.rounded()))
        #expect(abs(pace.ratio - projected / Double(example.budget)) < 1e-12)
        #expect(Self.localTime(pace.runsOutAt) == example.runsOut)
    }

    @Test("a budget already spent has no time left to run out; none at the very start of a day")
    func edges() throws {
        let spent = try #require(Pacing.daily(spent: 100_000_000, budget: 100_000_000, at: Self.utc(2026, 3, 8, 16),
                                              timeZone: Self.newYork))
        #expect(spent.runsOutAt == nil)
        #expect(spent.ratio > 1)
        #expect(Pacing.daily(spent: 0, budget: 100, at: Self.utc(2026, 3, 8, 5), timeZone: Self.newYork) == nil)
        #expect(Pacing.daily(spent: 5, budget: 0, at: Self.utc(2026, 3, 8, 16), timeZone: Self.newYork) == nil)
    }

    @Test("a lifetime budget: the projected end at the last week's rate against end_time")
    func lifetime() throws {
        let start = Self.utc(2026, 10, 22, 4)
        let now = start.addingTimeInterval(10 * 86_400)
        let end = start.addingTimeInterval(20 * 86_400)
        // 600 of 1,000 spent in half the schedule; 70 a day lately: 400 more last 5.71 days.
        let pace = try #require(Pacing.lifetime(spent: 600_000_000, lastWeek: 490_000_000, budget: 1_000_000_000,
                                                start: start, end: end, at: now))
        #expect(abs(pace.ratio - 1.2) < 1e-12)
        let expectedEnd = now.addingTimeInterval(400.0 / 70.0 * 86_400)
        #expect(abs((pace.projectedEnd ?? .distantPast).timeIntervalSince(expectedEnd)) < 1e-3)
        #expect(try #require(pace.projectedEnd) < end, "over-pacing: it runs out before its end")
        #expect(Pacing.verdict(pace.ratio) == .over)
        #expect(Pacing.verdict(0.5) == .under)
        #expect(Pacing.verdict(1.0) == .onPace)
        #expect(Pacing.lifetime(spent: 1, lastWeek: 1, budget: 10, start: now, end: end, at: start) == nil,
                "not started yet")
    }
}
