import AdsCache
import Foundation
import GRDB
import PinterestAds
import PinwatchTestSupport
import Testing

@Suite("Cache database")
struct CacheDatabaseTests {
    static func sample() -> Snapshot {
        var group = Fixture.adGroup("g1")
        group.explicitNulls = ["end_time"]
        group.additionalProperties = ["future_field": .string("kept")]
        return Snapshot(accounts: [Fixture.account], account: Fixture.account, campaigns: [Fixture.campaign("c1")],
                        adGroups: [group, Fixture.adGroup("g2")],
                        adsByAdGroup: ["g1": [Fixture.ad("a1", group: "g1"), Fixture.ad("a2", group: "g1")],
                                       "g2": [Fixture.ad("a3", group: "g2", review: .rejected, reasons: [.landingPage])]],
                        metrics: ["g1": AdGroupMetrics(spendToday: 5, impressionsToday: 6, clicksToday: 1,
                                                       dailySpend: [1, 2, 5])],
                        collections: [.adGroups: CollectionStatus(lastFetched: Date(timeIntervalSince1970: 1_700_000_000))])
    }

    static func open(_ directory: URL, identity: String = "user-1") throws -> CacheDatabase {
        try CacheDatabase(directory: directory, accountID: Fixture.accountID, identity: identity)
    }

    @Test("save then load gives back the same snapshot, with cachedAt set")
    func roundTrip() throws {
        let directory = Fixture.temporaryDirectory()
        let savedAt = Date(timeIntervalSince1970: 1_780_000_000)
        var expected = Self.sample()
        try Self.open(directory).saveWithAds(expected, savedAt: savedAt)
        let loaded = try #require(try Self.open(directory).loadSnapshot())
        expected.cachedAt = savedAt
        #expect(loaded == expected)
        #expect(loaded.adGroups.first?.explicitNulls == ["end_time"])
    }

    @Test("ads: a listing writes changed pages and deletes the unlisted; an ad group is replaced in place")
    func adsWrites() throws {
        let cache = try Self.open(Fixture.temporaryDirectory())
        try cache.saveWithAds(Self.sample())
        // a2 is gone, a3 changed, a4 is new; a1 is on a page that did not change (not passed again).
        var a3 = Fixture.ad("a3", group: "g2", review: .approved)
        a3.name = "Ad a3, fixed"
        try cache.writeAds(listed: [(a3, 2), (Fixture.ad("a4", group: "g2"), 3)], allIDs: ["a1", "a3", "a4"])
        let loaded = try #require(cache.loadSnapshot())
        #expect(loaded.adBriefs["g1"]?.map(\.id) == ["a1"])
        #expect(loaded.adBriefs["g2"]?.map(\.id) == ["a3", "a4"])
        #expect(loaded.adBriefs["g2"]?.first?.reviewStatus == .approved)
        #expect(loaded.adsByAdGroup["g2"]?.first?.name == "Ad a3, fixed")
        // The in-view refresh of g2: a4 removed, a5 added after the others; a3 keeps its place.
        try cache.replaceAds(inAdGroup: "g2", with: [Fixture.ad("a5", group: "g2"), a3])
        #expect(cache.loadAds(adGroupID: "g2").map(\.id) == ["a3", "a5"])
        #expect(cache.loadAds(adGroupID: "g1").map(\.id) == ["a1"])
        #expect(cache.loadSnapshot(fullAdsLimit: 1)?.adsByAdGroup.isEmpty == true)
        #expect(cache.loadSnapshot(fullAdsLimit: 1)?.adCount == 3)
    }

