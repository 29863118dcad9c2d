import Foundation
import PinterestAds
import Synchronization

/// One thing that happened, for the events pane and the message line: an ad rejected with its
/// reasons, an ad group paused, a budget changed, an action or a refresh that failed.
///
/// One happening is one event: when a refresh finds an ad's review status, summary status and
/// rejection reasons changed together, that is one event carrying the three (`fieldChanges`,
/// `rejectedReasons`), drawn as one line ("ad 'Linen throw' rejected: Clickbait").
public struct ChangeEvent: Sendable, Hashable, Codable, Identifiable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Fields of an entity changed (see `fieldChanges` and `rejectedReasons`).
        case changed
        /// An entity appeared.
        case added
        /// An entity disappeared.
        case removed
        /// An action (pause/activate) was verified.
        case actionSucceeded = "action_succeeded"
        /// An action failed, or its outcome could not be verified.
        case actionFailed = "action_failed"
        /// A refresh failed or the API rate-limited us.
        case refreshFailed = "refresh_failed"
        /// An alert that no other event tells (a budget spent, pacing, unusual spend or CTR).
        case alert
    }

    /// Which store published an event and where it comes in that store's order. Two stores (one
    /// per account watched) both count from 1, so the sequence alone does not identify an event.
    public struct ID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        /// The publishing store (`EventSource.unpublished` before the store numbers the event).
        public var source: EventSource
        /// The event's place in its store's order, from 1.
        public var sequence: Int

        /// Creates an id.
        public init(source: EventSource, sequence: Int) {
            self.source = source
            self.sequence = sequence
        }

        /// An event not yet published.
        public static let unpublished = ID(source: .unpublished, sequence: 0)

        /// Store first, then sequence: within one store, publication order.
        public static func < (a: ID, b: ID) -> Bool {
            (a.source.rawValue, a.sequence) < (b.source.rawValue, b.sequence)
        }

        /// "3#17": store 3, event 17.
        public var description: String { "\(source.rawValue)#\(sequence)" }
    }

    /// Set by the store that publishes the event.
    public var id: ID
    /// When the change was seen.
    public var time: Date
    /// What happened.
    public var kind: Kind
    /// The entity's kind (nil for account-wide events such as a failed refresh).
    public var entityKind: EntityKind?
    /// The entity's id.
    public var entityID: String?
    /// The entity's name when it was seen (raw from the API; sanitize before display).
    public var entityName: String?
    /// For `.changed`, every field that changed, old → new. For an action, the status asked for.
    public var fieldChanges: [FieldChange]
    /// For `.changed`: the reasons an ad is rejected for that are news with this change (all of its
    /// reasons when it has just been rejected, else those added since the last refresh).
    public var rejectedReasons: [RejectionReason]
    /// For a failed refresh, the collection that failed.
    public var collection: CollectionKind?
    /// Words from Pinterest or the engine: a failure's message, an action's summary.
    public var detail: String?

    /// Creates an event; prefer the named constructors (`changed`, `added`, `refreshFailed`, …).
    public init(id: ID = .unpublished, time: Date, kind: Kind, entityKind: EntityKind? = nil,
                entityID: String? = nil, entityName: String? = nil, fieldChanges: [FieldChange] = [],
                rejectedReasons: [RejectionReason] = [], collection: CollectionKind? = nil, detail: String? = nil) {
        self.id = id
        self.time = time
        self.kind = kind
        self.entityKind = entityKind
        self.entityID = entityID
        self.entityName = entityName
        self.fieldChanges = fieldChanges
        self.rejectedReasons = rejectedReasons
        self.collection = collection
        self.detail = detail
    }

    /// Fields of an entity changed in one refresh.
    public static func changed(_ entityKind: EntityKind, id: String, name: String?, at time: Date,
                               fields: [FieldChange], rejectedReasons: [RejectionReason] = []) -> ChangeEvent {
        ChangeEvent(time: time, kind: .changed, entityKind: entityKind, entityID: id, entityName: name,
                    fieldChanges: fields, rejectedReasons: rejectedReasons)
    }

    /// An entity appeared.
    public static func added(_ entityKind: EntityKind, id: String, name: String?, at time: Date) -> ChangeEvent {
        ChangeEvent(time: time, kind: .added, entityKind: entityKind, entityID: id, entityName: name)
    }

    /// An entity disappeared.
    public static func removed(_ entityKind: EntityKind, id: String, name: String?, at time: Date) -> ChangeEvent {
        ChangeEvent(time: time, kind: .removed, entityKind: entityKind, entityID: id, entityName: name)
    }

    /// An action was verified: `summary` says it for people ("Paused 3 ad groups"); `id` and
    /// `name` are given when it changed a single entity.
    public static func actionSucceeded(_ entityKind: EntityKind, id: String?, name: String?, target: EntityStatus,
                                       summary: String, at time: Date) -> ChangeEvent {
        ChangeEvent(time: time, kind: .actionSucceeded, entityKind: entityKind, entityID: id, entityName: name,
                    fieldChanges: [FieldChange(.status, old: nil, new: target.rawValue)], detail: summary)
    }

    /// An action did not change one entity, or could not be verified: `message` says why.
    public static func actionFailed(_ entityKind: EntityKind, id: String, name: String?, target: EntityStatus,
                                    message: String, at time: Date) -> ChangeEvent {
        ChangeEvent(time: time, kind: .actionFailed, entityKind: entityKind, entityID: id, entityName: name,
                    fieldChanges: [FieldChange(.status, old: nil, new: target.rawValue)], detail: message)
    }

    /// Refreshing `collection` failed (or was rate-limited): `message` says why.
    public static func refreshFailed(_ collection: CollectionKind, message: String, at time: Date) -> ChangeEvent {
        ChangeEvent(time: time, kind: .refreshFailed, collection: collection, detail: message)
    }

    /// The change of `field`, if it changed.
    public func change(of field: FieldChange.Field) -> FieldChange? {
        fieldChanges.first { $0.field == field }
    }

    /// Whether this is an ad being rejected, or rejected for more reasons than before.
    public var isRejection: Bool {
        kind == .changed && (!rejectedReasons.isEmpty
            || change(of: .reviewStatus)?.new == ReviewStatus.rejected.rawValue)
    }

    /// Whether the UI should flash it in the message line (rejections, status changes, failures).
    public var isNotable: Bool {
        switch kind {
        case .changed:
            !rejectedReasons.isEmpty || fieldChanges.contains { $0.field.isStatus }
        case .actionFailed, .refreshFailed, .alert: true
        case .added, .removed, .actionSucceeded: false
        }
    }
}

