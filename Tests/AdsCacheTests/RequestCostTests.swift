import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// What a full refresh costs in requests, counted by the sandbox: list pages of 250, and analytics
/// and ads asked for at most 250 ids per request.
@Suite("Request cost", .serialized, .tags(.sandbox))
struct RequestCostTests {
    static let adGroups = 1_000
    static let adsPerGroup = 3

    static func pages(_ count: Int) -> Int { max(1, (count + 249) / 250) }

    /// Runs one full refresh of a 1,000-ad-group account through the engine and returns the
    /// requests it sent, with the sandbox's data.
    static func fullRefresh(inView adGroupID: String? = nil) async throws -> ([RecordedRequest], SandboxData) {
        let data = SyntheticData.make(adGroups: adGroups, adsPerGroup: adsPerGroup, campaigns: 60,
                                      now: SandboxHarness.referenceDate)
        return try await SandboxHarness.with(SandboxConfiguration(dataSource: .data(data),
                                                                  clock: { SandboxHarness.referenceDate })) { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token))
            // Cadences far longer than the test, so only the refreshes it asks for run.
            let quiet = RefreshConfiguration(intervals: Dictionary(uniqueKeysWithValues: CollectionKind.allCases.map { ($0, 86_400) }))
            let engine = AdsEngine(api: client, accountID: SyntheticData.accountID, store: SnapshotStore(), cache: nil,
                                   configuration: quiet, audit: nil, readOnly: true)
            engine.start()
            await engine.waitForIdle()
            await engine.refresh()
            if let adGroupID { engine.setAdGroupInView(adGroupID) }
            await engine.waitForIdle()
            #expect(engine.store.current.adGroups.count == adGroups)
            #expect(engine.store.current.metrics.count == adGroups)
            engine.stop()
            return (await sandbox.store.requests(), data)
        }
    }

    /// One full refresh with an ad group opened, shared by the tests of both suites: each looks at
    /// its own part of what was sent. A run computes for about 20 s in a debug build, on the pool
    /// the other tests' sandboxes answer on; one run instead of four keeps them answering.
    static let shared = Task { try await fullRefresh(inView: SyntheticData.firstAdGroupID) }

    static func listRequests(_ requests: [RecordedRequest], _ suffix: String) -> [RecordedRequest] {
        requests.filter { $0.method == "GET" && $0.path.hasSuffix(suffix) }
    }

    @Test("a full refresh of 1,000 ad groups costs ceil(N/250) list requests per collection")
    func fullRefreshCost() async throws {
        let (requests, data) = try await Self.shared.value
        // start() refreshes everything once; refresh() does it again: two full refreshes.
        let groupPages = Self.listRequests(requests, "/ad_groups")
        #expect(groupPages.count == 2 * Self.pages(Self.adGroups))
        #expect(groupPages.allSatisfy { $0.queryValues("page_size") == ["250"] })
        // The listing's pages, not the fetch of the ads in view (which names its ad group).
        let adPages = Self.listRequests(requests, "/ads").filter { $0.queryValues("ad_group_ids").isEmpty }
        #expect(adPages.count == 2 * Self.pages(data.ads.count))
        #expect(adPages.allSatisfy { $0.queryValues("page_size") == ["250"] })
        let campaignPages = Self.listRequests(requests, "/campaigns")
        #expect(campaignPages.count == 2 * Self.pages(data.campaigns.count))
    }

    @Test("analytics for 1,000 ad groups go out as 4 requests of at most 250 ids, covering each id once")
    func analyticsBatches() async throws {
        let (requests, data) = try await Self.shared.value
        let analytics = Self.listRequests(requests, "/ad_groups/analytics")
        #expect(analytics.count == 2 * Self.pages(Self.adGroups))
        for request in analytics { #expect(request.queryValues("ad_group_ids").count <= 250) }
        let oneRefresh = analytics.prefix(Self.pages(Self.adGroups)).flatMap { $0.queryValues("ad_group_ids") }
        #expect(oneRefresh.count == Self.adGroups)
        #expect(Set(oneRefresh) == Set(data.adGroups.map(\.id)))
    }

    @Test("the ads of the ad group in view cost one request")
    func adsInView() async throws {
        let (requests, data) = try await Self.shared.value
        let filtered = Self.listRequests(requests, "/ads").filter { !$0.queryValues("ad_group_ids").isEmpty }
        #expect(filtered.count == 1)
        #expect(filtered.first?.queryValues("ad_group_ids") == [SyntheticData.firstAdGroupID])
        #expect(data.adGroups.first?.id == SyntheticData.firstAdGroupID)
    }
}

@Suite("Request cost of metrics", .serialized, .tags(.sandbox))
struct MetricsRequestCostTests {
    @Test("metrics of every level: ceil(N/250) DAY requests per level with all columns, one for the account, one for the ads in view")
    func everyLevel() async throws {
        let (requests, data) = try await RequestCostTests.shared.value
        let analytics = requests.filter { $0.method == "GET" && $0.path.hasSuffix("/analytics") }
        // Two full refreshes (start and refresh), then one ad group opened.
        let account = analytics.filter { $0.path.hasSuffix("/ad_accounts/\(SyntheticData.accountID)/analytics") }
        #expect(account.count == 2)
        let campaigns = RequestCostTests.listRequests(requests, "/campaigns/analytics")
        #expect(campaigns.count == 2 * RequestCostTests.pages(data.campaigns.count))
        let groups = RequestCostTests.listRequests(requests, "/ad_groups/analytics")
        #expect(groups.count == 2 * RequestCostTests.pages(data.adGroups.count))
        let ads = RequestCostTests.listRequests(requests, "/ads/analytics")
        #expect(ads.count == 1)
        let inView = Set(data.ads.filter { $0.adGroupId == SyntheticData.firstAdGroupID }.map(\.id))
        #expect(Set(ads.first?.queryValues("ad_ids") ?? []) == inView)
        for request in analytics {
            #expect(request.queryValues("columns") == AnalyticsColumn.dashboard, "every column in one request")
            #expect(request.queryValues("granularity") == ["DAY"])
        }
        #expect(analytics.count == account.count + campaigns.count + groups.count + ads.count)
    }
}
