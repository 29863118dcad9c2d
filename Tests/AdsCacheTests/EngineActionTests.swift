import AdsCache
import Foundation
import PinterestAds
import PinwatchTestSupport
import Testing

@Suite("Engine actions")
struct EngineActionTests {
    @Test("pause succeeds only after a read-back shows the target")
    func pauseVerified() async throws {
        let harness = Harness()
        await harness.start()
        let readsBefore = harness.api.count(.listAdGroups)
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        #expect(outcome == .completed(["g1": .succeeded]))
        #expect(harness.api.count(.updateStatus) == 1)
        #expect(harness.api.count(.listAdGroups) == readsBefore + 1)
        let readBack = try #require(harness.api.calls.last { $0.method == .listAdGroups })
        #expect(readBack.filter?.adGroupIDs == ["g1"])
        #expect(harness.shownStatus("g1") == .paused)
        #expect(harness.store.current.pending.isEmpty)
        let events = harness.events.all
        #expect(events.contains { $0.kind == .actionSucceeded && $0.entityID == "g1" })
        #expect(!events.contains { $0.change(of: .status) != nil && $0.entityID == "g1" && $0.kind == .changed })
    }

    @Test("activate ads and campaigns, read back with their own filters")
    func activateAdsAndCampaigns() async throws {
        let api = FakeAdsAPI()
        Fixture.seed(api)
        api.editAds { $0[0].status = .paused }
        api.editCampaigns { $0[0].status = .paused }
        let harness = Harness(api: api, seed: false)
        await harness.start()
        let ad = await harness.engine.perform(StatusAction(kind: .ad, ids: ["a1"], target: .active))
        #expect(ad == .completed(["a1": .succeeded]))
        #expect(harness.api.calls.last { $0.method == .listAds }?.filter?.adIDs == ["a1"])
        #expect(harness.store.current.adsByAdGroup["g1"]?.first?.status == .active)
        let campaign = await harness.engine.perform(StatusAction(kind: .campaign, ids: ["c1"], target: .active))
        #expect(campaign == .completed(["c1": .succeeded]))
        #expect(harness.api.calls.last { $0.method == .listCampaigns }?.filter?.campaignIDs == ["c1"])
        #expect(harness.store.current.campaigns.first?.status == .active)
    }

