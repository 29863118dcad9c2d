import AdsCache
import Foundation
import PinterestAds

/// One ad account at a glance: what the wall shows in large digits and the accounts overview in
/// one row. Made from a snapshot (the account on screen, or one refreshed in the background) and
/// the account's latest notable change events.
public struct AccountHealth: Equatable, Sendable {
    /// The account's id.
    public var accountID: String
    /// The account as listed (name, currency); nil until its snapshot has it.
    public var account: AdAccount?
    /// Ad groups delivering (summary status RUNNING).
    public var adGroupsRunning: Int
    /// Ad groups paused (status PAUSED).
    public var adGroupsPaused: Int
    /// Ad groups Pinterest disabled (summary status ADVERTISER_DISABLED).
    public var adGroupsDisabled: Int
    /// Ads whose review was rejected.
    public var adsRejected: Int
    /// Ads waiting for review.
    public var adsPendingReview: Int
    /// Spend today over every ad group, in micro units of the account currency.
    public var spendToday: Int
    /// The daily budgets of the running ad groups added up (micro units; 0: none has one).
    public var dailyBudget: Int
    /// When the ad groups were last fetched (or the cache was written, while it is shown).
    public var dataAsOf: Date?
    /// The first collection error, for people; nil when every collection's last fetch worked.
    public var error: String?
    /// Whether any ad groups were ever loaded (false: show "loading", not zeros).
    public var isLoaded: Bool
    /// The latest notable change events (rejections, failures, status changes), newest first.
    public var alerts: [ChangeEvent]

    /// How many alerts are kept.
    public static let maxAlerts = 8

    /// A placeholder for an account nothing is known about yet.
    public init(accountID: String, account: AdAccount? = nil) {
        self.accountID = accountID
        self.account = account
        adGroupsRunning = 0
        adGroupsPaused = 0
        adGroupsDisabled = 0
        adsRejected = 0
        adsPendingReview = 0
        spendToday = 0
        dailyBudget = 0
        isLoaded = false
        alerts = []
    }

    /// The health of the snapshot's account; `events` are its change events (any order).
    public init(snapshot: Snapshot, events: [ChangeEvent]) {
        self.init(accountID: snapshot.account?.id ?? "", account: snapshot.account)
        for group in snapshot.adGroups {
            if group.summaryStatus == .running { adGroupsRunning += 1 }
            if group.summaryStatus == .advertiserDisabled { adGroupsDisabled += 1 }
            if group.status == .paused { adGroupsPaused += 1 }
            if group.summaryStatus == .running, group.budgetType == .daily, let budget = group.budgetInMicroCurrency {
                dailyBudget = dailyBudget.addingReportingOverflow(max(0, budget)).partialValue
            }
        }
        for briefs in snapshot.adBriefs.values {
            let counts = briefs.counts
            adsRejected += counts.rejected
            adsPendingReview += counts.pending
        }
        for metrics in snapshot.metrics.values {
            spendToday = spendToday.addingReportingOverflow(metrics.spendToday).partialValue
        }
        let groups = snapshot.collections[.adGroups]
        dataAsOf = snapshot.cachedAt ?? groups?.lastFetched
        isLoaded = groups?.lastFetched != nil || snapshot.cachedAt != nil || !snapshot.adGroups.isEmpty
        error = CollectionKind.allCases.lazy.compactMap { snapshot.collections[$0]?.lastError }.first
        alerts = Array(events.filter(\.isNotable).sorted { $0.time > $1.time }.prefix(Self.maxAlerts))
    }

    /// Spend today over the daily budgets (nil without a daily budget).
    public var budgetUsed: Double? {
        dailyBudget > 0 ? Double(spendToday) / Double(dailyBudget) : nil
    }

    /// The account's name, or its id.
    var title: String { account?.name ?? accountID }
}

extension AccountHealth {
    /// How much of the day (in `timeZone`) has passed at `now`, 0…1.
    static func dayFraction(at now: Date, timeZone: TimeZone) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: now)
        return min(1, max(0, now.timeIntervalSince(midnight) / 86_400))
    }

    /// Spend against where the daily budgets would be if spent evenly over the day so far: 1 is on
    /// pace, above spends faster. Nil without a daily budget or in the day's first minutes.
    public func pace(at now: Date, timeZone: TimeZone) -> Double? {
        let fraction = Self.dayFraction(at: now, timeZone: timeZone)
        guard let used = budgetUsed, fraction >= 0.01 else { return nil }
        return used / fraction
    }
}
