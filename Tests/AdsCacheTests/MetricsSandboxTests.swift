import AdsCache
import Foundation
import Logging
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// The metrics the engine shows equal what the sandbox's analytics return for the same dates,
/// asked directly with TOTAL granularity; the rates are computed here from the counts.
@Suite("Metrics over the sandbox", .serialized, .tags(.sandbox))
struct MetricsSandboxTests {
    static let account = DemoData.primaryAccountID

    /// The first and last day of each range, counted here from the reference date in UTC.
    static func dates(_ range: MetricsRange) -> (String, String) {
        let day = 86_400.0
        func date(_ back: Int) -> String {
            APIDate(SandboxHarness.referenceDate.addingTimeInterval(-Double(back) * day)).description
        }
        switch range {
        case .today: return (date(0), date(0))
        case .yesterday: return (date(1), date(1))
        case .last7Days: return (date(6), date(0))
        case .last30Days: return (date(29), date(0))
        }
    }

    /// The sandbox's TOTAL rows of `path` for `ids` over a range, by id.
    static func totals(_ sandbox: RunningSandbox, _ path: String, idsParameter: String?, ids: [String], idColumn: String,
                       range: MetricsRange) async throws -> [String: [String: Double]] {
        let (start, end) = dates(range)
        var query = [("start_date", start), ("end_date", end), ("granularity", "TOTAL"),
                     ("columns", AnalyticsColumn.dashboard.joined(separator: ","))]
        if let idsParameter { query += ids.map { (idsParameter, $0) } }
        let result = try await sandbox.get("/ad_accounts/\(account)" + path, query: query)
        #expect(result.status == 200)
        let rows = try #require(try result.json() as? [[String: Any]])
        var byID: [String: [String: Double]] = [:]
        for row in rows {
            let id = try #require(row[idColumn] as? String)
            byID[id] = row.compactMapValues { ($0 as? NSNumber)?.doubleValue }
        }
        return byID
    }

    /// The engine's metrics equal the sandbox's row; CTR, CPC, CPM and ROAS computed from it.
    static func expectEqual(_ metrics: EntityMetrics?, _ row: [String: Double]?, _ range: MetricsRange, _ what: String) {
        let row = row ?? [:]
        let shown = metrics?[range] ?? Delivery()
        func value(_ column: String) -> Double { row[column] ?? 0 }
        let spend = value("SPEND_IN_MICRO_DOLLAR"), impressions = value("TOTAL_IMPRESSION")
        let clicks = value("TOTAL_CLICKTHROUGH"), checkout = value("TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR")
        #expect(Double(shown.spend) == spend, "\(what) \(range) spend")
        #expect(Double(shown.impressions) == impressions, "\(what) \(range) impressions")
        #expect(Double(shown.clicks) == clicks, "\(what) \(range) clicks")
        #expect(Double(shown.outboundClicks) == value("OUTBOUND_CLICK_1"), "\(what) \(range) outbound clicks")
        #expect(Double(shown.conversions) == value("TOTAL_CONVERSIONS"), "\(what) \(range) conversions")
        #expect(Double(shown.checkoutValue) == checkout, "\(what) \(range) checkout value")
        func close(_ a: Double?, _ b: Double?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return abs(a - b) <= 1e-9 * max(1, abs(b))
        }
        #expect(close(shown.ctr, impressions > 0 ? clicks / impressions : nil), "\(what) \(range) CTR")
        #expect(close(shown.cpc, clicks > 0 ? spend / clicks : nil), "\(what) \(range) CPC")
        #expect(close(shown.cpm, impressions > 0 ? spend / impressions * 1000 : nil), "\(what) \(range) CPM")
        #expect(close(shown.roas, spend > 0 ? checkout / spend : nil), "\(what) \(range) ROAS")
    }

    @Test("account, campaign, ad group and ad metrics equal the sandbox's analytics for each range's dates")
    func metricsEqualTheSandbox() async throws {
        let configuration = SandboxConfiguration(dataSource: .demo, clock: { SandboxHarness.referenceDate })
        try await SandboxHarness.with(configuration) { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token))
            let quiet = RefreshConfiguration(intervals: Dictionary(uniqueKeysWithValues: CollectionKind.allCases.map { ($0, 86_400) }))
            let engine = AdsEngine(api: client, accountID: Self.account, store: SnapshotStore(), cache: nil,
                                   configuration: quiet, clock: ManualClock(start: SandboxHarness.referenceDate),
                                   audit: nil, readOnly: true, logger: Logger(label: "test"))
            engine.start()
            await engine.waitForIdle()
            let group = try #require(engine.store.current.adGroups.first { group in
                (engine.store.current.metrics[group.id]?[.last7Days].spend ?? 0) > 0
                    && (engine.store.current.adBriefs[group.id]?.count ?? 0) > 1
            }, "an ad group that delivered and has several ads")
            engine.setAdGroupInView(group.id)
            await engine.waitForIdle()
            let snapshot = engine.store.current
            engine.stop()

            let groupIDs = snapshot.adGroups.map(\.id), campaignIDs = snapshot.campaigns.map(\.id)
            let adIDs = Array(try #require(snapshot.adBriefs[group.id]).ids)
            var delivered = 0
            for range in MetricsRange.allCases {
                let groups = try await Self.totals(sandbox, "/ad_groups/analytics", idsParameter: "ad_group_ids",
                                                   ids: groupIDs, idColumn: "AD_GROUP_ID", range: range)
                for id in groupIDs { Self.expectEqual(snapshot.metrics[id], groups[id], range, "ad group \(id)") }
                let campaigns = try await Self.totals(sandbox, "/campaigns/analytics", idsParameter: "campaign_ids",
                                                      ids: campaignIDs, idColumn: "CAMPAIGN_ID", range: range)
                for id in campaignIDs {
                    Self.expectEqual(snapshot.levelMetrics.campaigns[id], campaigns[id], range, "campaign \(id)")
                }
                let ads = try await Self.totals(sandbox, "/ads/analytics", idsParameter: "ad_ids", ids: adIDs,
                                                idColumn: "AD_ID", range: range)
                for id in adIDs { Self.expectEqual(snapshot.levelMetrics.ads[id], ads[id], range, "ad \(id)") }
                let account = try await Self.totals(sandbox, "/analytics", idsParameter: nil, ids: [],
                                                    idColumn: "AD_ACCOUNT_ID", range: range)
                Self.expectEqual(snapshot.levelMetrics.account, account[Self.account], range, "the account")
                delivered += groups.values.filter { ($0["SPEND_IN_MICRO_DOLLAR"] ?? 0) > 0 }.count
            }
            #expect(delivered > 10, "the comparison covers ad groups that spent, not zeros alone")
        }
    }
}
