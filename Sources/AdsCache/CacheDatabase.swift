import Foundation
import GRDB
import GRDBSQLite
import Logging
import PinterestAds

/// Every cached ad in brief by ad group, and in full by ad group when they were few enough.
public typealias CachedAds = (briefs: [String: AdBriefs], full: [String: [Ad]])

/// The on-disk copy of the last snapshot, so Pinwatch starts with data before the network answers.
///
/// One SQLite file per (account, identity), named by a one-way fingerprint, in a 0700 directory,
/// mode 0600 (as are its `-wal`/`-shm` files). Rows hold the API's objects in their compact binary
/// form (`CompactCodec`: every field, unknown ones and explicit nulls included, so they re-encode to
/// the same JSON), which decodes in a fraction of the time JSON takes; ids, parent ids and the
/// fields of an ad's brief are columns. A file that is corrupt, truncated or from a newer Pinwatch is moved aside as
/// `<name>.corrupt-<timestamp>` and a new one is made: the cache never stops Pinwatch from starting.
public final class CacheDatabase: Sendable {
    /// The schema version this build writes (`PRAGMA user_version`). Raise it whenever a table or
    /// a column's encoding changes: a file of another version is rebuilt when opened.
    public static let schemaVersion = 8

    /// The SQLite file.
    public let fileURL: URL
    /// Problems met while opening (e.g. a corrupt file moved aside), for people.
    public let warnings: [String]
    let database: DatabaseQueue
    private let logger: Logger

    /// Opens (or creates) the cache of `accountID` as seen by `identity` in the default directory
    /// (`$XDG_CACHE_HOME/pinwatch`). `identity` is a user id or a fingerprint of the token, never the token.
    public convenience init(accountID: String, identity: String,
                            logger: Logger = Logger(label: "pinwatch.cache")) throws {
        try self.init(directory: CacheFiles.defaultCacheDirectory(), accountID: accountID, identity: identity,
                      logger: logger)
    }

    /// Opens (or creates) the cache of `accountID` as seen by `identity` in `directory`.
    /// Throws only if no usable file can be made at all (e.g. the directory is not writable).
    public init(directory: URL, accountID: String, identity: String,
                logger: Logger = Logger(label: "pinwatch.cache")) throws {
        try CacheFiles.prepareDirectory(directory)
        let fileURL = directory.appendingPathComponent(
            CacheFiles.databaseFileName(accountID: accountID, identity: identity))
        var warnings: [String] = []
        let database: DatabaseQueue
        do {
            // A check after an earlier start found damage: rebuild now.
            if FileManager.default.fileExists(atPath: Self.damageMarker(fileURL).path) {
                try? FileManager.default.removeItem(at: Self.damageMarker(fileURL))
                throw OpenFailure.corrupt("an integrity check after the last start failed")
            }
            database = try Self.open(fileURL)
        } catch {
            let aside = Self.moveAside(fileURL)
            let warning = "The cache file \(fileURL.lastPathComponent) could not be used (\(Self.describe(error))); "
                + "moved it aside as \(aside.lastPathComponent) and started a new one."
            logger.warning("\(warning)")
            warnings.append(warning)
            database = try Self.open(fileURL)
        }
        self.fileURL = fileURL
        self.warnings = warnings
        self.database = database
        self.logger = logger
    }

    /// Runs SQLite's full `quick_check`; when it fails, logs why and marks the file so the next
    /// start moves it aside and builds a new one. Returns whether the file is sound. The engine
    /// runs it once after the first screen, off the UI thread.
    @discardableResult
    public func checkIntegrity() -> Bool {
        let problems: [String]
        do {
            problems = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch {
            problems = [Self.describe(error)]
        }
        guard problems != ["ok"] else { return true }
        logger.warning("The cache file \(fileURL.lastPathComponent) is damaged (\(problems.prefix(3).joined(separator: "; "))); it will be rebuilt at the next start.")
        _ = FileManager.default.createFile(atPath: Self.damageMarker(fileURL).path, contents: Data(),
                                       attributes: [.posixPermissions: 0o600])
        return false
    }

    /// The file whose presence says a check found `fileURL` damaged.
    static func damageMarker(_ fileURL: URL) -> URL {
        URL(fileURLWithPath: fileURL.path + ".damaged")
    }

    /// Parts of a snapshot stored in their own table, so a save can rewrite only what changed.
    public struct Parts: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The ad accounts (and the account in view).
        public static let accounts = Parts(rawValue: 1 << 0)
        /// The campaigns.
        public static let campaigns = Parts(rawValue: 1 << 1)
        /// The ad groups.
        public static let adGroups = Parts(rawValue: 1 << 2)
        /// The metrics.
        public static let metrics = Parts(rawValue: 1 << 4)
        /// Everything.
        public static let all: Parts = [.accounts, .campaigns, .adGroups, .metrics]
    }

