import Foundation
import PinterestAds
import Testing
@testable import pinwatch

@Suite("Session request totals")
struct SessionBudgetTotalsTests {
    @Test("Totals since start keep growing across minutes, days and the move to the shared ledger")
    func totals() {
        let budget = SessionBudget(tier: .standard, sharePercent: 80)
        let start = Date(timeIntervalSince1970: 1_795_694_400)
        budget.record(.adsRead, at: start)
        budget.record(.orgRead, at: start)
        budget.share(InMemoryRequestLedger(), now: start)
        budget.record(.adsRead, at: start.addingTimeInterval(90))
        budget.record(.adsRead, at: start.addingTimeInterval(86_400))
        #expect(budget.totals == [.adsRead: 3, .orgRead: 1])
        #expect(budget.usage(at: start.addingTimeInterval(86_400)).today == [.adsRead: 1], "the ledger's day starts over")
        #expect(budget.requestTotals == budget.totals)
        #expect(budget.budgetState(at: start)?.budget == RequestBudget(tier: .standard))
    }
}
