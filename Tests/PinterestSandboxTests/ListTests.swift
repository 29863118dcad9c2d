import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

@Suite("Lists, gets and auth")
struct ListTests {
    static let account = DemoData.primaryAccountID
    static let allStatuses = ["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT"]

    @Test("page_size 10 walks every ad group exactly once and ends with a null bookmark")
    func pagination() async throws {
        try await SandboxHarness.with { sandbox in
            var seen: [String] = []
            var bookmark: String?
            var pages = 0
            repeat {
                var query = [("page_size", "10"), ("entity_statuses", Self.allStatuses.joined(separator: ","))]
                if let bookmark { query.append(("bookmark", bookmark)) }
                let result = try await sandbox.get("ad_accounts/\(Self.account)/ad_groups", query: query)
                #expect(result.status == 200)
                let page = try result.object()
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(items.count <= 10)
                seen += items.compactMap { $0["id"] as? String }
                #expect(page.keys.contains("bookmark"))
                bookmark = page["bookmark"] as? String
                pages += 1
            } while bookmark != nil && pages < 100
            let expected = await sandbox.store.snapshot().adGroups.filter { $0.adAccountId == Self.account }.map(\.id)
            #expect(seen.count == expected.count)
            #expect(Set(seen) == Set(expected))
            #expect(pages == (expected.count + 9) / 10)
        }
    }

    @Test("without entity_statuses only ACTIVE and PAUSED are listed, as the spec's default says")
    func defaultStatuses() async throws {
        try await SandboxHarness.with { sandbox in
            let result = try await sandbox.get("ad_accounts/\(Self.account)/ad_groups", query: [("page_size", "250")])
            let items = try #require(try result.object()["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            #expect(Set(items.compactMap { $0["status"] as? String }).isSubset(of: ["ACTIVE", "PAUSED"]))
        }
    }

    @Test("page_size outside 1...250 is a 400 with code and message", arguments: ["0", "251", "ten"])
    func badPageSize(size: String) async throws {
        try await SandboxHarness.with { sandbox in
            let result = try await sandbox.get("ad_accounts/\(Self.account)/ads", query: [("page_size", size)])
            #expect(result.status == 400)
            let body = try result.object()
            #expect(body["code"] is Int)
            #expect((body["message"] as? String)?.contains("page_size") == true)
        }
    }

    @Test("id filters accept repeated keys and comma-separated values")
    func idFilters() async throws {
        try await SandboxHarness.with { sandbox in
            let ids = ["2680060800001", "2680060800002", "2680060800005"]
            let repeated = try await sandbox.get("ad_accounts/\(Self.account)/ads",
                                                 query: ids.map { ("ad_group_ids", $0) } + [("page_size", "250")])
            let comma = try await sandbox.get("ad_accounts/\(Self.account)/ads",
                                              query: [("ad_group_ids", ids.joined(separator: ",")), ("page_size", "250")])
            let first = try #require(try repeated.object()["items"] as? [[String: Any]])
            let second = try #require(try comma.object()["items"] as? [[String: Any]])
            #expect(!first.isEmpty)
            #expect(first.compactMap { $0["id"] as? String } == second.compactMap { $0["id"] as? String })
            #expect(Set(first.compactMap { $0["ad_group_id"] as? String }).isSubset(of: Set(ids)))
        }
    }

    @Test("single gets return the object; unknown ids and accounts are 404")
    func gets() async throws {
        try await SandboxHarness.with { sandbox in
            let group = try await sandbox.get("ad_accounts/\(Self.account)/ad_groups/\(DemoData.seedAdGroupID)")
            #expect(group.status == 200)
            #expect(try group.object()["name"] as? String == "Ad Group For Pin: 687195905986")
            let ad = try await sandbox.get("ad_accounts/\(Self.account)/ads/\(DemoData.seedAdID)")
            #expect(try ad.object()["review_status"] as? String == "PENDING")
            let campaign = try await sandbox.get("ad_accounts/\(Self.account)/campaigns/\(DemoData.seedAdGroupCampaignID)")
            #expect(campaign.status == 200)
            for path in ["ad_accounts/\(Self.account)/ad_groups/999", "ad_accounts/\(Self.account)/ads/999",
                         "ad_accounts/\(Self.account)/campaigns/999", "ad_accounts/123/ad_groups",
                         "ad_accounts/\(DemoData.secondaryAccountID)/ad_groups/\(DemoData.seedAdGroupID)"] {
                let result = try await sandbox.get(path)
                #expect(result.status == 404, "\(path)")
                #expect(try result.object()["message"] is String)
            }
        }
    }

    @Test("both accounts are listed")
    func accounts() async throws {
        try await SandboxHarness.with { sandbox in
            let result = try await sandbox.get("ad_accounts")
            let items = try #require(try result.object()["items"] as? [[String: Any]])
            #expect(Set(items.compactMap { $0["id"] as? String }) == [DemoData.primaryAccountID, DemoData.secondaryAccountID])
        }
    }

    @Test("a missing token is 401 with Pinterest's body")
    func missingToken() async throws {
        try await SandboxHarness.with { sandbox in
            let result = try await sandbox.get("ad_accounts", token: .some(nil))
            #expect(result.status == 401)
            let body = try result.object()
            #expect(body["code"] as? Int == 2)
            #expect(body["message"] as? String == "Authentication failed.")
        }
    }

    @Test("with a required token, another token is 401 and the right one works")
    func requiredToken() async throws {
        let configuration = SandboxConfiguration(requiredToken: "s3cret", clock: { SandboxHarness.referenceDate })
        try await SandboxHarness.with(configuration) { sandbox in
            let wrong = try await sandbox.get("ad_accounts", token: "wrong")
            let right = try await sandbox.get("ad_accounts", token: "s3cret")
            #expect(wrong.status == 401)
            #expect(right.status == 200)
        }
    }
}
