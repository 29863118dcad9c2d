import Foundation
@testable import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// Every request the client sends is counted under the spec's `x-ratelimit-category`.
@Suite("Request ledger and rate-limit categories")
struct RequestLedgerTests {
    static let account = DemoData.primaryAccountID

    /// The spec's operations as `[method path: category]`, read from ../shared.
    static func specCategories() throws -> [String: String] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.openAPIURL)) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        var categories: [String: String] = [:]
        for (path, item) in paths {
            for (method, operation) in item {
                if let category = (operation as? [String: Any])?["x-ratelimit-category"] as? String {
                    categories["\(method.uppercased()) \(path)"] = category
                }
            }
        }
        return categories
    }

    @Test("each generated operation has the spec's method, path and category")
    func generatedMapMatchesSpec() throws {
        let spec = try Self.specCategories()
        for operation in APIOperation.allCases {
            let key = "\(operation.method) \(operation.pathTemplate)"
            #expect(spec[key] == operation.rateLimitCategory.rawValue, "\(key)")
        }
        #expect(Set(RateLimitCategory.knownCases.map(\.rawValue)) == Set(spec.values))
    }

    @Test("every operation the client contract exercises has a generated category")
    func coversTheClient() {
        let generated = Set(APIOperation.allCases.map { "\($0.method) \($0.pathTemplate)" })
        #expect(generated.isSuperset(of: ClientContractTests.expectedOperations),
                "\(ClientContractTests.expectedOperations.subtracting(generated))")
    }

    @Test("a concrete path finds its operation; literal segments win over parameters", arguments: [
        ("GET", "/ad_accounts/549755885175/ad_groups/analytics", APIOperation.adGroupsAnalytics),
        ("GET", "/ad_accounts/549755885175/ad_groups/2680060704746", .adGroupsGet),
        ("PATCH", "/ad_accounts/549755885175/ads", .adsUpdate),
        ("get", "/ad_accounts?page_size=250", .adAccountsList),
        ("POST", "/oauth/token", .oauthToken),
    ])
    func matching(method: String, path: String, expected: APIOperation) {
        #expect(APIOperation(method: method, path: path) == expected)
    }

    @Test("an unknown path is unclassified, and an unknown category from the wire is kept")
    func unknowns() {
        #expect(APIOperation(method: "GET", path: "/pins") == nil)
        #expect(RateLimitCategory(method: "DELETE", path: "/ad_accounts/1/ads") == .unclassified)
        #expect(RateLimitCategory(rawValue: "ads_future").rawValue == "ads_future")
    }

    @Test("the client counts every request it sends under the spec's category", .tags(.sandbox))
    func clientCountsEveryRequest() async throws {
        let spec = try Self.specCategories()
        let contract = try OpenAPIContract()
        let ledger = InMemoryRequestLedger()
        let now = SandboxHarness.referenceDate
        try await SandboxHarness.with { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token),
                                         configuration: ClientConfiguration(now: { now }, requestLedger: ledger))
            let data = await sandbox.store.snapshot()
            let groups = data.adGroups.filter { $0.adAccountId == Self.account && $0.status == .active }.map(\.id)
            let group = try #require(groups.first)
            _ = try await client.listAdAccounts()
            _ = try await client.listCampaigns(accountID: Self.account, filter: .none)
            _ = try await client.listAdGroups(accountID: Self.account, filter: .none)
            _ = try await client.adGroup(accountID: Self.account, id: group)
            _ = try await client.listAds(accountID: Self.account, filter: ListFilter(adGroupIDs: [group]))
            _ = try await client.analytics(.adGroup, accountID: Self.account, ids: groups, from: APIDate(now),
                                           to: APIDate(now), columns: AnalyticsColumn.dashboard, granularity: .total)
            _ = try await client.updateStatus(.adGroup, accountID: Self.account, ids: [group], to: .paused)
            _ = try await client.userAccount()

            var expected: [RateLimitCategory: Int] = [:]
            for request in await sandbox.store.requests() {
                let template = try #require(contract.operation(method: request.method, path: request.path)?.template)
                let category = try #require(spec["\(request.method) \(template)"])
                expected[RateLimitCategory(rawValue: category), default: 0] += 1
            }
            let usage = ledger.usage(at: now)
            #expect(usage.today == expected)
            #expect(usage.thisMinute == expected)
            #expect(Set(expected.keys) == [.adsRead, .adsAnalytics, .adsWrite, .orgRead])
        }
    }

    @Test("windows empty at the next minute and at 00:00 UTC, not before")
    func windowsRoll() {
        let midnight = Date(timeIntervalSince1970: 1_796_083_200)   // 2026-12-01 00:00:00 UTC
        var usage = RequestUsage(at: midnight.addingTimeInterval(-61))
        usage.add(.adsRead, at: midnight.addingTimeInterval(-61))
        usage.add(.adsRead, count: 2, at: midnight.addingTimeInterval(-59))
        #expect(usage.thisMinute == [.adsRead: 2])
        #expect(usage.totalToday == 3)
        let nextDay = usage.at(midnight)
        #expect(nextDay.totalToday == 0 && nextDay.totalThisMinute == 0)
        #expect(usage.at(midnight.addingTimeInterval(-1)).totalToday == 3)
    }

    @Test("used ratio: the Trial day for all categories, Standard per category per minute")
    func usedRatio() {
        let now = Date(timeIntervalSince1970: 1_796_083_230)
        var usage = RequestUsage(at: now)
        usage.add(.adsRead, count: 100, at: now)
        usage.add(.adsAnalytics, count: 150, at: now)
        #expect(RequestBudget(tier: .trial).usedRatio(usage) == 0.25)
        let standard = RequestBudget(tier: .standard)
        #expect(standard.usedRatio(of: .adsRead, in: usage) == 0.1)
        #expect(standard.usedRatio(usage) == 0.5)
        #expect(standard.usedRatio(of: .orgRead, in: usage) == 0)
    }
}
