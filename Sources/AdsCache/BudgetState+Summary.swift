import Foundation
import PinterestAds

extension BudgetState {
    /// The budget closest to its limit, for a one-line summary: Trial's day, or the Standard
    /// category with the largest share used this minute.
    public func tightest(at now: Date) -> (used: Int, limit: Int, perDay: Bool, ratio: Double) {
        let usage = usage.at(now)
        if let perDay = budget.perDay {
            return (usage.totalToday, perDay, true, budget.usedRatio(usage))
        }
        let busiest = budget.perMinute.max { lhs, rhs in
            budget.usedRatio(of: lhs.key, in: usage) < budget.usedRatio(of: rhs.key, in: usage)
                || (budget.usedRatio(of: lhs.key, in: usage) == budget.usedRatio(of: rhs.key, in: usage)
                    && lhs.key.rawValue > rhs.key.rawValue)
        }
        guard let (category, limit) = busiest else { return (0, 0, false, 0) }
        return (usage.thisMinute[category, default: 0], limit, false, budget.usedRatio(of: category, in: usage))
    }
}
