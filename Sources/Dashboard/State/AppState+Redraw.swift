import Foundation

extension AppState {
    /// Spinner frames per second while a fetch runs. One a second says "working" as well as four,
    /// and a screen left open all day refreshes in the background often: at 4 Hz the spinner alone
    /// was most of the bytes an idle dashboard sent over SSH (a large account's ads refresh runs for
    /// tens of seconds every few minutes).
    static let spinnerRate: Double = 1

    /// The spinner frame shown at `date` (time-based, so extra wake-ups don't speed it up).
    static func spinnerFrame(at date: Date) -> Int {
        Int((date.timeIntervalSince1970 * spinnerRate).rounded(.down)) & Int(Int32.max)
    }

    /// When something on screen will change by itself: the clock's next minute, a message expiring,
    /// the spinner's next frame while fetching, a rate limit ending. Nil when nothing will — the UI
    /// loop then sleeps until input or new data.
    public func nextRedraw(after now: Date) -> Date? {
        var candidates: [Date] = []
        let minute = (now.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        candidates.append(Date(timeIntervalSince1970: minute))
        if let expiry = message?.expiry {
            candidates.append(expiry)
        }
        if snapshot.collections.values.contains(where: \.isFetching) {
            let frame = (now.timeIntervalSince1970 * Self.spinnerRate).rounded(.down) + 1
            candidates.append(Date(timeIntervalSince1970: frame / Self.spinnerRate))
        }
        if let until = snapshot.rateLimitedUntil, until > now {
            candidates.append(until)
        }
        if let wall, wall.isShowing {
            // The next account, and the next move against burn-in.
            if let next = wall.nextCycle(after: now, count: wallAccounts.count) { candidates.append(next) }
            candidates.append(wall.nextShift(after: now))
        }
        return candidates.filter { $0 > now }.min()
    }
}
