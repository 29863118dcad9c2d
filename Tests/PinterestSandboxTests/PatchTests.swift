import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

@Suite("Status updates")
struct PatchTests {
    static let account = DemoData.primaryAccountID
    static let groups = "ad_accounts/\(DemoData.primaryAccountID)/ad_groups"

    @Test("0 or 31 items are refused with 400", arguments: [0, 31])
    func sizeLimits(count: Int) async throws {
        try await SandboxHarness.with { sandbox in
            let body = (0..<count).map { ["id": String(2_680_060_800_001 + $0), "status": "PAUSED"] }
            let result = try await sandbox.patch(Self.groups, json: body)
            #expect(result.status == 400)
            #expect(try result.object()["message"] is String)
            let running = await sandbox.store.snapshot().adGroup("2680060800001")
            #expect(running?.status == .active)
        }
    }

    @Test("pausing an ad group is stored: GET shows PAUSED and summary PAUSED")
    func pause() async throws {
        try await SandboxHarness.with { sandbox in
            let id = DemoData.rejectedAdsAdGroupID
            let result = try await sandbox.patch(Self.groups, json: [["id": id, "status": "PAUSED"]])
            #expect(result.status == 200)
            let items = try #require(try result.object()["items"] as? [[String: Any]])
            let data = try #require(items.first?["data"] as? [String: Any])
            #expect(data["status"] as? String == "PAUSED")
            #expect((items.first?["exceptions"] as? [Any])?.isEmpty == true)
            let read = try await sandbox.get("\(Self.groups)/\(id)")
            #expect(try read.object()["status"] as? String == "PAUSED")
            #expect(try read.object()["summary_status"] as? String == "PAUSED")
            let resumed = try await sandbox.patch(Self.groups, json: [["id": id, "status": "ACTIVE"]])
            let again = try #require(try resumed.object()["items"] as? [[String: Any]])
            #expect((again.first?["data"] as? [String: Any])?["summary_status"] as? String == "RUNNING")
        }
    }

    @Test("unknown, archived and foreign ids get their own exception while the others succeed")
    func perItemExceptions() async throws {
        try await SandboxHarness.with { sandbox in
            let snapshot = await sandbox.store.snapshot()
            let archived = try #require(snapshot.adGroups.first { $0.status == .archived && $0.adAccountId == Self.account })
            let foreign = try #require(snapshot.adGroups.first { $0.adAccountId == DemoData.secondaryAccountID })
            let body = [["id": "2680060800002", "status": "PAUSED"], ["id": "999999", "status": "PAUSED"],
                        ["id": archived.id, "status": "ACTIVE"], ["id": foreign.id, "status": "PAUSED"]]
            let result = try await sandbox.patch(Self.groups, json: body)
            #expect(result.status == 200)
            let items = try #require(try result.object()["items"] as? [[String: Any]])
            #expect(items.count == 4)
            #expect((items[0]["data"] as? [String: Any])?["status"] as? String == "PAUSED")
            #expect((items[0]["exceptions"] as? [Any])?.isEmpty == true)
            for (index, fragment) in [(1, "not found"), (2, "archived"), (3, "does not belong")] {
                let exceptions = try #require(items[index]["exceptions"] as? [[String: Any]], "item \(index)")
                #expect(exceptions.first?["code"] is Int)
                #expect((exceptions.first?["message"] as? String)?.contains(fragment) == true, "item \(index)")
            }
            let after = await sandbox.store.snapshot()
            #expect(after.adGroup("2680060800002")?.status == .paused)
            #expect(after.adGroup(archived.id)?.status == .archived)
            #expect(after.adGroup(foreign.id)?.status == foreign.status)
        }
    }

    @Test("pausing an ad sets summary PAUSED; activating follows its review")
    func ads() async throws {
        try await SandboxHarness.with { sandbox in
            let snapshot = await sandbox.store.snapshot()
            let rejected = try #require(snapshot.ads.first { $0.reviewStatus == .rejected && $0.status == .active
                && $0.adAccountId == Self.account && $0.summaryStatus == .rejected })
            let path = "ad_accounts/\(Self.account)/ads"
            _ = try await sandbox.patch(path, json: [["id": rejected.id, "status": "PAUSED"]])
            #expect(try await sandbox.get("\(path)/\(rejected.id)").object()["summary_status"] as? String == "PAUSED")
            let result = try await sandbox.patch(path, json: [["id": rejected.id, "status": "ACTIVE"], ["id": "1", "status": "ACTIVE"]])
            let items = try #require(try result.object()["items"] as? [[String: Any]])
            #expect((items[0]["data"] as? [String: Any])?["summary_status"] as? String == "REJECTED")
            #expect((items[1]["exceptions"] as? [String: Any])?["message"] is String)
        }
    }
}