    /// Writes `snapshot` (accounts, campaigns, ad groups, metrics, fetch times) in one transaction,
    /// replacing what was there. Pending changes and errors are not stored. Ads are not part of it:
    /// a snapshot holds only some of them in full, so they are written as they are fetched
    /// (`writeAds(listed:allIDs:)`, `replaceAds(inAdGroup:with:)`).
    ///
    /// `parts` limits the tables rewritten to those that changed since the last save (the others
    /// must already hold the same content); the save time and fetch times are always written.
    /// Encoding 60,000 entities takes seconds, while a refresh that changed nothing needs none of it.
    ///
    /// `adGroupPages`, how the listing that gave the ad groups was paged, is kept with them (when
    /// they are written and the pages cover them exactly), for `loadAdGroupPages()`.
    public func saveSnapshot(_ snapshot: Snapshot, savedAt: Date = Date(), parts: Parts = .all,
                             adGroupPages: ListingPages? = nil) throws {
        try database.write { db in
            var tables = ["meta", "collections"]
            if parts.contains(.accounts) { tables.append("accounts") }
            if parts.contains(.campaigns) { tables.append("campaigns") }
            if parts.contains(.adGroups) { tables.append("ad_groups") }
            if parts.contains(.metrics) { tables.append("metrics") }
            for table in tables {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            let meta = try db.makeStatement(sql: "INSERT INTO meta (key, value) VALUES (?, ?)")
            try meta.execute(arguments: ["saved_at", savedAt.timeIntervalSince1970])
            if let account = snapshot.account {
                try meta.execute(arguments: ["account", CompactCodec.encode(account)])
            }
            if parts.contains(.accounts) {
                let accounts = try db.makeStatement(sql: "INSERT INTO accounts (position, id, body) VALUES (?, ?, ?)")
                for (position, account) in snapshot.accounts.enumerated() {
                    try accounts.execute(arguments: [position, account.id, CompactCodec.encode(account)])
                }
            }
            if parts.contains(.campaigns) {
                let campaigns = try db.makeStatement(sql: "INSERT INTO campaigns (position, id, body) VALUES (?, ?, ?)")
                for (position, campaign) in snapshot.campaigns.enumerated() {
                    try campaigns.execute(arguments: [position, campaign.id, CompactCodec.encode(campaign)])
                }
            }
            if parts.contains(.adGroups) {
                let adGroups = try db.makeStatement(
                    sql: "INSERT INTO ad_groups (position, id, campaign_id, body) VALUES (?, ?, ?, ?)")
                for (position, group) in snapshot.adGroups.enumerated() {
                    try adGroups.execute(arguments: [position, group.id, group.campaignId, CompactCodec.encode(group)])
                }
            }
            if parts.contains(.adGroups) {
                try db.execute(sql: "DELETE FROM listing_pages WHERE listing = 'ad_groups'")
                if let pages = adGroupPages, pages.covers(snapshot.adGroups.count) {
                    let insert = try db.makeStatement(sql: """
                        INSERT INTO listing_pages (listing, position, digest_high, digest_low, bookmark, start, end)
                        VALUES ('ad_groups', ?, ?, ?, ?, ?, ?)
                        """)
                    for position in pages.ranges.indices {
                        let digest = pages.digests[position], range = pages.ranges[position]
                        try insert.execute(arguments: [position, Int64(bitPattern: digest.high),
                                                       Int64(bitPattern: digest.low), pages.bookmarks[position],
                                                       range.lowerBound, range.upperBound])
                    }
                }
            }
            if parts.contains(.metrics) {
                // One row: 10,000 small values decode faster as one blob than as 10,000 rows.
                try db.execute(sql: "INSERT INTO metrics (id, body) VALUES (1, ?)",
                               arguments: [CompactCodec.encode(snapshot.metrics)])
                // The campaigns' and the account's (row 2 and 3); the ads' follow the ad group in view.
                try db.execute(sql: "INSERT INTO metrics (id, body) VALUES (2, ?)",
                               arguments: [CompactCodec.encode(snapshot.levelMetrics.campaigns)])
                if let account = snapshot.levelMetrics.account {
                    try db.execute(sql: "INSERT INTO metrics (id, body) VALUES (3, ?)",
                                   arguments: [CompactCodec.encode(["": account])])
                }
            }
            let collections = try db.makeStatement(sql: "INSERT INTO collections (kind, fetched_at) VALUES (?, ?)")
            for (kind, status) in snapshot.collections {
                guard let fetched = status.lastFetched else { continue }
                try collections.execute(arguments: [kind.rawValue, fetched.timeIntervalSince1970])
            }
        }
        restrictSideFiles()
    }

    /// The snapshot saved last, with `cachedAt` set to when it was saved; nil if there is none or it
    /// cannot be read (then the cache is emptied and a warning logged).
    ///
    /// Every ad is loaded in brief; full ads only when there are at most `fullAdsLimit` of them
    /// (the others are read per ad group with `loadAds(adGroupID:)`).
    ///
    /// With `ads: false` no ad is read (`loadAds(fullAdsLimit:)` reads them): a start paints the
    /// ad groups first and fills in their ads a moment later.
    public func loadSnapshot(fullAdsLimit: Int = .max, ads: Bool = true) -> Snapshot? {
        do {
            return try database.read { db in
                guard var snapshot = try Self.read(db) else { return nil }
                if ads { (snapshot.adBriefs, snapshot.adsByAdGroup) = try Self.readAds(db, fullAdsLimit: fullAdsLimit) }
                return snapshot
            }
        } catch {
            logger.warning("The cache could not be read (\(Self.describe(error))); starting without it.")
            try? database.write { db in
                for table in ["meta", "accounts", "campaigns", "ad_groups", "ads", "ads_pages", "listing_pages", "metrics",
                              "collections"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
            }
            return nil
        }
    }

    /// Every cached ad in brief, and in full when there are at most `fullAdsLimit` of them; nil if
    /// they cannot be read.
    public func loadAds(fullAdsLimit: Int) -> CachedAds? {
        do {
            return try database.read { db in try Self.readAds(db, fullAdsLimit: fullAdsLimit) }
        } catch {
            logger.warning("The cached ads could not be read (\(Self.describe(error))).")
            return nil
        }
    }

    private static func read(_ db: Database) throws -> Snapshot? {
        guard let savedAt = try Double.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'saved_at'") else {
            return nil
        }
        var snapshot = Snapshot(cachedAt: Date(timeIntervalSince1970: savedAt))
        if let data = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'account'") {
            snapshot.account = try CompactCodec.decode(AdAccount.self, from: data)
        }
        snapshot.accounts = try decodeAll(AdAccount.self, db, table: "accounts")
        snapshot.campaigns = try decodeAll(Campaign.self, db, table: "campaigns")
        snapshot.adGroups = try decodeAll(AdGroup.self, db, table: "ad_groups")
        if let data = try Data.fetchOne(db, sql: "SELECT body FROM metrics WHERE id = 1") {
            snapshot.metrics = try CompactCodec.decode([String: AdGroupMetrics].self, from: data)
        }
        if let data = try Data.fetchOne(db, sql: "SELECT body FROM metrics WHERE id = 2") {
            snapshot.levelMetrics.campaigns = try CompactCodec.decode([String: EntityMetrics].self, from: data)
        }
        if let data = try Data.fetchOne(db, sql: "SELECT body FROM metrics WHERE id = 3") {
            snapshot.levelMetrics.account = try CompactCodec.decode([String: EntityMetrics].self, from: data)[""]
        }
        let collectionRows = try Row.fetchCursor(db, sql: "SELECT kind, fetched_at FROM collections")
        while let row = try collectionRows.next() {
            let raw: String = row[0]
            guard let kind = CollectionKind(rawValue: raw) else { continue }
            let fetched: Double = row[1]
            snapshot.collections[kind] = CollectionStatus(lastFetched: Date(timeIntervalSince1970: fetched))
        }
        return snapshot
    }

