import Foundation
import PinterestAds

/// What the engine knows of the request budget: the app's budgets, the share of them Pinwatch may
/// use, and the requests every Pinwatch of this identity on this host has sent (the shared ledger).
public struct BudgetState: Sendable, Equatable {
    /// The tier's budgets.
    public var budget: RequestBudget
    /// The share of every budget the refreshes may plan to use (0.8 by default).
    public var share: Double
    /// The requests counted so far, by category, this minute and this UTC day.
    public var usage: RequestUsage

    /// Creates a state.
    public init(budget: RequestBudget, share: Double = 0.8, usage: RequestUsage) {
        self.budget = budget
        self.share = min(1, max(0.01, share))
        self.usage = usage
    }
}

/// How often each collection may refresh so that the requests of every Pinwatch stay within a
/// share of each budget. Pure: the budget state and the time come in, intervals go out.
///
/// The rate each budget allows is split in priority order: actions first (a tenth of the rate is
/// never planned, so a pause or an activate always finds room), then what is on screen (the ad
/// groups, or the ads of the ad group in view), the ad groups, campaigns, all ads, accounts and
/// analytics. Every collection first gets the rate of its longest interval (`longest`), so nothing
/// is starved: whatever the budget, the ad groups on screen are at most `longest[onScreen]` old
/// (plus jitter and the time a fetch takes). The rest goes to the collections in order, each up
/// to its own cadence.
///
/// Trial: the budget left today (the share of the day's budget minus what was counted) spread
/// over the seconds left until 00:00 UTC, so a process that starts late, or shares the day with
/// other processes, plans only what is left. Standard: the share of each category's per-minute
/// budget, per second; a category whose minute is already spent waits for the next minute.
///
/// Several Pinwatch processes of one identity (the ledger counts those active) share the rate,
/// and stretch the longest intervals of what is not on screen as many times: each keeps its
/// screen within the same bound, and together they stay within the budget.
public struct BudgetPlan: Equatable {
    /// Seconds between refreshes, by collection (only those the budget stretched or kept).
    var intervals: [CollectionKind: TimeInterval] = [:]

    /// The longest interval of each collection, whatever the budget.
    static let longest: [CollectionKind: TimeInterval] = [
        .adGroups: 300, .adsInView: 300, .campaigns: 1_800, .ads: 7_200, .accounts: 21_600, .analytics: 10_800,
    ]
    /// The longest interval of what is on screen: its age never goes past this (plus jitter).
    public static let longestOnScreen: TimeInterval = 300
    /// The share of each budget kept for actions.
    static let actionReserve = 0.1

    /// The priority of refreshes after what is on screen (first = stretched last).
    static let priority: [CollectionKind] = [.adGroups, .adsInView, .campaigns, .ads, .accounts, .analytics]

    /// The plan for `state` at `now`: `costs` is the requests one refresh of each collection takes,
    /// `cadences` the intervals asked for, `onScreen` the collection the user is looking at.
    static func make(state: BudgetState, costs: [CollectionKind: Int], cadences: (CollectionKind) -> TimeInterval,
                     onScreen: CollectionKind, now: Date) -> BudgetPlan {
        let order = [onScreen] + priority.filter { $0 != onScreen && costs[$0] != nil }
        var plan = BudgetPlan()
        for (pool, kinds) in pools(state.budget, kinds: order) {
            let processes = Double(max(1, state.usage.activeProcesses))
            let rate = allowedRate(pool, state: state, now: now) / processes
            var longestFor: [CollectionKind: TimeInterval] = [:]
            for kind in kinds {
                longestFor[kind] = max(cadences(kind), kind == onScreen ? longestOnScreen : (longest[kind] ?? 3_600) * processes)
            }
            let minimum = kinds.reduce(0.0) { $0 + Double(max(costs[$1] ?? 0, 1)) / (longestFor[$1] ?? 3_600) }
            var left = max(0, rate - minimum)
            for kind in kinds {
                let cost = Double(max(costs[kind] ?? 0, 1))
                let floor = cost / (longestFor[kind] ?? 3_600)
                let wanted = cost / cadences(kind)
                let extra = min(max(0, wanted - floor), left)
                left -= extra
                plan.intervals[kind] = cost / (floor + extra)
            }
        }
        return plan
    }

    /// A group of collections sharing one budget.
    enum Pool: Hashable {
        /// Every category together (Trial's daily budget).
        case day
        /// One category's per-minute budget (Standard).
        case minute(RateLimitCategory)
    }

    /// The category a collection's requests count in.
    static func category(of kind: CollectionKind) -> RateLimitCategory {
        kind == .analytics ? APIOperation.adGroupsAnalytics.rateLimitCategory : APIOperation.adGroupsList.rateLimitCategory
    }

    private static func pools(_ budget: RequestBudget, kinds: [CollectionKind]) -> [(Pool, [CollectionKind])] {
        if budget.perDay != nil { return [(.day, kinds)] }
        var result: [(Pool, [CollectionKind])] = []
        for kind in kinds {
            let pool = Pool.minute(category(of: kind))
            guard budget.perMinute[category(of: kind)] != nil else { continue }
            if let index = result.firstIndex(where: { $0.0 == pool }) {
                result[index].1.append(kind)
            } else {
                result.append((pool, [kind]))
            }
        }
        return result
    }

    /// Requests per second the refreshes may use in `pool`.
    private static func allowedRate(_ pool: Pool, state: BudgetState, now: Date) -> Double {
        let usage = state.usage.at(now)
        let planned = state.share * (1 - actionReserve)
        switch pool {
        case .day:
            let perDay = Double(state.budget.perDay ?? 0)
            let secondsLeft = max(60, RequestUsage.dayStart(of: now).addingTimeInterval(86_400).timeIntervalSince(now))
            return max(0, perDay * planned - Double(usage.totalToday)) / secondsLeft
        case .minute(let category):
            let perMinute = Double(state.budget.perMinute[category] ?? 0)
            if Double(usage.thisMinute[category, default: 0]) >= perMinute * planned { return 0 }
            return perMinute * planned / 60
        }
    }
}
