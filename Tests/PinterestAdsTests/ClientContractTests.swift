import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// Every request `PinterestClient` can build, for each entity kind and operation, checked against
/// the spec's request schemas read from ../shared (not against the sandbox's generated rules).
@Suite("PinterestClient requests follow the spec")
struct ClientContractTests {
    static let account = DemoData.primaryAccountID

    /// The spec operations a monitoring and acting client uses: each must be exercised below.
    static let expectedOperations: Set<String> = [
        "GET /ad_accounts",
        "GET /ad_accounts/{ad_account_id}/campaigns", "PATCH /ad_accounts/{ad_account_id}/campaigns",
        "GET /ad_accounts/{ad_account_id}/campaigns/analytics",
        "GET /ad_accounts/{ad_account_id}/ad_groups", "PATCH /ad_accounts/{ad_account_id}/ad_groups",
        "GET /ad_accounts/{ad_account_id}/ad_groups/{ad_group_id}", "GET /ad_accounts/{ad_account_id}/ad_groups/analytics",
        "GET /ad_accounts/{ad_account_id}/ads", "PATCH /ad_accounts/{ad_account_id}/ads",
        "GET /ad_accounts/{ad_account_id}/ads/{ad_id}", "GET /ad_accounts/{ad_account_id}/ads/analytics",
    ]

    @Test("lists, gets, status updates and analytics of campaigns, ad groups and ads all validate")
    func everyRequestValidates() async throws {
        let contract = try OpenAPIContract()
        try await SandboxHarness.with { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token))
            let data = await sandbox.store.snapshot()
            let campaigns = data.campaigns.filter { $0.adAccountId == Self.account && $0.status == .active }.map(\.id)
            let groups = data.adGroups.filter { $0.adAccountId == Self.account && $0.status == .active }.map(\.id)
            let ads = data.ads.filter { $0.adAccountId == Self.account && $0.status == .active }.map(\.id)
            let campaign = try #require(campaigns.first), group = try #require(groups.first), ad = try #require(ads.first)
            let everyStatus = ListFilter(entityStatuses: EntityStatus.knownCases)

            _ = try await client.listAdAccounts()
            _ = try await client.listCampaigns(accountID: Self.account, filter: .none)
            _ = try await client.listCampaigns(accountID: Self.account, filter: ListFilter(campaignIDs: campaigns))
            _ = try await client.listAdGroups(accountID: Self.account, filter: everyStatus)
            _ = try await client.listAdGroups(accountID: Self.account,
                                              filter: ListFilter(campaignIDs: [campaign], adGroupIDs: groups))
            _ = try await client.listAds(accountID: Self.account, filter: ListFilter(adGroupIDs: [group]))
            _ = try await client.listAds(accountID: Self.account, filter: ListFilter(campaignIDs: [campaign], adIDs: ads))
            _ = try await client.listAdPages(accountID: Self.account, filter: everyStatus, known: [])
            _ = try await client.adGroup(accountID: Self.account, id: group)
            _ = try await client.ad(accountID: Self.account, id: ad)
            let end = APIDate(SandboxHarness.referenceDate)
            let start = APIDate(SandboxHarness.referenceDate.addingTimeInterval(-6 * 86_400))
            for (kind, ids) in [(EntityKind.campaign, campaigns), (.adGroup, groups), (.ad, ads)] {
                for granularity in [Granularity.total, .day] {
                    _ = try await client.analytics(kind, accountID: Self.account, ids: ids, from: start, to: end,
                                                   columns: AnalyticsColumn.dashboard, granularity: granularity)
                }
                let target = Array(ids.prefix(2))
                for status in [EntityStatus.paused, .active] {
                    let result = try await client.updateStatus(kind, accountID: Self.account, ids: target, to: status)
                    #expect(Set(result.confirmed.keys) == Set(target), "\(kind) → \(status): \(result)")
                }
            }

            let requests = await sandbox.store.requests()
            var seen: Set<String> = []
            for request in requests {
                let query = request.query.map { ($0.name, $0.value) }
                if let operation = contract.operation(method: request.method, path: request.path) {
                    seen.insert("\(request.method) \(operation.template)")
                }
                let problems = contract.requestProblems(method: request.method, path: request.path, query: query,
                                                        body: request.body)
                #expect(problems.isEmpty, "\(problems)")
            }
            #expect(seen == Self.expectedOperations)
        }
    }

    @Test("the contract itself refuses a campaign item without ad_account_id, a bad enum and an unknown parameter")
    func contractCatchesProblems() throws {
        let contract = try OpenAPIContract()
        let path = "/v5/ad_accounts/\(Self.account)/campaigns"
        let missing = contract.requestProblems(method: "PATCH", path: path, query: [],
                                               body: Data(#"[{"id": "1", "status": "PAUSED"}]"#.utf8))
        #expect(missing.count == 1 && missing.first?.contains("missing required ad_account_id") == true, "\(missing)")
        let badEnum = contract.requestProblems(method: "GET", path: path, query: [("entity_statuses", "SLEEPING")], body: nil)
        #expect(badEnum.count == 1, "\(badEnum)")
        let unknown = contract.requestProblems(method: "GET", path: path, query: [("colour", "red")], body: nil)
        #expect(unknown.count == 1, "\(unknown)")
        let commaWhereRepeated = contract.requestProblems(method: "GET", path: path,
                                                          query: [("campaign_ids", "1,2")], body: nil)
        #expect(commaWhereRepeated.count == 1, "exploded arrays are repeated keys: \(commaWhereRepeated)")
        #expect(contract.requestProblems(method: "GET", path: path + "/analytics",
                                         query: [("start_date", "2026-11-01"), ("end_date", "2026-11-02"),
                                                 ("campaign_ids", "1"), ("columns", "SPEND_IN_MICRO_DOLLAR,CTR"),
                                                 ("granularity", "DAY")], body: nil).isEmpty)
    }
}