    private static func readAds(_ db: Database, fullAdsLimit: Int) throws
        -> CachedAds {
        let briefs = try readBriefs(db)
        var full: [String: [Ad]] = [:]
        if try Int.fetchOne(db, sql: "SELECT count(*) FROM ads") ?? 0 <= fullAdsLimit {
            let adRows = try Row.fetchCursor(db, sql: "SELECT ad_group_id, body FROM ads ORDER BY ad_group_id, position")
            while let row = try adRows.next() {
                let data: Data = row[1]
                full[row[0], default: []].append(try CompactCodec.decode(Ad.self, from: data))
            }
        }
        return (briefs, full)
    }

    /// Every ad in brief, by ad group, from the columns (no blob is decoded). The columns' text is
    /// packed as SQLite holds it, without a string per field: this is most of a start's cache read.
    private static func readBriefs(_ db: Database) throws -> [String: AdBriefs] {
        var briefs: [String: AdBriefs] = [:]
        briefs.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM ad_groups") ?? 0)
        let statement = try db.makeStatement(sql: """
            SELECT ad_group_id, id, name, status, summary_status, review_status, rejected_reasons
            FROM ads ORDER BY ad_group_id, position
            """)
        let rows = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        /// A column's UTF-8 in the current row, valid until the next step; nil for NULL.
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard let pointer = sqlite3_column_text(sqlite, column) else { return nil }
            return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(sqlite, column)))
        }
        /// A blob column's bytes in the current row (never empty as the cache writes it); nil for NULL.
        func blob(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard let pointer = sqlite3_column_blob(sqlite, column) else { return nil }
            return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self),
                                       count: Int(sqlite3_column_bytes(sqlite, column)))
        }
        // Rows come grouped by ad group: each group's briefs are packed, then stored once.
        var group: [UInt8]?
        var builder = AdBriefs.Builder()
        func store() {
            if let group { briefs[String(decoding: group, as: UTF8.self)] = builder.build() }
        }
        while try rows.next() != nil {
            guard let rowGroup = text(0), let id = text(1) else { continue }
            if !(group?.elementsEqual(rowGroup) ?? false) {
                store()
                group = Array(rowGroup)
            }
            builder.append(id: id, name: text(2), status: text(3), summaryStatus: text(4), reviewStatus: text(5),
                           rejectedReasons: blob(6))
        }
        store()
        return briefs
    }

    /// The full ads of one ad group as last written, in order; empty if none are cached.
    public func loadAds(adGroupID: String) -> [Ad] {
        do {
            return try database.read { db in
                try Data.fetchAll(db, sql: "SELECT body FROM ads WHERE ad_group_id = ? ORDER BY position",
                                  arguments: [adGroupID]).map { data throws in try CompactCodec.decode(Ad.self, from: data) }
            }
        } catch {
            logger.warning("The cached ads of an ad group could not be read (\(Self.describe(error))).")
            return []
        }
    }

    /// Writes the ads of a whole-account listing: `listed` (ad, position in the listing) are
    /// inserted or replaced, and every cached ad whose id is not in `allIDs` is deleted.
    /// Pages that did not change since the last listing need not be passed again.
    public func writeAds(listed: [(ad: Ad, position: Int)], allIDs: Set<String>) throws {
        try upsertAds(listed)
        try pruneAds(keeping: allIDs)
    }

    /// Inserts or replaces ads of a whole-account listing at their positions in it (one page's
    /// worth at a time, as a listing arrives). The pages of the last listing are forgotten: the
    /// ads no longer match them until the listing that writes these ends (`saveAdsPages`).
    public func upsertAds(_ listed: [(ad: Ad, position: Int)]) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM ads_pages")
            let upsert = try db.makeStatement(sql: """
                INSERT INTO ads (id, ad_group_id, position, name, status, summary_status, review_status,
                                 rejected_reasons, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET ad_group_id = excluded.ad_group_id, position = excluded.position,
                    name = excluded.name, status = excluded.status, summary_status = excluded.summary_status,
                    review_status = excluded.review_status, rejected_reasons = excluded.rejected_reasons,
                    body = excluded.body
                """)
            for (ad, position) in listed {
                try upsert.execute(arguments: Self.columns(of: ad, position: position))
            }
        }
        restrictSideFiles()
    }

    /// How the listing of the cached ad groups was paged; nil if that is not known (or unreadable).
    public func loadAdGroupPages() -> ListingPages? {
        do {
            return try database.read { db in
                var pages = ListingPages(digests: [], ranges: [], bookmarks: [])
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT digest_high, digest_low, bookmark, start, end FROM listing_pages
                    WHERE listing = 'ad_groups' ORDER BY position
                    """)
                while let row = try rows.next() {
                    let high: Int64 = row[0], low: Int64 = row[1], start: Int = row[3], end: Int = row[4]
                    guard start <= end else { return nil }
                    pages.digests.append(PageDigest(high: UInt64(bitPattern: high), low: UInt64(bitPattern: low)))
                    pages.bookmarks.append(row[2])
                    pages.ranges.append(start..<end)
                }
                return pages.ranges.isEmpty ? nil : pages
            }
        } catch {
            logger.warning("The cached ad group pages could not be read (\(Self.describe(error))).")
            return nil
        }
    }

    /// Remembers the pages of a whole-account ads listing that has been written in full, in place
    /// of any before; nothing when a page has no digest.
    func saveAdsPages(_ pages: [AdsPageRecord]) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM ads_pages")
            guard pages.allSatisfy({ $0.digest != nil }) else { return }
            let insert = try db.makeStatement(sql: """
                INSERT INTO ads_pages (position, digest_high, digest_low, bookmark, ids) VALUES (?, ?, ?, ?, ?)
                """)
            for (position, page) in pages.enumerated() {
                guard let digest = page.digest else { continue }
                try insert.execute(arguments: [position, Int64(bitPattern: digest.high), Int64(bitPattern: digest.low),
                                               page.bookmark, CompactCodec.encode(page.ids)])
            }
        }
        restrictSideFiles()
    }

    /// The pages of the last whole-account ads listing written in full; empty if there is none or
    /// they cannot be read.
    func loadAdsPages() -> [AdsPageRecord] {
        do {
            return try database.read { db in
                var pages: [AdsPageRecord] = []
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT digest_high, digest_low, bookmark, ids FROM ads_pages ORDER BY position
                    """)
                while let row = try rows.next() {
                    let high: Int64 = row[0], low: Int64 = row[1], ids: Data = row[3]
                    let digest = PageDigest(high: UInt64(bitPattern: high), low: UInt64(bitPattern: low))
                    pages.append(AdsPageRecord(digest: digest, bookmark: row[2],
                                               ids: try CompactCodec.decode([String].self, from: ids)))
                }
                return pages
            }
        } catch {
            logger.warning("The cached ads pages could not be read (\(Self.describe(error))); every page will be decoded.")
            return []
        }
    }

    /// Deletes every cached ad whose id is not in `allIDs` (the ids a whole listing gave).
    public func pruneAds(keeping allIDs: Set<String>) throws {
        try database.write { db in
            let delete = try db.makeStatement(sql: "DELETE FROM ads WHERE id = ?")
            for id in try String.fetchAll(db, sql: "SELECT id FROM ads") where !allIDs.contains(id) {
                try delete.execute(arguments: [id])
            }
        }
        restrictSideFiles()
    }

    /// Replaces the cached ads of one ad group with `ads` (a listing of that ad group): ads already
    /// cached keep their place, new ones go after the others, missing ones are deleted.
    public func replaceAds(inAdGroup adGroupID: String, with ads: [Ad]) throws {
        try database.write { db in
            let keep = Set(ads.map(\.id))
            let delete = try db.makeStatement(sql: "DELETE FROM ads WHERE id = ?")
            for id in try String.fetchAll(db, sql: "SELECT id FROM ads WHERE ad_group_id = ?", arguments: [adGroupID])
            where !keep.contains(id) {
                try delete.execute(arguments: [id])
            }
            try Self.upsertKeepingPlace(ads.map { ad in
                var row = ad
                row.adGroupId = ad.adGroupId ?? adGroupID
                return row
            }, in: db)
        }
        restrictSideFiles()
    }

    /// Replaces the cached copies of `ads` (read back after a status change) where they are; an
    /// ad not cached yet goes after the others.
    public func updateAds(_ ads: [Ad]) throws {
        try database.write { db in try Self.upsertKeepingPlace(ads, in: db) }
        restrictSideFiles()
    }

    /// Inserts or replaces ads by id; a replaced ad keeps its position, a new one goes last.
    private static func upsertKeepingPlace(_ ads: [Ad], in db: Database) throws {
        var next = (try Int.fetchOne(db, sql: "SELECT max(position) FROM ads") ?? -1) + 1
        let upsert = try db.makeStatement(sql: """
            INSERT INTO ads (id, ad_group_id, position, name, status, summary_status, review_status,
                             rejected_reasons, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET ad_group_id = excluded.ad_group_id, name = excluded.name,
                status = excluded.status, summary_status = excluded.summary_status,
                review_status = excluded.review_status, rejected_reasons = excluded.rejected_reasons,
                body = excluded.body
            """)
        for ad in ads {
            try upsert.execute(arguments: columns(of: ad, position: next))
            next += 1
        }
    }

    /// The column values of an ad row.
    private static func columns(of ad: Ad, position: Int) -> StatementArguments {
        [ad.id, ad.adGroupId ?? "", position, ad.name, ad.status?.rawValue, ad.summaryStatus?.rawValue,
         ad.reviewStatus?.rawValue, ad.rejectedReasons.map { Data(AdBriefs.encodedReasons($0)) },
         CompactCodec.encode(ad)]
    }

    /// Every row of `table` in order, decoded into an array of just the right size (it stays for hours).
    private static func decodeAll<T: CompactCodable>(_ type: T.Type, _ db: Database, table: String) throws -> [T] {
        var values: [T] = []
        values.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0)
        let rows = try Data.fetchCursor(db, sql: "SELECT body FROM \(table) ORDER BY position")
        while let data = try rows.next() { values.append(try CompactCodec.decode(T.self, from: data)) }
        return values
    }

    func restrictSideFiles() {
        CacheFiles.restrictIfPresent(URL(fileURLWithPath: fileURL.path + "-wal"))
        CacheFiles.restrictIfPresent(URL(fileURLWithPath: fileURL.path + "-shm"))
    }
}

