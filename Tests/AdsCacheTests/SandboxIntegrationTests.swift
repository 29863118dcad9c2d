import AdsCache
import Foundation
import Logging
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Synchronization
import Testing

/// The engine over real HTTP: `PinterestClient` against the sandbox on 127.0.0.1 (ephemeral port).
@Suite("Engine over the sandbox", .tags(.sandbox))
struct SandboxIntegrationTests {
    static let token = "pina_INTEGRATION_SECRET_5d1e9a"

    // Numeric ids, as the API (and so the sandbox) requires.
    static let (c1, g1, g2, g3, a1, a2) = ("626700000001", "2680000000001", "2680000000002", "2680000000003",
                                           "687000000001", "687000000002")

    /// A small account: two active ad groups and an archived one (Pinterest refuses to change it).
    static func data() -> SandboxData {
        SandboxData(accounts: [Fixture.account], campaigns: [Fixture.campaign(c1)],
                    adGroups: [Fixture.adGroup(g1, campaign: c1), Fixture.adGroup(g2, campaign: c1),
                               Fixture.adGroup(g3, campaign: c1, status: .archived)],
                    ads: [Fixture.ad(a1, group: g1), Fixture.ad(a2, group: g2)])
    }

    /// Runs `body` with an engine whose client talks to a fresh sandbox.
    static func withEngine(cache: CacheDatabase? = nil, audit: AuditLog? = nil,
                           _ body: (AdsEngine, SnapshotStore, RunningSandbox) async throws -> Void) async throws {
        let configuration = SandboxConfiguration(requiredToken: token, dataSource: .data(data()),
                                                 clock: { SandboxHarness.referenceDate })
        try await SandboxHarness.with(configuration) { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: token))
            let store = SnapshotStore()
            let engine = AdsEngine(api: client, accountID: Fixture.accountID, store: store, cache: cache,
                                   configuration: Fixture.configuration,
                                   clock: ManualClock(start: SandboxHarness.referenceDate), audit: audit,
                                   readOnly: false, logger: Logger(label: "test"))
            do {
                try await body(engine, store, sandbox)
            } catch {
                engine.stop()
                throw error
            }
            engine.stop()
        }
    }

    @Test("starts from the cache, then replaces it with what the API serves")
    func startFromCacheThenRefresh() async throws {
        let directory = Fixture.temporaryDirectory()
        let identity = Credentials(accessToken: Self.token).fingerprint
        let savedAt = Date(timeIntervalSince1970: 1_780_000_000)
        try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: identity)
            .saveSnapshot(Snapshot(account: Fixture.account,
                                   adGroups: [Fixture.adGroup(Self.g1, campaign: Self.c1, name: "Cached")]),
                          savedAt: savedAt)
        let cache = try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: identity)
        try await Self.withEngine(cache: cache) { engine, store, _ in
            let published = Mutex<[Snapshot]>([])
            let queue = DispatchQueue(label: "subscriber")
            let subscription = store.subscribe(on: queue) { snapshot, _ in published.withLock { $0.append(snapshot) } }
            engine.start()
            await engine.waitForIdle()
            queue.sync {}
            subscription.cancel()
            let first = published.withLock { $0 }.first { !$0.adGroups.isEmpty }
            #expect(first?.cachedAt == savedAt)
            #expect(first?.adGroups.map(\.name) == ["Cached"])
            let fresh = store.current
            #expect(fresh.cachedAt == nil)
            #expect(Set(fresh.adGroups.map(\.id)) == [Self.g1, Self.g2, Self.g3])
            #expect(fresh.adGroups.first { $0.id == Self.g1 }?.name == "Group \(Self.g1)")
            #expect(fresh.collections[.adGroups]?.lastError == nil)
        }
        let saved = try #require(try CacheDatabase(directory: directory, accountID: Fixture.accountID,
                                                   identity: identity).loadSnapshot())
        #expect(Set(saved.adGroups.map(\.id)) == [Self.g1, Self.g2, Self.g3])
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(name))
            #expect(bytes.range(of: Data(Self.token.utf8)) == nil)
        }
    }

    @Test("pause is verified by reading back; a refused item keeps its status and Pinterest's message")
    func pauseAndPerItemFailure() async throws {
        let auditURL = Fixture.temporaryDirectory().appendingPathComponent("audit.log")
        try await Self.withEngine(audit: AuditLog(fileURL: auditURL)) { engine, store, sandbox in
            let events = EventRecorder(store)
            engine.start()
            await engine.waitForIdle()
            let outcome = await engine.perform(StatusAction(kind: .adGroup, ids: [Self.g1, Self.g3], target: .paused))
            #expect(outcome[Self.g1] == .succeeded)
            guard case .failed(let message) = outcome[Self.g3] else {
                Issue.record("the archived ad group must fail: \(String(describing: outcome[Self.g3]))")
                return
            }
            #expect(message.localizedCaseInsensitiveContains("archived"))
            #expect(store.current.adGroups.first { $0.id == Self.g1 }?.status == .paused)
            #expect(store.current.adGroups.first { $0.id == Self.g3 }?.status == .archived)
            #expect(store.current.pending.isEmpty)
            #expect(events.all.contains {
                $0.kind == .actionFailed && $0.entityID == Self.g3 && $0.detail == message
            })
            let served = await sandbox.store.snapshot()
            #expect(served.adGroup(Self.g1)?.status == .paused)

            let activated = await engine.perform(StatusAction(kind: .adGroup, ids: [Self.g1], target: .active))
            #expect(activated == .completed([Self.g1: .succeeded]))
            #expect(await sandbox.store.snapshot().adGroup(Self.g1)?.status == .active)
            let ad = await engine.perform(StatusAction(kind: .ad, ids: [Self.a2], target: .paused))
            #expect(ad == .completed([Self.a2: .succeeded]))
        }
        let audit = try String(contentsOf: auditURL, encoding: .utf8)
        #expect(audit.split(separator: "\n").count == 3)
        #expect(!audit.contains(Self.token))
        #expect(CacheFiles.permissions(of: auditURL) == 0o600)
    }
}
