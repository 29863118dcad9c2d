import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

@Suite("Life simulation")
struct LifeTests {
    static let account = DemoData.primaryAccountID

    @Test("advancing the clock resolves pending reviews, leaving the sample ad alone")
    func reviewsResolve() async throws {
        try await SandboxHarness.with { sandbox in
            let before = await sandbox.store.snapshot()
            let pending = before.ads.filter { $0.reviewStatus == .pending && $0.id != DemoData.seedAdID }
            #expect(!pending.isEmpty)
            await sandbox.store.advance(by: 3600)
            let after = await sandbox.store.snapshot()
            for ad in pending {
                #expect(after.ad(ad.id)?.reviewStatus != .pending, "ad \(ad.id) still pending")
            }
            let resolved = pending.compactMap { after.ad($0.id) }
            #expect(resolved.contains { $0.reviewStatus == .approved })
            #expect(resolved.contains { $0.reviewStatus == .rejected && !($0.rejectedReasons ?? []).isEmpty })
            #expect(after.ad(DemoData.seedAdID) == before.ad(DemoData.seedAdID))
            let served = try await sandbox.get("ad_accounts/\(Self.account)/ads/\(pending[0].id)")
            #expect(try served.object()["review_status"] as? String != "PENDING")
        }
    }

    @Test("spend of a running ad group grows as time passes, and analytics report it")
    func spendGrows() async throws {
        try await SandboxHarness.with { sandbox in
            let id = "2680060800005"
            func spend() async throws -> Int {
                let result = try await sandbox.get("ad_accounts/\(Self.account)/ad_groups/analytics", query: [
                    ("start_date", "2026-11-26"), ("end_date", "2026-11-26"), ("ad_group_ids", id),
                    ("columns", "SPEND_IN_MICRO_DOLLAR,IMPRESSION_1,CLICKTHROUGH_1,CTR"), ("granularity", "DAY"),
                ])
                #expect(result.status == 200)
                let rows = try #require(try result.json() as? [[String: Any]])
                let row = try #require(rows.first)
                #expect(row["AD_GROUP_ID"] as? String == id)
                #expect(row["DATE"] as? String == "2026-11-26")
                #expect(Set(row.keys) == ["AD_GROUP_ID", "DATE", "SPEND_IN_MICRO_DOLLAR", "IMPRESSION_1", "CLICKTHROUGH_1", "CTR"])
                return try #require(row["SPEND_IN_MICRO_DOLLAR"] as? Int)
            }
            let first = try await spend()
            await sandbox.store.advance(by: 1800)
            let second = try await spend()
            #expect(second > first)
        }
    }

    @Test("an ad group past its end becomes COMPLETED; the sample ad group stays RUNNING")
    func completes() async throws {
        try await SandboxHarness.with { sandbox in
            let id = DemoData.endingSoonAdGroupID
            #expect(await sandbox.store.snapshot().adGroup(id)?.summaryStatus == .running)
            await sandbox.store.advance(by: 3 * 3600)
            let result = try await sandbox.get("ad_accounts/\(Self.account)/ad_groups/\(id)")
            #expect(try result.object()["summary_status"] as? String == "COMPLETED")
            #expect(await sandbox.store.snapshot().adGroup(DemoData.seedAdGroupID)?.summaryStatus == .running)
        }
    }

    @Test("analytics validate their parameters")
    func analyticsValidation() async throws {
        try await SandboxHarness.with { sandbox in
            let path = "ad_accounts/\(Self.account)/ads/analytics"
            let base = [("start_date", "2026-11-20"), ("end_date", "2026-11-26"), ("columns", "SPEND_IN_MICRO_DOLLAR"),
                        ("granularity", "TOTAL")]
            #expect(try await sandbox.get(path, query: base).status == 400)
            let tooMany = (0..<251).map { ("ad_ids", String(687_195_200_001 + $0)) }
            #expect(try await sandbox.get(path, query: base + tooMany).status == 400)
            let ok = try await sandbox.get(path, query: base + [("ad_ids", "687195200001")])
            #expect(ok.status == 200)
            let rows = try #require(try ok.json() as? [[String: Any]])
            #expect(rows.count == 1 && rows[0]["AD_ID"] as? String == "687195200001" && rows[0]["DATE"] == nil)
        }
    }
}
