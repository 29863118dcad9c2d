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

    @Test("one event per entity that changed, carrying each field old → new")
    func statuses() throws {
        var new = base()
        new.adGroups[0].status = .paused
        new.adGroups[0].summaryStatus = .paused
        new.campaigns[0].summaryStatus = .completed
        new.adsByAdGroup["g2"]?[0].status = .paused
        let events = SnapshotDiff.changes(from: base(), to: new, at: time)
        #expect(events.count == 3, "the ad group, the campaign and the ad: \(events)")
        #expect(events.allSatisfy { $0.kind == .changed && $0.time == time && $0.id == .unpublished })
        let group = try #require(events.first { $0.entityKind == .adGroup })
        #expect(group.entityID == "g1")
        #expect(group.entityName == "Group g1")
        #expect(group.fieldChanges == [FieldChange(.status, old: "ACTIVE", new: "PAUSED"),
                                       FieldChange(.summaryStatus, old: "RUNNING", new: "PAUSED")])
        #expect(events.first { $0.entityKind == .campaign }?.fieldChanges
            == [FieldChange(.summaryStatus, old: "RUNNING", new: "COMPLETED")])
        #expect(events.first { $0.entityKind == .ad }?.fieldChanges == [FieldChange(.status, old: "ACTIVE", new: "PAUSED")])
    }

    @Test("a rejection is one event: review status, summary status and the reasons that are news, as labels")
    func review() throws {
        var old = base()
        old.adsByAdGroup["g1"]?[0].reviewStatus = .pending
        old.adsByAdGroup["g1"]?[0].summaryStatus = .pending
        old.adsByAdGroup["g1"]?[0].rejectedReasons = [.landingPage]
        var new = old
        new.adsByAdGroup["g1"]?[0].reviewStatus = .rejected
        new.adsByAdGroup["g1"]?[0].summaryStatus = .rejected
        new.adsByAdGroup["g1"]?[0].rejectedReasons = [.landingPage, .hashtags, .weightLoss]
        let events = SnapshotDiff.changes(from: old, to: new, at: time)
        let rejection = try #require(events.first)
        #expect(events.count == 1, "\(events)")
        #expect(rejection.entityID == "a1")
        #expect(rejection.isRejection)
        #expect(rejection.fieldChanges == [FieldChange(.reviewStatus, old: "PENDING", new: "REJECTED"),
                                           FieldChange(.summaryStatus, old: "PENDING", new: "REJECTED")])
        // Just rejected: every reason it is rejected for is news, the one listed before too.
        #expect(rejection.rejectedReasons.map(\.code) == ["LANDING_PAGE", "HASHTAGS", "WEIGHT_LOSS"])
        #expect(rejection.rejectedReasons.map(\.label) == ["Landing page", "Hashtags", "Weight loss"])

        // Still rejected, one more reason: only that one.
        var more = new
        more.adsByAdGroup["g1"]?[0].rejectedReasons = [.landingPage, .hashtags, .weightLoss, .clickbait]
        let added = SnapshotDiff.changes(from: new, to: more, at: time)
        #expect(added.count == 1)
        #expect(added.first?.fieldChanges == [])
        #expect(added.first?.rejectedReasons.map(\.code) == ["CLICKBAIT"])
        #expect(added.first?.isRejection == true)
        // Dropping a reason is not news.
        #expect(SnapshotDiff.changes(from: more, to: new, at: time).isEmpty)
    }

    @Test("an approval is one event, not one for the review and another for the summary status")
    func approval() {
        var old = base()
        old.adsByAdGroup["g1"]?[0].reviewStatus = .pending
        old.adsByAdGroup["g1"]?[0].summaryStatus = .pending
        var new = old
        new.adsByAdGroup["g1"]?[0].reviewStatus = .approved
        new.adsByAdGroup["g1"]?[0].summaryStatus = .approved
        let events = SnapshotDiff.changes(from: old, to: new, at: time)
        #expect(events.map(\.entityID) == ["a1"])
        #expect(events.first?.isRejection == false)
        #expect(events.first?.change(of: .reviewStatus)?.new == "APPROVED")
    }

    @Test("budget and bid changes formatted in the account currency")
    func money() throws {
        var new = base()
        new.adGroups[0].budgetInMicroCurrency = 12_345_000
        new.adGroups[1].bidInMicroCurrency = nil
        new.campaigns[0].dailySpendCap = 100_000_000
        var events = SnapshotDiff.changes(from: base(), to: new, at: time)
        #expect(events.first { $0.entityID == "g1" }?.fieldChanges == [FieldChange(.budget, old: "$5.00", new: "$12.35")])
        #expect(events.first { $0.entityID == "g2" }?.fieldChanges == [FieldChange(.bid, old: "$1.00", new: nil)])
        #expect(events.first { $0.entityKind == .campaign }?.change(of: .dailySpendCap)?.new == "$100.00")

        var yen = new
        yen.account = AdAccount(id: Fixture.accountID, currency: .jpy)
        var yenOld = base()
        yenOld.account = yen.account
        events = SnapshotDiff.changes(from: yenOld, to: yen, at: time)
        #expect(events.first { $0.entityID == "g1" }?.change(of: .budget)?.new == "¥12")
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
        #expect(events.filter { $0.entityKind == .adGroup && $0.change(of: .status) != nil }.count == 100)
        #expect(events.filter { $0.entityKind == .ad && $0.isRejection }.count == 100)
        #expect(events.filter { $0.kind == .removed }.count == 1)
    }
}
