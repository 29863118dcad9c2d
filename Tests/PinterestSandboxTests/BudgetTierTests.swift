import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Synchronization
import Testing

/// `--tier`: the sandbox enforces a tier's budgets with 429s and `x-ratelimit-*` headers.
@Suite("Sandbox request budgets", .tags(.sandbox))
struct BudgetTierTests {
    /// A clock tests move by hand.
    final class ManualClock: Sendable {
        let time = Mutex(SandboxHarness.referenceDate)
        func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { time.withLock { $0 } }
    }

    static func configuration(_ budget: RequestBudget, clock: ManualClock) -> SandboxConfiguration {
        var configuration = SandboxConfiguration(clock: { clock.now })
        configuration.budget = budget
        return configuration
    }

    static let adGroups = "/ad_accounts/\(DemoData.primaryAccountID)/ad_groups"
    static let analytics = "/ad_accounts/\(DemoData.primaryAccountID)/ad_groups/analytics"

    @Test("Trial: every category counts toward the day; the request past it gets 429 until 00:00 UTC")
    func trial() async throws {
        let clock = ManualClock()
        try await SandboxHarness.with(Self.configuration(RequestBudget(tier: .trial, perDay: 3), clock: clock)) { sandbox in
            let first = try await sandbox.get(Self.adGroups)
            #expect(first.status == 200)
            #expect(first.header("x-ratelimit-limit") == "3;w=86400")
            #expect(first.header("x-ratelimit-remaining") == "2")
            // 2026-11-26 12:00 UTC: twelve hours to the next day.
            #expect(first.header("x-ratelimit-reset") == "43200")
            #expect(try await sandbox.get("/ad_accounts").status == 200)
            #expect(try await sandbox.get("/user_account").status == 200)
            let refused = try await sandbox.get(Self.adGroups)
            #expect(refused.status == 429)
            #expect(refused.header("x-ratelimit-remaining") == "0")
            #expect(refused.header("retry-after") == "43200")
            #expect(try await sandbox.get(Self.adGroups, token: .some(nil)).status == 401, "unauthenticated: not counted")
            clock.advance(43_200)
            #expect(try await sandbox.get(Self.adGroups).status == 200, "a new UTC day")
        }
    }

    @Test("Standard: each category per minute on its own")
    func standard() async throws {
        let clock = ManualClock()
        let budget = RequestBudget(tier: .standard, perMinute: [.adsRead: 2, .adsAnalytics: 1])
        try await SandboxHarness.with(Self.configuration(budget, clock: clock)) { sandbox in
            #expect(try await sandbox.get(Self.adGroups).status == 200)
            let second = try await sandbox.get(Self.adGroups)
            #expect(second.status == 200)
            #expect(second.header("x-ratelimit-limit") == "2;w=60")
            #expect(try await sandbox.get(Self.adGroups).status == 429)
            let query = [("start_date", "2026-11-20"), ("end_date", "2026-11-26"), ("ad_group_ids", DemoData.seedAdGroupID),
                         ("columns", "SPEND_IN_MICRO_DOLLAR"), ("granularity", "TOTAL")]
            let analytics = try await sandbox.get(Self.analytics, query: query)
            #expect(analytics.status == 200, "ads_analytics has its own budget")
            #expect(analytics.header("x-ratelimit-limit") == "1;w=60")
            clock.advance(60)
            #expect(try await sandbox.get(Self.adGroups).status == 200, "the next minute")
        }
    }

    @Test("the client learns the tier and its limit from the headers")
    func clientLearns() async throws {
        let clock = ManualClock()
        try await SandboxHarness.with(Self.configuration(RequestBudget(tier: .trial, perDay: 500), clock: clock)) { sandbox in
            let learnt = Mutex<RateLimitHeaders?>(nil)
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token),
                                         configuration: ClientConfiguration(onRateLimitHeaders: { headers in
                                             learnt.withLock { $0 = headers }
                                         }))
            _ = try await client.listAdAccounts()
            let headers = try #require(learnt.withLock { $0 })
            #expect(headers.tier == .trial)
            #expect(headers.budget(merging: nil) == RequestBudget(tier: .trial, perDay: 500))
            #expect(headers.remaining == 499)
        }
    }
}