/// One field of an entity, old → new, for people: raw status values ("ACTIVE") or amounts
/// formatted in the account currency ("$5.00"); nil when there was none.
public struct FieldChange: Sendable, Hashable, Codable {
    /// Which field.
    public enum Field: String, Sendable, Hashable, Codable {
        case reviewStatus = "review_status"
        case status
        case summaryStatus = "summary_status"
        case budget
        case bid
        case dailySpendCap = "daily_spend_cap"
        case lifetimeSpendCap = "lifetime_spend_cap"

        /// Status, summary status or review status (as opposed to an amount).
        public var isStatus: Bool {
            switch self {
            case .reviewStatus, .status, .summaryStatus: true
            case .budget, .bid, .dailySpendCap, .lifetimeSpendCap: false
            }
        }
    }

    /// Which field.
    public var field: Field
    /// The value before (nil: none).
    public var old: String?
    /// The value after (nil: none).
    public var new: String?

    /// Creates a field change.
    public init(_ field: Field, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// A reason Pinterest gives for rejecting an ad: its code and words for people.
public struct RejectionReason: Sendable, Hashable, Codable {
    /// Pinterest's code ("LANDING_PAGE_BROKEN"; unknown codes are kept as sent).
    public var code: String
    /// For people ("Landing page broken").
    public var label: String

    /// Creates a reason.
    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// The store an event was published by: each `SnapshotStore` takes a new one, so events of an
/// account watched earlier are never mistaken for those of the account watched now.
public struct EventSource: Sendable, Hashable, Codable {
    /// Unique in the process (0: not published yet).
    public let rawValue: Int

    /// The source of events not published yet.
    public static let unpublished = EventSource(rawValue: 0)

    private static let counter = Atomic<Int>(0)

    /// A source no other store in this process has.
    public static func next() -> EventSource {
        EventSource(rawValue: counter.add(1, ordering: .relaxed).newValue)
    }

    /// A source with a known number (tests, decoding).
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }
}

extension ChangeEvent {
    /// This event without the change of `field`; nil when nothing else changed (an action's own
    /// status change is reported by the action's event, not again by the diff).
    public func without(_ field: FieldChange.Field) -> ChangeEvent? {
        guard kind == .changed else { return self }
        var event = self
        event.fieldChanges.removeAll { $0.field == field }
        return event.fieldChanges.isEmpty && event.rejectedReasons.isEmpty ? nil : event
    }
}
