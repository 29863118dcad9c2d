import AdsCache
import Foundation
import GRDB
import Logging
@testable import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Synchronization
import Testing

/// An account with more ads than `residentAdsLimit`: every ad is known in brief, full ads are kept
/// only for the ad groups recently in view, read from the cache when one is opened.
@Suite("Large accounts", .tags(.slow))
struct LargeAccountTests {
    /// Three ads in two ad groups, with a limit of two full ads.
    static let configuration = RefreshConfiguration(jitter: 0, backoffBase: 5, backoffCap: 40, residentAdsLimit: 2)

    @Test("ads are kept in brief; counts, events and lookups cover them; full ads only in view")
    func briefsAndResidency() async throws {
        let harness = Harness(configuration: Self.configuration)
        await harness.start()
        var snapshot = harness.store.current
        #expect(snapshot.adCount == 3)
        #expect(snapshot.adsByAdGroup.isEmpty)
        #expect(snapshot.adCounts(of: "g1") == AdCounts(total: 2))
        #expect(snapshot.adBriefs["g2"]?.map(\.name) == ["Ad a3"])

        // A change to an ad whose full copy is not in memory is still news.
        harness.api.editAds { ads in
            if let index = ads.firstIndex(where: { $0.id == "a3" }) {
                ads[index].reviewStatus = .rejected
                ads[index].rejectedReasons = [.landingPage]
            }
        }
        await harness.engine.refresh([.ads])
        let events = harness.events.all.filter { $0.entityID == "a3" }
        #expect(events.count == 1, "one rejection, one event: \(events)")
        #expect(events.first?.change(of: .reviewStatus)?.new == "REJECTED")
        #expect(events.first?.rejectedReasons.map(\.code) == ["LANDING_PAGE"])
        snapshot = harness.store.current
        #expect(snapshot.adCounts(of: "g2") == AdCounts(total: 1, rejected: 1))
        #expect(snapshot.adsByAdGroup.isEmpty)

        // Opening an ad group brings its full ads; opening another lets the first go only past
        // the few most recent.
        harness.engine.setAdGroupInView("g1")
        await harness.engine.waitForIdle()
        #expect(harness.store.current.adsByAdGroup["g1"]?.map(\.id) == ["a1", "a2"])
        harness.engine.setAdGroupInView("g2")
        await harness.engine.waitForIdle()
        #expect(Set(harness.store.current.adsByAdGroup.keys) == ["g1", "g2"])
        #expect(harness.store.current.adsByAdGroup["g2"]?.first?.reviewStatus == .rejected)
    }

    @Test("a cached start knows every ad in brief; an opened ad group shows its cached ads before the fetch lands")
    func cachedAdsOnOpen() async throws {
        let directory = Fixture.temporaryDirectory()
        do {
            let harness = Harness(cache: try Self.open(directory), configuration: Self.configuration)
            await harness.start()
            harness.engine.stop()
        }
        let harness = Harness(cache: try Self.open(directory), configuration: Self.configuration)
        harness.api.hold(.listAds)
        harness.api.hold(.listAdGroups)
        harness.engine.start()
        await harness.api.waitForCalls(.listAdGroups)
        #expect(harness.store.current.adCount == 3)
        #expect(harness.store.current.adsByAdGroup.isEmpty)
        harness.engine.setAdGroupInView("g1")
        // The fetch is held: what shows comes from the cache.
        let shown = await harness.store.firstPublished { $0.adsByAdGroup["g1"] != nil }
        #expect(shown?.adsByAdGroup["g1"]?.map(\.id) == ["a1", "a2"])
        harness.api.release(.listAds)
        harness.api.release(.listAdGroups)
        await harness.engine.waitForIdle()
    }

    @Test("a whole-account listing decodes only the pages that changed")
    func unchangedPagesAreSkipped() async throws {
        try await SandboxHarness.with { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token),
                                         configuration: ClientConfiguration(pageSize: 25))
            let account = DemoData.primaryAccountID
            let first = try await client.listAdPages(accountID: account, filter: .shown, known: [])
            #expect(first.count > 3)
            #expect(first.allSatisfy { $0.content.items != nil })
            let again = try await client.listAdPages(accountID: account, filter: .shown, known: first)
            #expect(again.allSatisfy { $0.content.items == nil })
            #expect(again.map(\.bookmark) == first.map(\.bookmark))
            // Change one ad: only its page is decoded again.
            let ad = try #require(first[1].content.items?.first { $0.status == .active || $0.status == .paused })
            let target: EntityStatus = ad.status == .paused ? .active : .paused
            let patched = try await sandbox.patch("/ad_accounts/\(account)/ads", json: [["id": ad.id, "status": target.rawValue]])
            #expect(patched.status == 200)
            let after = try await client.listAdPages(accountID: account, filter: .shown, known: first)
            #expect(after.indices.filter { after[$0].content.items != nil } == [1])
            #expect(after[1].content.items?.first { $0.id == ad.id }?.status == target)
        }
    }

    static func open(_ directory: URL) throws -> CacheDatabase {
        try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: "user-1")
    }
}

