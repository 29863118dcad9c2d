import Foundation

/// How often each collection is refreshed, how failures back off, and how analytics are read.
public struct RefreshConfiguration: Sendable, Equatable {
    /// Seconds between refreshes, per collection.
    public var intervals: [CollectionKind: TimeInterval]
    /// Random spread of each interval, as a fraction (0.1 = ±10 %), so refreshes do not align.
    public var jitter: Double
    /// The first retry delay after a failure; it doubles with each failure in a row.
    public var backoffBase: TimeInterval
    /// The longest retry delay.
    public var backoffCap: TimeInterval
    /// Days of analytics to read, ending today.
    public var analyticsDays: Int
    /// The time zone the account reports in (decides what "today" is).
    public var reportingTimeZone: TimeZone
    /// Least time between two saves of the snapshot to the cache.
    public var cacheSaveInterval: TimeInterval
    /// Accounts with at most this many ads keep every ad in full in memory; larger ones keep every
    /// ad in brief (`AdBrief`) and in full only those of the ad groups recently in view, read from
    /// the cache or the API when an ad group is opened: every ad of a large account in full would
    /// take many times the memory of the rest of the snapshot.
    public var residentAdsLimit: Int

    /// Creates a configuration; the defaults are Pinwatch's cadences.
    public init(intervals: [CollectionKind: TimeInterval] = RefreshConfiguration.defaultIntervals,
                jitter: Double = 0.1, backoffBase: TimeInterval = 5, backoffCap: TimeInterval = 300,
                analyticsDays: Int = MetricsRange.windowDays, reportingTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                cacheSaveInterval: TimeInterval = 60, residentAdsLimit: Int = 10_000) {
        self.intervals = intervals
        self.jitter = jitter
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.analyticsDays = analyticsDays
        self.reportingTimeZone = reportingTimeZone
        self.cacheSaveInterval = cacheSaveInterval
        self.residentAdsLimit = residentAdsLimit
    }

    /// Ad groups and campaigns every 30 s, ads of the ad group in view every 15 s, all ads every
    /// 2 min, analytics and the account list every 5 min.
    public static let defaultIntervals: [CollectionKind: TimeInterval] = [
        .accounts: 300, .campaigns: 30, .adGroups: 30, .adsInView: 15, .ads: 120, .analytics: 300,
    ]

    /// The interval of a collection (5 min if not configured).
    public func interval(for kind: CollectionKind) -> TimeInterval {
        max(1, intervals[kind] ?? 300)
    }

    /// The interval of a collection with jitter applied; `random` is a value in 0…1.
    public func jittered(_ kind: CollectionKind, random: Double) -> TimeInterval {
        let spread = min(max(jitter, 0), 0.5)
        return interval(for: kind) * (1 + spread * (2 * random - 1))
    }

    /// The retry delay after `failures` failures in a row (1 → base, 2 → 2×base, … up to the cap).
    public func backoff(afterFailures failures: Int) -> TimeInterval {
        let exponent = min(max(failures - 1, 0), 30)
        return min(backoffCap, backoffBase * pow(2, Double(exponent)))
    }
}
