import Foundation
import PinterestAds
import Testing
@testable import pinwatch

/// The tier and the share of the request budget: config keys, options, and who wins.
@Suite("Request budget settings")
struct BudgetOptionsTests {
    let path = "/home/u/.config/pinwatch/config.toml"

    @Test("api_tier and budget_share are read; a wrong value names its line")
    func config() throws {
        let config = try PinwatchConfig.parse("api_tier = \"Standard\"\nbudget_share = 50\n", path: path)
        #expect(config.apiTier == .standard)
        #expect(config.budgetShare == 50)
        for (text, needle) in [("api_tier = \"gold\"", "api_tier must be"), ("budget_share = 120", "budget_share must be between 1 and 100")] {
            do {
                _ = try PinwatchConfig.parse(text, path: path)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.description.contains(needle), "\(error)")
            }
        }
    }

    @Test("--api-tier and --budget-share parse on every command; out of range is refused")
    func options() throws {
        let status = try StatusCommand.parse(["--api-tier", "trial", "--budget-share", "60", "--max-age", "0"])
        #expect(status.connection.apiTier == .trial)
        #expect(status.connection.budgetShare == 60)
        #expect(throws: (any Error).self) { try StatusCommand.parse(["--budget-share", "0"]) }
        #expect(throws: (any Error).self) { try StatusCommand.parse(["--api-tier", "gold"]) }
    }

    @Test("a given tier is not changed by headers; an unknown one is learnt from them")
    func learning() throws {
        let headers = try #require(RateLimitHeaders(["x-ratelimit-limit": "1000;w=60", "x-ratelimit-remaining": "10"],
                                                    category: .adsAnalytics))
        let given = SessionBudget(tier: .trial, sharePercent: 80)
        given.learn(headers)
        #expect(given.current(at: Date())?.budget == RequestBudget(tier: .trial))
        let unknown = SessionBudget(tier: nil, sharePercent: 80)
        #expect(unknown.current(at: Date()) == nil, "nothing planned before the tier is known")
        unknown.learn(headers)
        #expect(unknown.current(at: Date())?.budget.perMinute[.adsAnalytics] == 1_000)
        #expect(unknown.current(at: Date())?.budget.perMinute[.adsRead] == 1_000, "the other categories: Pinterest's")
        #expect(unknown.current(at: Date())?.share == 0.8)
    }
}