/// The whole-account ads refresh of a large account against the sandbox, page digests and all.
@Suite("Large accounts over the sandbox", .tags(.sandbox, .slow))
struct LargeAccountSandboxTests {
    @Test("an unchanged listing changes nothing; a changed ad on one page is news and reaches the cache")
    func listingDigestsEndToEnd() async throws {
        let directory = Fixture.temporaryDirectory()
        let cache = try CacheDatabase(directory: directory, accountID: DemoData.primaryAccountID, identity: "user-1")
        try await SandboxHarness.with { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token),
                                         configuration: ClientConfiguration(pageSize: 25))
            let store = SnapshotStore()
            let events = EventRecorder(store)
            let configuration = RefreshConfiguration(jitter: 0, residentAdsLimit: 20)
            let engine = AdsEngine(api: client, accountID: DemoData.primaryAccountID, store: store, cache: cache,
                                   configuration: configuration, clock: ManualClock(start: SandboxHarness.referenceDate),
                                   audit: nil, readOnly: false, logger: Logger(label: "test"))
            defer { engine.stop() }
            engine.start()
            await engine.waitForIdle()
            let first = store.current
            #expect(first.adCount > 20)
            #expect(first.adsByAdGroup.isEmpty)

            // Nothing changed: the briefs are the very same, no event.
            let eventsBefore = events.all.count
            await engine.refresh([.ads])
            #expect(store.current.adBriefs == first.adBriefs)
            #expect(events.all.count == eventsBefore)

            // Pause one ad behind the engine's back: only its page is decoded, and it is news.
            let (group, brief) = try #require(first.adBriefs.lazy.compactMap { group, briefs in
                briefs.first { $0.status == .active }.map { (group, $0) }
            }.first)
            let patched = try await sandbox.patch("/ad_accounts/\(DemoData.primaryAccountID)/ads",
                                                  json: [["id": brief.id, "status": "PAUSED"]])
            #expect(patched.status == 200)
            await engine.refresh([.ads])
            #expect(store.current.adBriefs[group]?.first { $0.id == brief.id }?.status == .paused)
            #expect(events.all.contains { $0.entityID == brief.id && $0.change(of: .status) != nil })
            #expect(store.current.adCount == first.adCount)
            // Every other ad keeps its brief, in full, from the pages skipped as unchanged.
            let others = { (briefs: [String: AdBriefs]) in briefs.mapValues { $0.filter { $0.id != brief.id } } }
            #expect(others(store.current.adBriefs) == others(first.adBriefs))
            engine.stop()
            #expect(cache.loadAds(adGroupID: group).first { $0.id == brief.id }?.status == .paused)
        }
    }
}

/// The real client, counting the pages of whole-account ads listings and how many were decoded.
final class PageCountingAPI: PinterestAdsAPI {
    let client: PinterestClient
    private let counts = Mutex((listed: 0, decoded: 0))

    init(_ client: PinterestClient) {
        self.client = client
    }

    var listedPages: Int { counts.withLock { $0.listed } }
    var decodedPages: Int { counts.withLock { $0.decoded } }

    func listAdPages(accountID: String, filter: ListFilter, known: [ListedPage<Ad>],
                     receive: (ListedPage<Ad>) -> Void) async throws(PinterestError) {
        try await client.listAdPages(accountID: accountID, filter: filter, known: known) { page in
            counts.withLock {
                $0.listed += 1
                if page.content.items != nil { $0.decoded += 1 }
            }
            receive(page)
        }
    }

    func listAdAccounts() async throws(PinterestError) -> [AdAccount] { try await client.listAdAccounts() }
    func adGroupListingPages(accountID: String, filter: ListFilter) -> ListingPages? {
        client.adGroupListingPages(accountID: accountID, filter: filter)
    }
    func rememberAdGroupListing(accountID: String, filter: ListFilter, pages: ListingPages, adGroups: [AdGroup]) {
        client.rememberAdGroupListing(accountID: accountID, filter: filter, pages: pages, adGroups: adGroups)
    }
    func listCampaigns(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Campaign] {
        try await client.listCampaigns(accountID: accountID, filter: filter)
    }
    func listAdGroups(accountID: String, filter: ListFilter) async throws(PinterestError) -> [AdGroup] {
        try await client.listAdGroups(accountID: accountID, filter: filter)
    }
    func listAds(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Ad] {
        try await client.listAds(accountID: accountID, filter: filter)
    }
    func adGroup(accountID: String, id: String) async throws(PinterestError) -> AdGroup {
        try await client.adGroup(accountID: accountID, id: id)
    }
    func ad(accountID: String, id: String) async throws(PinterestError) -> Ad {
        try await client.ad(accountID: accountID, id: id)
    }
    func updateStatus(_ kind: EntityKind, accountID: String, ids: [String], to status: EntityStatus)
        async throws(PinterestError) -> StatusUpdateResult {
        try await client.updateStatus(kind, accountID: accountID, ids: ids, to: status)
    }
    func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                   columns: [String], granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow] {
        try await client.analytics(kind, accountID: accountID, ids: ids, from: start, to: end, columns: columns,
                                   granularity: granularity)
    }
}

