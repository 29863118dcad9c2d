import AdsCache
import Foundation
import MetricsExport
import PinterestAds
import PinwatchTestSupport
import Testing

/// Builders for the snapshots the exporter tests turn into metrics.
enum Sample {
    static let accountID = "549755885175"
    static let now = Date(timeIntervalSince1970: 1_795_694_400)

    static func adGroup(_ id: String, budget: Int? = 5_000_000, budgetType: BudgetType? = .daily, bid: Int? = 1_250_000,
                        bidStrategy: BidStrategyType? = .maxBid, name: String? = nil,
                        status: EntityStatus = .active, summary: AdGroupSummaryStatus = .running) -> AdGroup {
        AdGroup(id: id, adAccountId: accountID, bidInMicroCurrency: bid, bidStrategyType: bidStrategy,
                budgetInMicroCurrency: budget, budgetType: budgetType, campaignId: "626736533506",
                name: name ?? "Group \(id)", status: status, summaryStatus: summary)
    }

    static func ad(_ id: String, group: String, review: ReviewStatus?) -> Ad {
        Ad(id: id, adAccountId: accountID, adGroupId: group, campaignId: "626736533506", name: "Ad \(id)",
           reviewStatus: review, status: .active)
    }

    /// Two ad groups: g1 with a daily budget of 5, a bid, delivery today and five ads in four review
    /// states (one new to Pinwatch, one without any); g2 on automatic bidding with no budget and no ads
    /// listed. Ad groups were fetched 42 s before `now`, analytics never.
    static func snapshot() -> Snapshot {
        let ads = [ad("a1", group: "g1", review: .rejected), ad("a2", group: "g1", review: .rejected),
                   ad("a3", group: "g1", review: .approved), ad("a4", group: "g1", review: .unknown("UNDER_APPEAL")),
                   ad("a5", group: "g1", review: nil)]
        return Snapshot(
            account: AdAccount(id: accountID, currency: .usd, name: "Acme"),
            adGroups: [adGroup("g1"), adGroup("g2", budget: nil, budgetType: nil, bid: 900_000, bidStrategy: .automaticBid)],
            adsByAdGroup: ["g1": ads],
            metrics: ["g1": AdGroupMetrics(spendToday: 2_340_000, impressionsToday: 1234, clicksToday: 7)],
            collections: [.adGroups: CollectionStatus(lastFetched: now.addingTimeInterval(-42)),
                          .analytics: CollectionStatus(isFetching: true, fetchStarted: now)])
    }
}

@Suite("Snapshot metrics")
struct SnapshotMetricsTests {
    func exposition(_ snapshot: Snapshot, startedAt: Date = Sample.now.addingTimeInterval(-600)) throws -> Exposition {
        let series = SnapshotMetrics.series(of: snapshot, accountID: Sample.accountID, now: Sample.now, startedAt: startedAt)
        return try Exposition(PrometheusText.render(series))
    }

