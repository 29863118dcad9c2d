import AdsCache
import Foundation
import PinterestAds
import Testing
@testable import Dashboard

/// The request budget in the header.
@Suite("Request budget in the header")
struct BudgetHeaderTests {
    static func state(_ budget: RequestBudget, used: [RateLimitCategory: Int]) -> AppState {
        var state = Fixture.state(width: 120, height: 40)
        var usage = RequestUsage(at: state.now)
        for (category, count) in used { usage.add(category, count: count, at: state.now) }
        var snapshot = Fixture.snapshot()
        snapshot.budget = BudgetState(budget: budget, usage: usage)
        _ = update(&state, .snapshotArrived(snapshot, []))
        return state
    }

    @Test("Trial: the day's requests of every category together (golden)")
    func trial() {
        let state = Self.state(RequestBudget(tier: .trial), used: [.adsRead: 300, .adsAnalytics: 12])
        #expect(state.screenText[0].contains("API 312/1,000 today"), "\(state.screenText[0])")
        Golden.check(render(state, width: 120, height: 40), "budget-trial-120x40")
        Golden.check(render(Self.state(RequestBudget(tier: .trial), used: [.adsRead: 312]), width: 80, height: 24),
                     "budget-trial-80x24")
    }

    @Test("Standard: the busiest category this minute, in the warning colour past the planned share")
    func standard() {
        let calm = Self.state(RequestBudget(tier: .standard), used: [.adsRead: 412, .adsAnalytics: 30])
        #expect(calm.screenText[0].contains("API 412/1,000 per min"), "\(calm.screenText[0])")
        let busy = Self.state(RequestBudget(tier: .standard), used: [.adsRead: 100, .adsAnalytics: 290])
        #expect(busy.screenText[0].contains("API 290/300 per min"), "\(busy.screenText[0])")
        Golden.check(render(busy, width: 120, height: 40), "budget-standard-120x40")
    }

    @Test("no budget, no summary")
    func none() {
        #expect(!Fixture.state(width: 120, height: 40).screenText[0].contains("API "))
    }
}