/// Starts from the cache of an earlier run, against the sandbox.
@Suite("Warm starts over the sandbox", .tags(.sandbox, .slow))
struct WarmStartSandboxTests {
    /// One run of the engine with a cache in `directory`: started, idle, then `body`, then stopped.
    static func run(_ sandbox: RunningSandbox, directory: URL,
                    _ body: (SnapshotStore, PageCountingAPI) async throws -> Void) async throws {
        let cache = try CacheDatabase(directory: directory, accountID: DemoData.primaryAccountID, identity: "user-1")
        let api = PageCountingAPI(PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token),
                                                  configuration: ClientConfiguration(pageSize: 25)))
        let store = SnapshotStore()
        let engine = AdsEngine(api: api, accountID: DemoData.primaryAccountID, store: store, cache: cache,
                               configuration: RefreshConfiguration(jitter: 0, residentAdsLimit: 20),
                               clock: ManualClock(start: SandboxHarness.referenceDate), audit: nil, readOnly: false,
                               logger: Logger(label: "test"))
        engine.start()
        await engine.waitForIdle()
        try await body(store, api)
        engine.stop()
    }

    /// Pages of ad group listings this run took from the cache or memory instead of decoding.
    static func reusedPages(_ api: PageCountingAPI) -> Int { api.client.pageMemo.reused.load(ordering: .relaxed) }

    @Test("a start decodes only the ad group and ads pages that changed since the last listing")
    func warmStartDecodesOnlyChangedPages() async throws {
        let directory = Fixture.temporaryDirectory()
        try await SandboxHarness.with { sandbox in
            var first: [String: AdBriefs] = [:]
            var firstGroups: [AdGroup] = []
            try await Self.run(sandbox, directory: directory) { store, api in
                #expect(api.listedPages > 3)
                #expect(api.decodedPages == api.listedPages)
                #expect(Self.reusedPages(api) == 0)
                first = store.current.adBriefs
                firstGroups = store.current.adGroups
            }
            let adGroupPages = (firstGroups.count + 24) / 25
            #expect(adGroupPages >= 2)
            // A cache from before the ad group pages were kept: this run decodes them, and keeps
            // them though the ad groups did not change.
            let fileURL = try CacheDatabase(directory: directory, accountID: DemoData.primaryAccountID,
                                            identity: "user-1").fileURL
            try await DatabaseQueue(path: fileURL.path).write { try $0.execute(sql: "DELETE FROM listing_pages") }
            try await Self.run(sandbox, directory: directory) { _, api in
                #expect(api.decodedPages == 0)
                #expect(Self.reusedPages(api) == 0)
            }
            // Nothing changed while Pinwatch was closed: no page is decoded; everything is the cache's.
            try await Self.run(sandbox, directory: directory) { store, api in
                #expect(api.listedPages > 3)
                #expect(api.decodedPages == 0)
                #expect(Self.reusedPages(api) == adGroupPages)
                #expect(store.current.adBriefs == first)
                #expect(store.current.adGroups == firstGroups)
            }
            // One ad group paused meanwhile: its page alone is decoded, and the pause shows.
            let pausedGroup = try #require(firstGroups.last { $0.status == .active })
            let groupPatch = try await sandbox.patch("/ad_accounts/\(DemoData.primaryAccountID)/ad_groups",
                                                     json: [["id": pausedGroup.id, "status": "PAUSED"]])
            #expect(groupPatch.status == 200)
            try await Self.run(sandbox, directory: directory) { store, api in
                #expect(Self.reusedPages(api) == adGroupPages - 1)
                #expect(store.current.adGroups.first { $0.id == pausedGroup.id }?.status == .paused)
                #expect(store.current.adGroups.count == firstGroups.count)
            }
            // One ad paused meanwhile: its page alone is decoded, and the pause shows.
            let (group, brief) = try #require(first.lazy.compactMap { group, briefs in
                briefs.first { $0.status == .active }.map { (group, $0) }
            }.first)
            let patched = try await sandbox.patch("/ad_accounts/\(DemoData.primaryAccountID)/ads",
                                                  json: [["id": brief.id, "status": "PAUSED"]])
            #expect(patched.status == 200)
            try await Self.run(sandbox, directory: directory) { store, api in
                #expect(api.decodedPages == 1)
                #expect(store.current.adBriefs[group]?.first { $0.id == brief.id }?.status == .paused)
                #expect(store.current.adCount == first.values.reduce(0) { $0 + $1.count })
            }
            // And the listings that decoded them were remembered in turn.
            try await Self.run(sandbox, directory: directory) { _, api in
                #expect(api.decodedPages == 0)
                #expect(Self.reusedPages(api) == adGroupPages)
            }
        }
    }
}