    @Test("a cache of another version is rebuilt empty, with the brief index every start reads")
    func otherVersionRebuilt() throws {
        let directory = Fixture.temporaryDirectory()
        let fileURL: URL
        do {
            let cache = try Self.open(directory)
            try cache.saveWithAds(Self.sample())
            fileURL = cache.fileURL
        }
        // The file as an older Pinwatch left it: other tables, another version.
        try Self.execute("""
            DROP INDEX ads_briefs; CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            PRAGMA user_version = 6;
            """, at: fileURL)
        let cache = try Self.open(directory)
        #expect(cache.warnings.isEmpty, "an older cache is not damage")
        #expect(cache.loadSnapshot() == nil)
        try cache.saveWithAds(Self.sample())
        #expect(cache.loadSnapshot()?.adCount == 3)
        let plan = try DatabaseQueue(path: fileURL.path).read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT ad_group_id, id, name, status, summary_status, review_status,
                rejected_reasons FROM ads ORDER BY ad_group_id, position
                """).map { $0["detail"] as String }
        }
        #expect(plan == ["SCAN ads USING COVERING INDEX ads_briefs"])
        let tables = try DatabaseQueue(path: fileURL.path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(!tables.contains("grdb_migrations"))
        #expect(try DatabaseQueue(path: fileURL.path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
                == CacheDatabase.schemaVersion)
    }

    @Test("rejection reasons with a newline or no text read back the same, in brief and in full")
    func reasonsRoundTrip() throws {
        let reasons: [RejectedReason] = [.unknown("a\nb"), .unknown(""), .landingPage]
        let ads = [Fixture.ad("a1", group: "g1", review: .rejected, reasons: reasons),
                   Fixture.ad("a2", group: "g1", review: .rejected, reasons: [.unknown("")]),
                   Fixture.ad("a3", group: "g1")]
        let directory = Fixture.temporaryDirectory()
        try Self.open(directory).saveWithAds(Snapshot(account: Fixture.account, adGroups: [Fixture.adGroup("g1")],
                                                      adsByAdGroup: ["g1": ads]))
        let cache = try Self.open(directory)
        // In brief only (as a large account starts), then in full: the two must agree, or the
        // engine would not show the cached ads of an ad group opened.
        let briefs = try #require(cache.loadSnapshot(fullAdsLimit: 0))
        #expect(briefs.adBriefs["g1"].map(Array.init) == ads.map(AdBrief.init))
        #expect(briefs.adBriefs["g1"] == AdBriefs(cache.loadAds(adGroupID: "g1")))
        #expect(cache.loadAds(adGroupID: "g1").map(\.rejectedReasons) == ads.map(\.rejectedReasons))
    }

    @Test("writing a listing's first changed page forgets the pages of the last listing")
    func listingPagesForgottenOnWrite() throws {
        let cache = try Self.open(Fixture.temporaryDirectory())
        try cache.saveWithAds(Self.sample())
        try Self.execute("""
            INSERT INTO ads_pages (position, digest_high, digest_low, bookmark, ids) VALUES (0, 1, 2, NULL, x'00')
            """, at: cache.fileURL)
        let count = { try DatabaseQueue(path: cache.fileURL.path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM ads_pages") } }
        #expect(try count() == 1)
        // A listing interrupted after this page would leave rows the old pages no longer describe.
        try cache.upsertAds([(Fixture.ad("a9", group: "g1"), 9)])
        #expect(try count() == 0)
    }

    @Test("the ad groups' listing pages are kept with them, only when they cover them exactly")
    func adGroupPages() throws {
        let cache = try Self.open(Fixture.temporaryDirectory())
        var snapshot = Self.sample()
        snapshot.adGroups = (0..<5).map { Fixture.adGroup("g\($0)") }
        let pages = ListingPages(digests: [PageDigest(high: 1, low: 2), PageDigest(high: .max, low: 0)],
                                 ranges: [0..<3, 3..<5], bookmarks: ["b1", nil])
        #expect(pages.covers(5) && !pages.covers(6) && !pages.covers(4))
        try cache.saveSnapshot(snapshot, adGroupPages: pages)
        #expect(cache.loadAdGroupPages() == pages)
        // A save that does not rewrite the ad groups leaves their pages alone.
        try cache.saveSnapshot(snapshot, parts: [.metrics], adGroupPages: nil)
        #expect(cache.loadAdGroupPages() == pages)
        // An ad group added after the listing (a read-back): the pages no longer cover the list.
        snapshot.adGroups.append(Fixture.adGroup("g5"))
        try cache.saveSnapshot(snapshot, adGroupPages: pages)
        #expect(cache.loadAdGroupPages() == nil)
        #expect(!ListingPages(digests: [PageDigest(high: 0, low: 0)], ranges: [1..<5], bookmarks: [nil]).covers(4))
    }

    @Test("an empty cache loads as nil")
    func empty() throws {
        #expect(try Self.open(Fixture.temporaryDirectory()).loadSnapshot() == nil)
    }

    @Test("the directory is 0700 and the database and its WAL files 0600, in WAL mode")
    func permissions() throws {
        let root = Fixture.temporaryDirectory()
        let directory = root.appendingPathComponent("pinwatch")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let cache = try Self.open(directory)
        try cache.saveSnapshot(Self.sample())
        #expect(CacheFiles.permissions(of: directory) == 0o700)
        #expect(CacheFiles.permissions(of: cache.fileURL) == 0o600)
        let wal = URL(fileURLWithPath: cache.fileURL.path + "-wal")
        let shm = URL(fileURLWithPath: cache.fileURL.path + "-shm")
        #expect(CacheFiles.permissions(of: wal) == 0o600)
        #expect(CacheFiles.permissions(of: shm) == 0o600)
        let mode = try DatabaseQueue(path: cache.fileURL.path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("two identities get two files; neither sees the other's data; no token in names or bytes")
    func identitySeparation() throws {
        let directory = Fixture.temporaryDirectory()
        let tokenA = "pina_SECRET_TOKEN_AAAA_1234567890"
        let tokenB = "pina_SECRET_TOKEN_BBBB_0987654321"
        let first = try Self.open(directory, identity: Fingerprint.sha256Hex(tokenA))
        let second = try Self.open(directory, identity: Fingerprint.sha256Hex(tokenB))
        #expect(first.fileURL != second.fileURL)
        try first.saveSnapshot(Snapshot(adGroups: [Fixture.adGroup("only-a")]))
        #expect(second.loadSnapshot() == nil)
        try second.saveSnapshot(Snapshot(adGroups: [Fixture.adGroup("only-b")]))
        #expect(first.loadSnapshot()?.adGroups.map(\.id) == ["only-a"])
        #expect(second.loadSnapshot()?.adGroups.map(\.id) == ["only-b"])
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            for token in [tokenA, tokenB] {
                #expect(!file.contains(token))
                #expect(!file.contains(Fingerprint.sha256Hex(token)), "the identity itself is hashed again")
                let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                #expect(bytes.range(of: Data(token.utf8)) == nil)
            }
        }
    }

    /// Runs SQL on a file directly, as another program would.
    static func execute(_ sql: String, at fileURL: URL) throws {
        try DatabaseQueue(path: fileURL.path).writeWithoutTransaction { try $0.execute(sql: sql) }
    }

    /// Saves 3,000 ad groups with long names (a file of many pages, checkpointed into the main
    /// file when the cache closes) and returns the file.
    static func saveLargeCache(in directory: URL) throws -> URL {
        var big = sample()
        big.adGroups = (0..<3_000).map { Fixture.adGroup("g\($0)", name: String(repeating: "n", count: 200)) }
        let cache = try open(directory)
        try cache.saveSnapshot(big)
        return cache.fileURL
    }

    enum Damage: String, CaseIterable, Sendable {
        case garbage, truncated, newerUserVersion
    }

    @Test("a damaged or newer file is moved aside, rebuilt, and the engine still starts", arguments: Damage.allCases)
    func recovery(_ damage: Damage) async throws {
        let directory = Fixture.temporaryDirectory()
        let fileURL = try Self.saveLargeCache(in: directory)
        switch damage {
        case .garbage:
            try Data((0..<8_192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: fileURL)
        case .truncated:
            let size = try #require(try FileManager.default.attributesOfItem(atPath: fileURL.path)[.size] as? Int)
            #expect(size > 100_000, "the data was checkpointed into the main file")
            let handle = try FileHandle(forWritingTo: fileURL)
            try handle.truncate(atOffset: UInt64(size / 2))
            try handle.close()
        case .newerUserVersion:
            try Self.execute("PRAGMA user_version = 99", at: fileURL)
        }

        let reopened = try Self.open(directory)
        #expect(reopened.warnings.count == 1)
        #expect(reopened.loadSnapshot() == nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.contains { $0.hasPrefix(fileURL.lastPathComponent + ".corrupt-") })
        try reopened.saveSnapshot(Self.sample())
        #expect(reopened.loadSnapshot()?.adGroups.count == 2)
        #expect(CacheFiles.permissions(of: reopened.fileURL) == 0o600)

        let harness = Harness(cache: try Self.open(directory))
        await harness.start()
        #expect(harness.store.current.adGroups.map(\.id) == ["g1", "g2"])
        #expect(harness.store.current.cachedAt == nil)
    }

    @Test("damage inside the file is found after the start; the next start moves the file aside")
    func damageFoundAfterStart() throws {
        let directory = Fixture.temporaryDirectory()
        let fileURL = try Self.saveLargeCache(in: directory)
        // Garbage over a few pages in the middle; the header and the size stay right.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: fileURL.path)[.size] as? Int)
        let handle = try FileHandle(forWritingTo: fileURL)
        try handle.seek(toOffset: UInt64(size / 2))
        try handle.write(contentsOf: Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }))
        try handle.close()

        let damaged = try Self.open(directory)
        #expect(damaged.warnings.isEmpty, "opening stays cheap: the full check comes later")
        #expect(damaged.checkIntegrity() == false)
        #expect(FileManager.default.fileExists(atPath: fileURL.path + ".damaged"))

        let rebuilt = try Self.open(directory)
        #expect(rebuilt.warnings.count == 1)
        #expect(rebuilt.loadSnapshot() == nil)
        #expect(rebuilt.checkIntegrity())
        #expect(!FileManager.default.fileExists(atPath: fileURL.path + ".damaged"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.contains { $0.hasPrefix(fileURL.lastPathComponent + ".corrupt-") })
    }

    /// Its time is measured by pinwatch-bench (`cache_save`, `cache_load`), not bounded here.
    @Test("saving and loading 10,000 ad groups and 50,000 ads", .tags(.slow))
    func large() async throws {
        let cache = try Self.open(Fixture.temporaryDirectory())
        let loaded = try await offPool { () throws -> Snapshot? in
            try cache.saveWithAds(LargeSnapshot.make())
            return cache.loadSnapshot(fullAdsLimit: 10_000)
        }
        #expect(loaded?.adGroups.count == 10_000)
        // Over the limit, every ad is loaded in brief and none in full.
        #expect(loaded?.adCount == 50_000)
        #expect(loaded?.allAds.isEmpty == true)
        #expect(loaded?.adCounts(of: "g0")?.total == 5)
        #expect(cache.loadAds(adGroupID: "g0").count == 5)
    }
}