extension CacheDatabase {
    /// Why a cache file was refused.
    enum OpenFailure: Error, CustomStringConvertible {
        case newerSchema(Int)
        case corrupt(String)

        var description: String {
            switch self {
            case .newerSchema(let version): "written by a newer Pinwatch (schema \(version))"
            case .corrupt(let detail): "corrupt: \(detail)"
            }
        }
    }

    /// The tables and indexes of the current schema. Rows hold the compact binary form of the
    /// API's objects; an ad's brief fields are columns, and its ad group index covers them, so a
    /// start reads every brief from the index alone. `ads_pages` and `listing_pages` remember how
    /// the last listings were paged, so the first listing after a start decodes only the pages
    /// that changed since. `alerts_fired` remembers the alerts given, `hourly_history` the
    /// account's totals hour by hour (see `CacheDatabase+Alerts.swift`).
    static let schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value);
        CREATE TABLE collections (kind TEXT PRIMARY KEY NOT NULL, fetched_at REAL NOT NULL);
        CREATE TABLE accounts (position INTEGER PRIMARY KEY, id TEXT NOT NULL, body BLOB NOT NULL);
        CREATE TABLE campaigns (position INTEGER PRIMARY KEY, id TEXT NOT NULL, body BLOB NOT NULL);
        CREATE INDEX campaigns_id ON campaigns (id);
        CREATE TABLE ad_groups (position INTEGER PRIMARY KEY, id TEXT NOT NULL, campaign_id TEXT,
                                body BLOB NOT NULL);
        CREATE INDEX ad_groups_id ON ad_groups (id);
        CREATE TABLE ads (id TEXT PRIMARY KEY NOT NULL, ad_group_id TEXT NOT NULL, position INTEGER NOT NULL,
                          name TEXT, status TEXT, summary_status TEXT, review_status TEXT,
                          rejected_reasons BLOB, body BLOB NOT NULL);
        CREATE INDEX ads_briefs ON ads (ad_group_id, position, id, name, status, summary_status,
                                        review_status, rejected_reasons);
        CREATE TABLE metrics (id INTEGER PRIMARY KEY, body BLOB NOT NULL);
        CREATE TABLE ads_pages (position INTEGER PRIMARY KEY, digest_high INTEGER NOT NULL,
                                digest_low INTEGER NOT NULL, bookmark TEXT, ids BLOB NOT NULL);
        CREATE TABLE listing_pages (listing TEXT NOT NULL, position INTEGER NOT NULL,
                                    digest_high INTEGER NOT NULL, digest_low INTEGER NOT NULL,
                                    bookmark TEXT, start INTEGER NOT NULL, end INTEGER NOT NULL,
                                    PRIMARY KEY (listing, position));
        CREATE TABLE alerts_fired (key TEXT PRIMARY KEY NOT NULL, fired_at REAL NOT NULL);
        CREATE TABLE hourly_history (hour REAL PRIMARY KEY NOT NULL, spend INTEGER NOT NULL,
                                     impressions INTEGER NOT NULL, clicks INTEGER NOT NULL);
        """

    /// Empties the file and creates the current schema in it. A cache of another version is
    /// rebuilt rather than converted: it is only a copy of what the API gives back on the next
    /// refresh, and a start without it still shows data within one round of requests.
    static func rebuild(_ db: Database) throws {
        let names = try Row.fetchAll(db, sql: """
            SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
            """).map { ($0[0] as String, $0[1] as String) }
        for (type, name) in names {
            try db.execute(sql: "DROP \(type == "view" ? "VIEW" : "TABLE") IF EXISTS \"\(name)\"")
        }
        try db.execute(sql: schema)
        try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
    }

    /// Opens and checks a file, rebuilding one of an older version (or a new, empty one); throws if
    /// it is unusable.
    static func open(_ fileURL: URL) throws -> DatabaseQueue {
        try CacheFiles.prepareFile(fileURL)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.label = "pinwatch.cache"
        configuration.busyMode = .timeout(2)
        let database = try DatabaseQueue(path: fileURL.path, configuration: configuration)
        do {
            try database.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version > schemaVersion { throw OpenFailure.newerSchema(version) }
                // A full check reads the whole file, which would delay the first paint of a large
                // account; at open only the size is checked (a truncated file), and the full check
                // runs after the start (`checkIntegrity()`).
                if let truncation = truncation(of: fileURL) { throw OpenFailure.corrupt(truncation) }
            }
            try database.write { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version != schemaVersion { try rebuild(db) }
            }
        } catch {
            try? database.close()
            throw error
        }
        for suffix in ["-wal", "-shm"] {
            CacheFiles.restrictIfPresent(URL(fileURLWithPath: fileURL.path + suffix))
        }
        return database
    }

    /// Says how a file is shorter than its header says (the page count as of the last checkpoint,
    /// so pages still in the WAL do not count), or nil when it is not, or the header cannot tell.
    static func truncation(of fileURL: URL) -> String? {
        guard let handle = FileHandle(forReadingAtPath: fileURL.path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100,
              let size = (try? FileManager.default.attributesOfItem(atPath: fileURL.path))?[.size] as? Int
        else { return nil }
        let bytes = [UInt8](header)
        func word(_ offset: Int) -> Int {
            Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        }
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let pages = word(28)
        // The header's page count is only kept up to date when these two counters agree.
        guard pages > 0, word(24) == word(92) else { return nil }
        let expected = pages * (pageSize == 1 ? 65_536 : pageSize)
        return expected > size ? "truncated: \(size) of \(expected) bytes" : nil
    }

    /// Renames the file (and its `-wal`/`-shm`) to `<name>.corrupt-<timestamp>`; returns the new name.
    static func moveAside(_ fileURL: URL) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stamp = formatter.string(from: Date())
        var suffix = ".corrupt-\(stamp)"
        var counter = 1
        while FileManager.default.fileExists(atPath: fileURL.path + suffix) {
            counter += 1
            suffix = ".corrupt-\(stamp)-\(counter)"
        }
        let aside = URL(fileURLWithPath: fileURL.path + suffix)
        let fileManager = FileManager.default
        try? fileManager.moveItem(at: fileURL, to: aside)
        for side in ["-wal", "-shm"] {
            let path = fileURL.path + side
            if fileManager.fileExists(atPath: path) {
                try? fileManager.moveItem(atPath: path, toPath: path + suffix)
            }
        }
        if fileManager.fileExists(atPath: fileURL.path) { try? fileManager.removeItem(at: fileURL) }
        return aside
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