    @Test("An ad group's info carries its name and statuses, value 1")
    func info() throws {
        let text = try exposition(Sample.snapshot())
        let info = try #require(text.samples("pinwatch_ad_group_info", ["ad_group_id": "g1"]).first)
        #expect(info.labels == ["account_id": Sample.accountID, "campaign_id": "626736533506", "ad_group_id": "g1",
                                "name": "Group g1", "status": "ACTIVE", "summary_status": "RUNNING"])
        #expect(info.value == 1)
        #expect(text.samples("pinwatch_ad_group_info").count == 2)
    }

    @Test("Budget, bid and spend are in currency units, impressions a count")
    func money() throws {
        let text = try exposition(Sample.snapshot())
        #expect(text.value("pinwatch_ad_group_budget", ["ad_group_id": "g1", "budget_type": "DAILY"]) == 5)
        #expect(text.value("pinwatch_ad_group_bid", ["ad_group_id": "g1"]) == 1.25)
        #expect(text.value("pinwatch_ad_group_spend_today", ["ad_group_id": "g1"]) == 2.34)
        #expect(text.value("pinwatch_ad_group_impressions_today", ["ad_group_id": "g1"]) == 1234)
        let budget = try #require(text.samples("pinwatch_ad_group_budget").first)
        #expect(Set(budget.labels.keys) == ["account_id", "campaign_id", "ad_group_id", "budget_type"])
    }

    @Test("No budget, automatic bidding and no analytics leave those series out rather than report 0")
    func absentValues() throws {
        let text = try exposition(Sample.snapshot())
        #expect(text.samples("pinwatch_ad_group_budget", ["ad_group_id": "g2"]).isEmpty)
        #expect(text.samples("pinwatch_ad_group_bid", ["ad_group_id": "g2"]).isEmpty)
        #expect(text.samples("pinwatch_ad_group_spend_today", ["ad_group_id": "g2"]).isEmpty)
        #expect(text.samples("pinwatch_ads", ["ad_group_id": "g2"]).isEmpty, "its ads were never listed")
    }

    @Test("Ads are counted per review status: every known one (zeros too), a new one kept, none as NONE")
    func adsByReview() throws {
        let text = try exposition(Sample.snapshot())
        let counts = Dictionary(uniqueKeysWithValues: text.samples("pinwatch_ads", ["ad_group_id": "g1"])
            .map { ($0.labels["review_status"] ?? "?", $0.value) })
        #expect(counts == ["REJECTED": 2, "APPROVED": 1, "PENDING": 0, "OTHER": 0, "UNDER_APPEAL": 1, "NONE": 1])
        #expect(text.samples("pinwatch_ads").allSatisfy { $0.labels["account_id"] == Sample.accountID })
    }

    @Test("Data age: seconds since the last fetch; a collection never fetched is as old as the exporter")
    func dataAge() throws {
        let text = try exposition(Sample.snapshot(), startedAt: Sample.now.addingTimeInterval(-600))
        #expect(text.value("pinwatch_data_age_seconds", ["account_id": Sample.accountID, "collection": "ad_groups"]) == 42)
        #expect(text.value("pinwatch_data_age_seconds", ["collection": "analytics"]) == 600)
        #expect(text.samples("pinwatch_data_age_seconds").count == 2, "only the collections the engine keeps")
    }

    @Test("Every family has HELP and the right TYPE; counters end in _total")
    func types() throws {
        var snapshot = Sample.snapshot()
        snapshot.collections[.ads] = CollectionStatus(lastFetched: Sample.now)
        var tally = RefreshErrorTally()
        tally.observe(snapshot)
        let series = SnapshotMetrics.series(of: snapshot, accountID: Sample.accountID, now: Sample.now, startedAt: Sample.now)
            + tally.series
        let text = try Exposition(PrometheusText.render(series))
        for family in MetricFamily.allCases where !text.samples(family.name).isEmpty {
            #expect(text.types[family.name] == (family.kind == .counter ? "counter" : "gauge"), "\(family.name)")
            #expect(text.helps[family.name] == family.help, "\(family.name)")
            #expect((family.kind == .counter) == family.name.hasSuffix("_total"), "\(family.name)")
            for sample in text.samples(family.name) {
                #expect(Set(sample.labels.keys) == Set(family.labelNames), "\(family.name): \(sample.labels)")
            }
        }
        #expect(text.types.count == 8, "every family but the request ones: \(text.types.keys.sorted())")
    }

    @Test("Series: at most one per ad group for each ad group family, review statuses per listed ad group")
    func cardinality() throws {
        let groups = (0..<300).map { Sample.adGroup("g\($0)") }
        let ads = Dictionary(uniqueKeysWithValues: groups.prefix(100).map { group in
            (group.id, (0..<20).map { Sample.ad("\(group.id)-a\($0)", group: group.id, review: $0 % 3 == 0 ? .rejected : .approved) })
        })
        let snapshot = Snapshot(adGroups: groups, adsByAdGroup: ads,
                                metrics: Dictionary(uniqueKeysWithValues: groups.map { ($0.id, AdGroupMetrics(spendToday: 1)) }),
                                collections: [.adGroups: CollectionStatus(lastFetched: Sample.now)])
        let text = try exposition(snapshot)
        for family in ["pinwatch_ad_group_info", "pinwatch_ad_group_budget", "pinwatch_ad_group_bid",
                       "pinwatch_ad_group_spend_today", "pinwatch_ad_group_impressions_today"] {
            #expect(text.samples(family).count == 300, "\(family)")
        }
        #expect(text.samples("pinwatch_ads").count == 100 * ReviewStatus.knownCases.count)
    }
}
