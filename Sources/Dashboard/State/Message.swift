import Foundation
import PinterestAds

/// How serious a message is; picks its colour.
public enum Severity: String, Sendable, Equatable {
    /// Neutral news.
    case info
    /// Something worked.
    case success
    /// Something needs attention.
    case warning
    /// Something failed.
    case error
}

/// The message line at the bottom: text, severity and when it was set. It clears itself after
/// `lifetime`, unless it is news the operator must not miss (an action that did not fully work, a
/// rejection): that stays until the next key, so a glance at a monitor left alone still finds it.
public struct Message: Equatable, Sendable {
    /// What to say (already safe for the screen).
    public var text: String
    /// How serious it is.
    public var severity: Severity
    /// When it was set.
    public var setAt: Date
    /// Whether it stays until the next key instead of clearing after `lifetime`.
    public var untilKey: Bool

    /// Creates a message.
    public init(text: String, severity: Severity, setAt: Date, untilKey: Bool = false) {
        self.text = text
        self.severity = severity
        self.setAt = setAt
        self.untilKey = untilKey
    }

    /// Seconds a message stays before it clears (unless it stays until a key).
    public static let lifetime: TimeInterval = 5

    /// When it clears by itself; nil when it waits for a key.
    public var expiry: Date? { untilKey ? nil : setAt.addingTimeInterval(Self.lifetime) }
}

/// A question waiting for y/N before an action is sent.
public struct ConfirmDialog: Equatable, Sendable {
    /// What will be changed.
    public var kind: EntityKind
    /// The status asked for.
    public var target: EntityStatus
    /// Ids that will be sent (already-in-target ones left out).
    public var ids: [String]
    /// The question: "Pause 3 ad groups? y/N".
    public var question: String
    /// Extra lines: names of the targets, skipped rows.
    public var notes: [String]
    /// Whether it undoes the last action (`u`).
    public var isUndo: Bool

    /// Creates a dialog.
    public init(kind: EntityKind, target: EntityStatus, ids: [String], question: String, notes: [String],
                isUndo: Bool = false) {
        self.kind = kind
        self.target = target
        self.ids = ids
        self.question = question
        self.notes = notes
        self.isUndo = isUndo
    }
}
