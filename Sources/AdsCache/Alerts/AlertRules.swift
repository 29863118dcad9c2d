import Foundation
import PinterestAds

/// What alert rules look at: the snapshot before and after a change, the account's hourly
/// history, the clock and what this Pinwatch itself did. Rules are pure: the same input gives the
/// same alerts.
public struct AlertInput: Sendable {
    /// The account the alerts are about.
    public var accountID: String
    /// The snapshot before (nil at the first one: a first load is not news).
    public var before: Snapshot?
    /// The snapshot now.
    public var after: Snapshot
    /// The account's hourly totals, oldest first.
    public var history: [HourSample]
    /// The time now.
    public var now: Date
    /// The time zone of the account's day.
    public var timeZone: TimeZone
    /// Ids of entities this Pinwatch changed lately: their pauses are not news.
    public var ownActions: Set<String>
    /// Which rules run, and their thresholds.
    public var settings: AlertSettings

    /// Creates an input.
    public init(accountID: String, before: Snapshot?, after: Snapshot, history: [HourSample] = [], now: Date,
                timeZone: TimeZone, ownActions: Set<String> = [], settings: AlertSettings = AlertSettings()) {
        self.accountID = accountID
        self.before = before
        self.after = after
        self.history = history
        self.now = now
        self.timeZone = timeZone
        self.ownActions = ownActions
        self.settings = settings
    }

    /// "2026-12-06": the account's day now, for alerts that may fire again the next day.
    var day: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The fraction of the account's day gone (0…1), right across a DST change.
    var dayFraction: Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: now)
        guard let end = calendar.date(byAdding: .day, value: 1, to: start), end > start else { return 0 }
        return min(1, max(0, now.timeIntervalSince(start) / end.timeIntervalSince(start)))
    }
}

/// One alert rule: looks at an input, says what to alert. A new rule (a better pacing model) is
/// one more value in `AlertRules.standard`'s list.
public protocol AlertRule: Sendable {
    /// The alerts this input calls for (each fires once; the monitor remembers them).
    func alerts(_ input: AlertInput) -> [Alert]
}

/// How fast an ad group spends against its budget: 1 is on pace, 2 twice as fast. nil when it
/// cannot tell (no daily budget, no metrics).
public protocol PacingModel: Sendable {
    /// The pace of `group` at `input.now`.
    func pace(of group: AdGroup, metrics: AdGroupMetrics, input: AlertInput) -> Double?
}

/// The rules Pinwatch runs.
public enum AlertRules {
    /// The standard rules, with `pacing` judging pace (spend against the day's share of the budget
    /// unless another model is given).
    public static func standard(pacing: any PacingModel = SpendShareOfDay()) -> [any AlertRule] {
        [AdRejectedRule(), DeliveryStoppedRule(), BudgetExhaustedRule(), PacingRule(model: pacing),
         HourlyAnomalyRule(), AccountStatusRule()]
    }

    /// Every alert `rules` find in `input`, in rule order. A snapshot still from the cache is not
    /// judged: only live data is news.
    public static func evaluate(_ input: AlertInput, rules: [any AlertRule] = standard()) -> [Alert] {
        guard !input.after.isStale else { return [] }
        return rules.flatMap { $0.alerts(input) }
    }
}

/// Spend today over the budget's share of the day gone: the pace with what exists now.
public struct SpendShareOfDay: PacingModel {
    /// Creates the model.
    public init() {}

    public func pace(of group: AdGroup, metrics: AdGroupMetrics, input: AlertInput) -> Double? {
        guard group.budgetType == .daily, let budget = group.budgetInMicroCurrency, budget > 0 else { return nil }
        let share = Double(budget) * input.dayFraction
        guard share > 0 else { return nil }
        return Double(metrics.spendToday) / share
    }
}

/// An ad that is rejected now and was not before (or is new and already rejected).
struct AdRejectedRule: AlertRule {
    func alerts(_ input: AlertInput) -> [Alert] {
        guard input.settings.adRejected, let before = input.before else { return [] }
        var alerts: [Alert] = []
        for (group, briefs) in input.after.adBriefs {
            // An ad group whose ads were never listed before: its rejections are not news yet.
            guard let old = before.adBriefs[group], old != briefs else { continue }
            for brief in briefs where brief.reviewStatus == .rejected {
                if let index = old.index(ofID: brief.id), old[index].reviewStatus == .rejected { continue }
                let reasons = (brief.rejectedReasons ?? []).map(\.label).joined(separator: ", ")
                let codes = (brief.rejectedReasons ?? []).map(\.rawValue).sorted().joined(separator: ",")
                let name = brief.name ?? brief.id
                alerts.append(Alert(kind: .adRejected, accountID: input.accountID, entityType: EntityKind.ad.rawValue,
                                    entityID: brief.id, name: brief.name,
                                    message: "ad '\(name)' rejected" + (reasons.isEmpty ? "" : ": " + reasons),
                                    time: input.now, qualifier: codes))
            }
        }
        return alerts.sorted { $0.entityID < $1.entityID }
    }
}

/// An ad group or campaign whose summary status moved to disabled, completed or paused, when this
/// Pinwatch did not pause it.
struct DeliveryStoppedRule: AlertRule {
    /// Summary statuses that mean an ad group or campaign no longer delivers.
    static let stopped: Set<String> = ["ADVERTISER_DISABLED", "COMPLETED", "PAUSED"]

