import Foundation
import GRDB

/// What alerts need from the cache: which were given already (so a restart, or a second Pinwatch
/// on the same account, does not give them again) and the account's hourly totals.
extension CacheDatabase {
    /// Records `keys` as alerted at `time` and returns those that were not alerted before, in
    /// order. One transaction: of two processes claiming the same key, only one gets it.
    public func claimAlerts(_ keys: [String], at time: Date) throws -> [String] {
        guard !keys.isEmpty else { return [] }
        let claimed = try database.write { db -> [String] in
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO alerts_fired (key, fired_at) VALUES (?, ?)")
            var fresh: [String] = []
            for key in keys {
                try insert.execute(arguments: [key, time.timeIntervalSince1970])
                if db.changesCount > 0 { fresh.append(key) }
            }
            // Keys older than the history are forgotten, so the table stays small.
            try db.execute(sql: "DELETE FROM alerts_fired WHERE fired_at < ?",
                           arguments: [time.timeIntervalSince1970 - HourSample.retention])
            return fresh
        }
        restrictSideFiles()
        return claimed
    }

    /// Whether `key` was alerted.
    public func wasAlerted(_ key: String) -> Bool {
        (try? database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM alerts_fired WHERE key = ?", arguments: [key])
        }) ?? nil ?? false
    }

    /// Keeps `sample` as its hour's totals (the latest of the hour wins) and forgets samples older
    /// than `HourSample.retention`.
    public func recordHour(_ sample: HourSample) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO hourly_history (hour, spend, impressions, clicks) VALUES (?, ?, ?, ?)
                ON CONFLICT (hour) DO UPDATE SET spend = excluded.spend, impressions = excluded.impressions,
                    clicks = excluded.clicks
                """, arguments: [sample.hour.timeIntervalSince1970, sample.spend, sample.impressions, sample.clicks])
            try db.execute(sql: "DELETE FROM hourly_history WHERE hour < ?",
                           arguments: [sample.hour.timeIntervalSince1970 - HourSample.retention])
        }
        restrictSideFiles()
    }

    /// The hourly totals kept, oldest first (empty if they cannot be read).
    public func loadHistory() -> [HourSample] {
        (try? database.read { db in
            try Row.fetchAll(db, sql: "SELECT hour, spend, impressions, clicks FROM hourly_history ORDER BY hour").map {
                HourSample(hour: Date(timeIntervalSince1970: $0[0]), spend: $0[1], impressions: $0[2], clicks: $0[3])
            }
        }) ?? []
    }
}
