import Foundation
import PinterestAds

/// Something a marketer must hear about even with Pinwatch out of sight: an ad rejected, delivery
/// stopped, a budget spent, pacing or performance out of line, the ad account in trouble.
///
/// An alert fires once: its `key` names the happening (the entity, the state it reached and, for
/// daily things, the day), and what was alerted is remembered in the cache.
public struct Alert: Sendable, Hashable, Codable {
    /// What kind of happening.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An ad was rejected.
        case adRejected = "ad_rejected"
        /// An ad group or campaign stopped delivering (disabled, completed or paused, not by us).
        case deliveryStopped = "delivery_stopped"
        /// An ad group spent its daily budget.
        case budgetExhausted = "budget_exhausted"
        /// An ad group spends faster than its budget allows for the time of day.
        case pacingHigh = "pacing_high"
        /// An ad group spends much slower than its budget allows for the time of day.
        case pacingLow = "pacing_low"
        /// The account's spend so far today is far from the same hour of previous weeks.
        case spendAnomaly = "spend_anomaly"
        /// The account's CTR so far today is far from the same hour of previous weeks.
        case ctrAnomaly = "ctr_anomaly"
        /// The ad account was disapproved or put under review.
        case accountStatus = "account_status"
    }

    /// What happened.
    public var kind: Kind
    /// The ad account.
    public var accountID: String
    /// `ad`, `ad_group`, `campaign` or `ad_account`.
    public var entityType: String
    /// The entity's id.
    public var entityID: String
    /// The entity's name (raw from the API: sanitize before display).
    public var name: String?
    /// The alert in one sentence for people (holds API text: sanitize before display).
    public var message: String
    /// When it was seen.
    public var time: Date
    /// What makes it this alert and not another (see the type's summary).
    public var key: String

    /// Creates an alert; `key` defaults to kind, entity and `qualifier`.
    public init(kind: Kind, accountID: String, entityType: String, entityID: String, name: String?,
                message: String, time: Date, qualifier: String = "") {
        self.kind = kind
        self.accountID = accountID
        self.entityType = entityType
        self.entityID = entityID
        self.name = name
        self.message = message
        self.time = time
        self.key = [kind.rawValue, accountID, entityType, entityID, qualifier].joined(separator: ":")
    }

    /// Whether the change log already tells it as a change event (a rejection, a status change),
    /// so only the bell, the notification and the hook carry it.
    public var isChangeEvent: Bool {
        kind == .adRejected || kind == .deliveryStopped
    }

    /// The alert as one line of JSON for a hook's standard input: `kind`, `account_id`,
    /// `entity_type`, `entity_id`, `name`, `message` and `time` (ISO 8601, UTC).
    public var hookJSON: Data {
        struct Payload: Encodable {
            let kind: String, account_id: String, entity_type: String, entity_id: String
            let name: String?, message: String, time: String
        }
        let payload = Payload(kind: kind.rawValue, account_id: accountID, entity_type: entityType, entity_id: entityID,
                              name: name, message: message, time: Self.timestamp(time))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and optionals cannot fail.
        var data = (try? encoder.encode(payload)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// A title for a desktop notification: "Pinwatch: ad rejected".
    public var title: String {
        let words: String = switch kind {
        case .adRejected: "ad rejected"
        case .deliveryStopped: "delivery stopped"
        case .budgetExhausted: "budget spent"
        case .pacingHigh: "over-pacing"
        case .pacingLow: "under-pacing"
        case .spendAnomaly: "unusual spend"
        case .ctrAnomaly: "unusual CTR"
        case .accountStatus: "ad account"
        }
        return "Pinwatch: " + words
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

extension ChangeEvent {
    /// An alert that is news of its own in the change log (budget spent, pacing, anomalies).
    /// Its line is the alert's own sentence, which names the entity.
    public static func alert(_ alert: Alert) -> ChangeEvent {
        ChangeEvent(time: alert.time, kind: .alert, detail: alert.message)
    }
}