    func alerts(_ input: AlertInput) -> [Alert] {
        guard input.settings.deliveryStopped, let before = input.before else { return [] }
        var alerts: [Alert] = []
        if before.campaigns != input.after.campaigns {
            alerts += stops(.campaign, before.campaigns.map { ($0.id, $0.name, $0.summaryStatus?.rawValue) },
                            input.after.campaigns.map { ($0.id, $0.name, $0.summaryStatus?.rawValue) }, input)
        }
        if before.adGroups != input.after.adGroups {
            alerts += stops(.adGroup, before.adGroups.map { ($0.id, $0.name, $0.summaryStatus?.rawValue) },
                            input.after.adGroups.map { ($0.id, $0.name, $0.summaryStatus?.rawValue) }, input)
        }
        return alerts
    }

    /// The entities whose summary status moved to a stopped one, not by this Pinwatch.
    private func stops(_ kind: EntityKind, _ old: [(id: String, name: String?, status: String?)],
                       _ new: [(id: String, name: String?, status: String?)], _ input: AlertInput) -> [Alert] {
        let previous = Dictionary(old.map { ($0.id, $0.status) }, uniquingKeysWith: { first, _ in first })
        return new.compactMap { entity in
            guard let status = entity.status, Self.stopped.contains(status), let was = previous[entity.id], was != status,
                  !isOwn(entity.id, input) else { return nil }
            return alert(kind, entity.id, entity.name, status, input)
        }
    }

    private func isOwn(_ id: String, _ input: AlertInput) -> Bool {
        input.ownActions.contains(id) || input.before?.pending[id] != nil || input.after.pending[id] != nil
    }

    private func alert(_ kind: EntityKind, _ id: String, _ name: String?, _ status: String, _ input: AlertInput) -> Alert {
        let words: String = switch status {
        case "COMPLETED": "completed"
        case "PAUSED": "was paused (not from this Pinwatch)"
        default: "was disabled (\(status))"
        }
        return Alert(kind: .deliveryStopped, accountID: input.accountID, entityType: kind.rawValue, entityID: id,
                     name: name, message: "\(kind.noun(count: 1)) '\(name ?? id)' stopped delivering: \(words)",
                     time: input.now, qualifier: status + ":" + input.day)
    }
}

/// An ad group whose spend today reached its daily budget (once a day).
struct BudgetExhaustedRule: AlertRule {
    func alerts(_ input: AlertInput) -> [Alert] {
        guard input.settings.budgetExhausted, let before = input.before,
              before.metrics != input.after.metrics || before.adGroups != input.after.adGroups else { return [] }
        let money = MoneyFormatter(currency: input.after.account?.currency)
        var alerts: [Alert] = []
        for group in input.after.adGroups where group.budgetType == .daily {
            guard let budget = group.budgetInMicroCurrency, budget > 0,
                  let spend = input.after.metrics[group.id]?.spendToday, spend >= budget,
                  let earlier = before.metrics[group.id]?.spendToday, earlier < budget else { continue }
            alerts.append(Alert(kind: .budgetExhausted, accountID: input.accountID, entityType: EntityKind.adGroup.rawValue,
                                entityID: group.id, name: group.name,
                                message: "ad group '\(group.name ?? group.id)' spent its daily budget: "
                                    + "\(money.format(micros: spend)) of \(money.format(micros: budget))",
                                time: input.now, qualifier: input.day))
        }
        return alerts
    }
}

/// Active ad groups pacing above or below the thresholds (once a day each way).
struct PacingRule: AlertRule {
    let model: any PacingModel

    func alerts(_ input: AlertInput) -> [Alert] {
        let settings = input.settings
        guard settings.pacingAbove != nil || settings.pacingBelow != nil,
              input.after.collections[.analytics]?.lastFetched != nil,
              input.dayFraction >= settings.pacingFromDayFraction else { return [] }
        var alerts: [Alert] = []
        for group in input.after.adGroups where group.summaryStatus == .running {
            guard let metrics = input.after.metrics[group.id],
                  let pace = model.pace(of: group, metrics: metrics, input: input) else { continue }
            let kind: Alert.Kind, words: String
            if let above = settings.pacingAbove, pace > above {
                (kind, words) = (.pacingHigh, "over-pacing")
            } else if let below = settings.pacingBelow, pace < below {
                (kind, words) = (.pacingLow, "under-pacing")
            } else {
                continue
            }
            let percent = Int((pace * 100).rounded())
            alerts.append(Alert(kind: kind, accountID: input.accountID, entityType: EntityKind.adGroup.rawValue,
                                entityID: group.id, name: group.name,
                                message: "ad group '\(group.name ?? group.id)' \(words): \(percent)% of its budget's pace",
                                time: input.now, qualifier: input.day))
        }
        return alerts
    }
}

/// The ad account disapproved or under review. Pinterest's v5 ad account has no status field
/// today; one it sends (`status`, `review_status` or `account_status`) is kept with the account
/// and read here.
struct AccountStatusRule: AlertRule {
    static let troubled: Set<String> = ["DISAPPROVED", "UNDER_REVIEW", "PENDING_REVIEW", "SUSPENDED", "BLOCKED"]

    func alerts(_ input: AlertInput) -> [Alert] {
        guard input.settings.accountStatus, let earlier = input.before?.account, let account = input.after.account,
              let status = Self.status(of: account), Self.troubled.contains(status),
              Self.status(of: earlier) != status else { return [] }
        let words = status == "DISAPPROVED" ? "was disapproved" : "is \(HumanLabel.label(for: status).lowercased())"
        return [Alert(kind: .accountStatus, accountID: input.accountID, entityType: "ad_account", entityID: account.id,
                      name: account.name, message: "ad account '\(account.name ?? account.id)' \(words)",
                      time: input.now, qualifier: status)]
    }

    static func status(of account: AdAccount) -> String? {
        for key in ["status", "review_status", "account_status"] {
            if case .string(let value)? = account.additionalProperties[key] { return value.uppercased() }
        }
        return nil
    }
}
