import Foundation
import PinterestAds

/// The request budget: cadences stretched so that every Pinwatch of this identity stays within a
/// share of each budget (see `BudgetPlan`). A 429 still pauses everything (`rateLimited`).
extension EngineCore {
    /// Takes the budget state; it reaches the snapshot with the end of the next fetch (published
    /// then anyway), so a new count never costs a publication and a redraw of its own.
    mutating func budgetChanged(_ state: BudgetState, now: Date) -> [EngineAction] {
        budget = state
        replan(now: now)
        return []
    }

    /// Recomputes the plan from the budget and the account's size; no plan without a budget.
    mutating func replan(now: Date) {
        guard let budget else {
            plan = BudgetPlan()
            return
        }
        let onScreen: CollectionKind = adGroupInView == nil ? .adGroups : .adsInView
        plan = BudgetPlan.make(state: budget, costs: requestCosts(), cadences: { configuration.interval(for: $0) },
                               onScreen: onScreen, now: now)
    }

    /// The requests one refresh of each collection takes: a page per 250 items; analytics reads the
    /// account, then its campaigns, ad groups and the ads in view, 250 ids a request.
    func requestCosts() -> [CollectionKind: Int] {
        let pages = { (count: Int) in max(1, (count + 249) / 250) }
        var costs: [CollectionKind: Int] = [
            .accounts: pages(snapshot.accounts.count), .campaigns: pages(snapshot.campaigns.count),
            .adGroups: pages(snapshot.adGroups.count), .ads: pages(snapshot.adCount),
            .analytics: analyticsScope(adsOnly: false).requestCount,
        ]
        if adGroupInView != nil { costs[.adsInView] = 1 }
        return costs
    }

    /// The interval before the next refresh of `kind`: the plan's (or the configured cadence), spread
    /// by the configured jitter; `random` is in 0…1.
    func plannedInterval(_ kind: CollectionKind, random: Double) -> TimeInterval {
        guard let planned = plan.intervals[kind] else { return configuration.jittered(kind, random: random) }
        let spread = min(max(configuration.jitter, 0), 0.5)
        return planned * (1 + spread * (2 * random - 1))
    }
}
