import AdsCache
import Foundation
import PinterestAds
import PinwatchTestSupport
import Testing

@Suite("Snapshot diff")
struct SnapshotDiffTests {
    let time = Date(timeIntervalSince1970: 1_790_000_000)

    func base() -> Snapshot {
        Snapshot(account: Fixture.account, campaigns: [Fixture.campaign("c1")],
                 adGroups: [Fixture.adGroup("g1"), Fixture.adGroup("g2")],
                 adsByAdGroup: ["g1": [Fixture.ad("a1", group: "g1")], "g2": [Fixture.ad("a2", group: "g2")]])
    }

    @Test("no previous snapshot: no events, however much is there")
    func firstLoad() {
        #expect(SnapshotDiff.changes(from: nil, to: base(), at: time).isEmpty)
        #expect(SnapshotDiff.changes(from: base(), to: base(), at: time).isEmpty)
    }

    @Test("status and summary status changes, with old and new values")
    func statuses() throws {
        var new = base()
        new.adGroups[0].status = .paused
        new.adGroups[0].summaryStatus = .paused
        new.campaigns[0].summaryStatus = .completed
        new.adsByAdGroup["g2"]?[0].status = .paused
        let events = SnapshotDiff.changes(from: base(), to: new, at: time)
        let group = try #require(events.first { $0.kind == .statusChanged && $0.entityKind == .adGroup })
        #expect(group.entityID == "g1")
        #expect(group.entityName == "Group g1")
        #expect(group.oldValue == "ACTIVE")
        #expect(group.newValue == "PAUSED")
        #expect(group.time == time)
        #expect(events.contains { $0.kind == .summaryStatusChanged && $0.entityID == "g1"
            && $0.oldValue == "RUNNING" && $0.newValue == "PAUSED" })
        #expect(events.contains { $0.kind == .summaryStatusChanged && $0.entityKind == .campaign
            && $0.newValue == "COMPLETED" })
        #expect(events.contains { $0.kind == .statusChanged && $0.entityKind == .ad && $0.entityID == "a2" })
        #expect(events.count == 4, "ad status, group status and summary status, campaign summary status")
    }

    @Test("review status and only the rejection reasons that are new, as labels")
    func review() throws {
        var old = base()
        old.adsByAdGroup["g1"]?[0].rejectedReasons = [.landingPage]
        var new = old
        new.adsByAdGroup["g1"]?[0].reviewStatus = .rejected
        new.adsByAdGroup["g1"]?[0].rejectedReasons = [.landingPage, .hashtags, .weightLoss]
        let events = SnapshotDiff.changes(from: old, to: new, at: time)
        let review = try #require(events.first { $0.kind == .reviewStatusChanged })
        #expect(review.oldValue == "APPROVED")
        #expect(review.newValue == "REJECTED")
        let reasons = try #require(events.first { $0.kind == .newRejectedReasons })
        #expect(reasons.entityID == "a1")
        #expect(reasons.detail == "Hashtags, Weight loss")
        #expect(reasons.newValue == "HASHTAGS, WEIGHT_LOSS")
        // Dropping a reason is not news.
        #expect(SnapshotDiff.changes(from: new, to: old, at: time).allSatisfy { $0.kind != .newRejectedReasons })
    }

    @Test("budget and bid changes formatted in the account currency")
    func money() throws {
        var new = base()
        new.adGroups[0].budgetInMicroCurrency = 12_345_000
        new.adGroups[1].bidInMicroCurrency = nil
        new.campaigns[0].dailySpendCap = 100_000_000
        var events = SnapshotDiff.changes(from: base(), to: new, at: time)
        let budget = try #require(events.first { $0.kind == .budgetChanged && $0.entityKind == .adGroup })
        #expect(budget.oldValue == "$5.00")
        #expect(budget.newValue == "$12.35")
        let bid = try #require(events.first { $0.kind == .bidChanged })
        #expect(bid.entityID == "g2")
        #expect(bid.oldValue == "$1.00")
        #expect(bid.newValue == "none")
        #expect(events.contains { $0.kind == .budgetChanged && $0.entityKind == .campaign && $0.newValue == "$100.00" })

        var yen = new
        yen.account = AdAccount(id: Fixture.accountID, currency: .jpy)
        var yenOld = base()
        yenOld.account = yen.account
        events = SnapshotDiff.changes(from: yenOld, to: yen, at: time)
        #expect(events.first { $0.kind == .budgetChanged && $0.entityKind == .adGroup }?.newValue == "¥12")
    }

    @Test("campaigns, ad groups and ads added or removed")
    func addedRemoved() {
        var new = base()
        new.campaigns.append(Fixture.campaign("c2"))
        new.adGroups.removeFirst()
        // Ads are diffed in brief: letting go of g1's full ads is not removing them, dropping its briefs is.
        new.adsByAdGroup["g1"] = nil
        new.adBriefs["g1"] = nil
        new.adsByAdGroup["g3"] = [Fixture.ad("a9", group: "g3")]
        let events = SnapshotDiff.changes(from: base(), to: new, at: time)
        let summary = Set(events.map { "\($0.kind.rawValue) \($0.entityKind?.rawValue ?? "") \($0.entityID ?? "")" })
        #expect(summary == ["added campaign c2", "removed ad_group g1", "removed ad a1", "added ad a9"])
    }

    @Test("scope limits ads to some ad groups and kinds to some entity kinds")
    func scope() {
        var new = base()
        new.adsByAdGroup["g1"]?[0].status = .paused
        new.adsByAdGroup["g2"]?[0].status = .paused
        new.adGroups[0].status = .paused
        let scoped = SnapshotDiff.changes(from: base(), to: new, at: time, kinds: [.ad], adGroupScope: ["g2"])
        #expect(scoped.map(\.entityID) == ["a2"])
    }

    /// Its time is measured by pinwatch-bench (`snapshot_diff`), not bounded here.
    @Test("10,000 ad groups and 50,000 ads diff to exactly the changes made")
    func large() async {
        let time = self.time
        let events = await offPool { () -> [ChangeEvent] in
            let old = LargeSnapshot.make()
            var new = old
            for index in stride(from: 0, to: 10_000, by: 100) {
                new.adGroups[index].status = .paused
                new.adsByAdGroup["g\(index)"]?[0].reviewStatus = .rejected
            }
            new.adGroups.removeLast()
            return SnapshotDiff.changes(from: old, to: new, at: time)
        }
        #expect(events.filter { $0.kind == .statusChanged }.count == 100)
        #expect(events.filter { $0.kind == .reviewStatusChanged }.count == 100)
        #expect(events.filter { $0.kind == .removed }.count == 1)
    }
}
