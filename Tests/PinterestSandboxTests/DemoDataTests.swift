import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

@Suite("Demo data")
struct DemoDataTests {
    let data = DemoData.make(now: SandboxHarness.referenceDate)

    @Test("covers every summary and review status, with enough objects in two accounts")
    func coverage() {
        #expect(data.accounts.count == 2)
        #expect(Set(data.accounts.map(\.id)) == [DemoData.primaryAccountID, DemoData.secondaryAccountID])
        #expect(data.accounts.first { $0.id == DemoData.primaryAccountID }?.currency == .usd)
        #expect(data.accounts.first { $0.id == DemoData.secondaryAccountID }?.currency == .eur)
        #expect(data.campaigns.count >= 3)
        #expect(data.adGroups.count >= 40)
        #expect(data.ads.count >= 200)
        let groupStatuses = Set(data.adGroups.compactMap(\.summaryStatus))
        for status in AdGroupSummaryStatus.knownCases {
            #expect(groupStatuses.contains(status), "no ad group is \(status)")
        }
        let reviews = Set(data.ads.compactMap(\.reviewStatus))
        for status in ReviewStatus.knownCases {
            #expect(reviews.contains(status), "no ad has review \(status)")
        }
        let reasons = Set(data.ads.flatMap { $0.rejectedReasons ?? [] })
        #expect(reasons.isSuperset(of: [.landingPageBroken, .hashtags, .promotionsAndPrices]))
        #expect(data.ads.contains { !($0.rejectionLabels ?? []).isEmpty && $0.reviewStatus == .rejected })
        #expect(Set(data.adGroups.compactMap(\.budgetType)).isSuperset(of: [.daily, .lifetime]))
        #expect(Set(data.adGroups.compactMap(\.bidStrategyType)) == Set(BidStrategyType.knownCases))
        #expect(data.adGroups.contains { $0.bidStrategyType == .automaticBid && $0.bidInMicroCurrency == nil })
        #expect(data.adGroups.contains { ($0.budgetInMicroCurrency ?? 0) >= 1_000_000_000_000 })
        #expect(data.adGroups.contains { ($0.budgetInMicroCurrency ?? .max) <= 10_000 })
        let names = data.adGroups.compactMap(\.name) + data.campaigns.compactMap(\.name)
        for fragment in ["Café crème", "—", "東京 秋セール", "☀️"] {
            #expect(names.contains { $0.contains(fragment) }, "no name contains \(fragment)")
        }
        let now = Int(SandboxHarness.referenceDate.timeIntervalSince1970)
        #expect(data.adGroups.contains { ($0.endTime ?? .max) < now })
        #expect(data.adGroups.contains { ($0.startTime ?? 0) > now })
    }

    @Test("every ad points at an ad group and campaign that exist in its account")
    func referentialIntegrity() {
        for ad in data.ads {
            let group = data.adGroup(ad.adGroupId ?? "")
            #expect(group != nil, "ad \(ad.id) has no ad group")
            #expect(group?.adAccountId == ad.adAccountId)
            #expect(data.campaign(ad.campaignId ?? "") != nil, "ad \(ad.id) has no campaign")
        }
        for group in data.adGroups {
            #expect(data.campaign(group.campaignId ?? "")?.adAccountId == group.adAccountId, "ad group \(group.id)")
        }
        let rejected = data.ads.filter { $0.adGroupId == DemoData.rejectedAdsAdGroupID }
        #expect(!rejected.isEmpty && rejected.allSatisfy { $0.reviewStatus == .rejected })
    }

    @Test("Pinterest's sample ad group and ad are served verbatim")
    func seedsVerbatim() throws {
        let list = try JSONDecoder().decode(PinterestAds.JSONValue.self, from: Fixtures.seed("ad_groups_list_response.json"))
        guard case .object(let page) = list, case .array(let items)? = page["items"], let seedGroup = items.first else {
            Issue.record("seed list has no items")
            return
        }
        let seedAd = try JSONDecoder().decode(PinterestAds.JSONValue.self, from: Fixtures.seed("ad_response.json"))
        let group = try #require(data.adGroup(DemoData.seedAdGroupID))
        let ad = try #require(data.ad(DemoData.seedAdID))
        #expect(try roundTrip(group) == seedGroup)
        #expect(try roundTrip(ad) == seedAd)
        #expect(data.adGroup(DemoData.seedAdAdGroupID) != nil)
        #expect(data.campaign(DemoData.seedAdGroupCampaignID) != nil)
        #expect(data.campaign(DemoData.seedAdCampaignID) != nil)
    }

    @Test("generation is deterministic for a reference time")
    func deterministic() {
        #expect(DemoData.make(now: SandboxHarness.referenceDate) == data)
    }

    @Test("a data file round-trips, and a bad one gives a clear error")
    func dataFile() throws {
        let decoded = try SandboxData.decode(try data.encoded())
        #expect(decoded == data)
        do {
            _ = try SandboxData.decode(Data(#"{"accounts": [], "campaigns": [], "ad_groups": []}"#.utf8), source: "bad.json")
            Issue.record("a file without ads was accepted")
        } catch {
            #expect(error.description.contains("bad.json"))
            #expect(error.description.contains("ads"))
        }
        let missing = URL(fileURLWithPath: "/nonexistent/sandbox.json")
        #expect(throws: SandboxDataError.self) { try SandboxData.load(from: missing) }
    }

    private func roundTrip(_ value: some Encodable) throws -> PinterestAds.JSONValue {
        try JSONDecoder().decode(PinterestAds.JSONValue.self, from: JSONEncoder().encode(value))
    }
}