    @Test("the change shows as pending at once, and a refresh landing meanwhile does not flip it back")
    func pendingSurvivesRefresh() async throws {
        let harness = Harness()
        await harness.start()
        harness.api.hold(.updateStatus)
        let action = Task { await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused)) }
        await harness.api.waitForCalls(.updateStatus)
        #expect(harness.store.current.pending["g1"]?.to == .paused)
        #expect(harness.store.current.pending["g1"]?.from == .active)
        #expect(harness.shownStatus("g1") == .paused)

        // The API still says ACTIVE: the refresh must not show it while the change is in flight.
        await harness.engine.refresh([.adGroups])
        #expect(harness.api.adGroups.first?.status == .active)
        #expect(harness.shownStatus("g1") == .paused)
        #expect(harness.store.current.pending["g1"] != nil)
        #expect(!harness.events.all.contains { $0.kind == .changed && $0.change(of: .status) != nil })

        harness.api.release(.updateStatus)
        let outcome = await action.value
        #expect(outcome == .completed(["g1": .succeeded]))
        #expect(harness.shownStatus("g1") == .paused)
        #expect(harness.store.current.pending.isEmpty)
    }

    @Test("a refresh that started before the change and lands after it does not undo the read-back")
    func staleRefreshAfterSettle() async {
        let harness = Harness()
        await harness.start()
        harness.api.hold(.listAdGroups)
        harness.engine.refreshNow([.adGroups])
        await harness.api.waitForCalls(.listAdGroups, count: 2)  // answers ACTIVE, held
        let action = Task { await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused)) }
        await harness.api.waitForCalls(.listAdGroups, count: 3)  // the read-back: PAUSED, held
        harness.api.releaseOne(.listAdGroups, at: 1)
        #expect(await action.value == .completed(["g1": .succeeded]))
        #expect(harness.shownStatus("g1") == .paused)
        harness.api.release(.listAdGroups)  // now the older refresh lands
        await harness.engine.waitForIdle()
        #expect(harness.shownStatus("g1") == .paused)
        await harness.engine.refresh([.adGroups])
        #expect(harness.shownStatus("g1") == .paused, "a newer refresh agrees")
    }

    @Test("a per-item failure rolls back only that id and reports Pinterest's message")
    func perItemFailure() async throws {
        let harness = Harness()
        await harness.start()
        harness.api.failItem("g2", message: "Ad group budget is below the minimum")
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1", "g2"], target: .paused))
        #expect(outcome["g1"] == .succeeded)
        #expect(outcome["g2"] == .failed("Ad group budget is below the minimum"))
        #expect(harness.shownStatus("g1") == .paused)
        #expect(harness.shownStatus("g2") == .active)
        #expect(harness.store.current.pending.isEmpty)
        let failure = try #require(harness.events.all.first { $0.kind == .actionFailed })
        #expect(failure.entityID == "g2")
        #expect(failure.detail == "Ad group budget is below the minimum")
        #expect(!harness.events.all.contains { $0.kind == .actionFailed && $0.entityID == "g1" })
    }

    @Test("unknown outcomes are read back: success only when the read-back shows the target")
    func unknownOutcome() async {
        let harness = Harness()
        await harness.start()
        harness.api.makeOutcomeUnknown("g1", .appliedButLost)
        harness.api.makeOutcomeUnknown("g2", .notApplied)
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1", "g2"], target: .paused))
        #expect(outcome["g1"] == .succeeded)
        guard case .failed(let message) = outcome["g2"] else {
            Issue.record("g2 was not applied, so it must not count as a success: \(String(describing: outcome["g2"]))")
            return
        }
        #expect(message.contains("ACTIVE"))
        #expect(harness.shownStatus("g1") == .paused)
        #expect(harness.shownStatus("g2") == .active)
    }

    @Test("when the read-back fails, confirmed ids are unknown, not succeeded, and the old status shows")
    func readBackFails() async {
        let harness = Harness()
        await harness.start()
        harness.api.failNext(.listAdGroups, with: .transport(kind: .timedOut, message: "timed out"))
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        guard case .unknown(let message) = outcome["g1"] else {
            Issue.record("expected unknown, got \(String(describing: outcome["g1"]))")
            return
        }
        #expect(message.contains("timed out"))
        #expect(harness.shownStatus("g1") == .active)
        #expect(harness.events.all.contains { $0.kind == .actionFailed && $0.entityID == "g1" })
    }

    @Test("a confirmation the read-back contradicts is not a success")
    func confirmedButNotApplied() async {
        let harness = Harness()
        await harness.start()
        harness.api.confirmWithoutApplying("g1")
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        guard case .unknown = outcome["g1"] else {
            Issue.record("expected unknown, got \(String(describing: outcome["g1"]))")
            return
        }
        #expect(harness.shownStatus("g1") == .active)
    }

    @Test("a PATCH that fails outright fails every id without a read-back")
    func wholeRequestFails() async {
        let harness = Harness()
        await harness.start()
        harness.api.failNext(.updateStatus, with: .forbidden(message: "Not allowed"))
        let reads = harness.api.count(.listAdGroups)
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1", "g2"], target: .paused))
        #expect(outcome["g1"] == .failed("Forbidden: Not allowed"))
        #expect(outcome["g2"] == .failed("Forbidden: Not allowed"))
        #expect(harness.api.count(.listAdGroups) == reads)
        #expect(harness.shownStatus("g1") == .active)
    }

    @Test("read-only mode refuses before any request")
    func readOnly() async throws {
        let directory = Fixture.temporaryDirectory()
        let audit = AuditLog(fileURL: directory.appendingPathComponent("state/audit.log"))
        let harness = Harness(audit: audit, readOnly: true)
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused))
        #expect(outcome.isRefused)
        #expect(harness.api.totalCalls == 0)
        #expect(harness.store.current.pending.isEmpty)
        let line = try #require(String(contentsOf: audit.fileURL, encoding: .utf8).split(separator: "\n").first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect((json["outcome"] as? [String: String]) == ["g1": "refused"])
        #expect((json["refused"] as? String)?.contains("read-only") == true)
    }

    @Test("acting before any refresh (pinwatch pause) reads the status first, so the audit says what it was")
    func fromStatusWithoutRefresh() async throws {
        let directory = Fixture.temporaryDirectory()
        let audit = AuditLog(fileURL: directory.appendingPathComponent("state/audit.log"))
        let harness = Harness(audit: audit)
        let outcome = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1", "g9"], target: .paused))
        #expect(outcome["g1"] == .succeeded)
        #expect(harness.api.count(.updateStatus) == 1)
        let reads = harness.api.calls.filter { $0.method == .listAdGroups }
        #expect(reads.count == 2, "one read before the change, one to verify it")
        #expect(reads.first?.filter?.adGroupIDs == ["g1", "g9"])
        let line = try #require(String(contentsOf: audit.fileURL, encoding: .utf8).split(separator: "\n").first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect((json["from"] as? [String: String]) == ["g1": "ACTIVE"], "g9 does not exist: its status stays unknown")
    }

    @Test("a second change to an id still pending is refused")
    func busyRefused() async {
        let harness = Harness()
        await harness.start()
        harness.api.hold(.updateStatus)
        let first = Task { await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1"], target: .paused)) }
        await harness.api.waitForCalls(.updateStatus)
        let second = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1", "g2"], target: .active))
        #expect(second.isRefused)
        harness.api.release(.updateStatus)
        #expect(await first.value == .completed(["g1": .succeeded]))
        #expect(harness.api.count(.updateStatus) == 1)
    }

    @Test("a paused ad stays paused after a restart that cannot reach the API", arguments: [1_000, 0])
    func pausedAdSurvivesRestart(residentAdsLimit: Int) async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = RefreshConfiguration(jitter: 0, backoffBase: 5, backoffCap: 40,
                                                 residentAdsLimit: residentAdsLimit)
        do {
            let harness = Harness(cache: try CacheDatabase(directory: directory, accountID: Fixture.accountID,
                                                           identity: "user-1"), configuration: configuration)
            await harness.start()
            let outcome = await harness.engine.perform(StatusAction(kind: .ad, ids: ["a3"], target: .paused))
            #expect(outcome == .completed(["a3": .succeeded]))
            harness.engine.stop()
        }
        // The same cache, the API unreachable: what is shown comes from the cache alone.
        let offline = FakeAdsAPI()
        for method in FakeAdsAPI.Method.allCases {
            offline.failAlways(method, with: .transport(kind: .cannotConnect, message: "Connection refused"))
        }
        let restarted = Harness(api: offline, seed: false,
                                cache: try CacheDatabase(directory: directory, accountID: Fixture.accountID,
                                                         identity: "user-1"), configuration: configuration)
        await restarted.start()
        let shown = restarted.store.current
        #expect(shown.isStale)
        #expect(shown.adBriefs["g2"]?.first { $0.id == "a3" }?.status == .paused)
        #expect(shown.adBriefs["g1"]?.allSatisfy { $0.status == .active } == true)
        if residentAdsLimit > 0 { #expect(shown.adsByAdGroup["g2"]?.first?.status == .paused) }
    }
}
