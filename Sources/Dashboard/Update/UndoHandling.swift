import AdsCache
import Foundation
import PinterestAds

/// The last pause or activate since Pinwatch started, which `u` can revert.
public struct UndoableAction: Sendable, Equatable {
    /// What was changed.
    public var kind: EntityKind
    /// The ids that changed (verified).
    public var ids: [String]
    /// The status they were set to.
    public var target: EntityStatus
    /// When it finished.
    public var at: Date
    /// Whether an undo of it is being sent (its report is not itself undoable).
    public var undoing = false

    /// Creates one.
    public init(kind: EntityKind, ids: [String], target: EntityStatus, at: Date) {
        self.kind = kind
        self.ids = ids
        self.target = target
        self.at = at
    }

    /// How long an action can be undone.
    public static let window: TimeInterval = 10 * 60

    /// The status an undo sets: back to active after a pause, back to paused after an activate.
    public var reverse: EntityStatus { target == .paused ? .active : .paused }
}

/// `u`: the last pause/activate reverted, through the same confirm dialog, verified and audited
/// like any action (it is one).
enum UndoHandling {
    static func request(_ state: inout AppState) {
        guard let last = state.undoable, !last.undoing else {
            state.say("Nothing to undo", .warning)
            return
        }
        guard state.now.timeIntervalSince(last.at) <= UndoableAction.window else {
            state.undoable = nil
            state.say("Nothing to undo: the last action is more than 10 minutes old", .warning)
            return
        }
        ActionHandling.ask(&state, kind: last.kind, ids: last.ids, target: last.reverse, isUndo: true)
    }

    /// The undo was confirmed: it goes out, and cannot be asked for twice.
    static func confirmed(_ state: inout AppState, _ dialog: ConfirmDialog) {
        state.undoable?.undoing = true
    }

    /// An action finished: one that changed something becomes the one to undo, unless it is the
    /// undo itself, which leaves nothing to undo.
    static func finished(_ state: inout AppState, _ report: ActionReport) {
        if let last = state.undoable, last.undoing, report.kind == last.kind, report.target == last.reverse {
            state.undoable = nil
            return
        }
        guard report.refusedReason == nil, !report.succeeded.isEmpty else { return }
        state.undoable = UndoableAction(kind: report.kind, ids: report.succeeded, target: report.target, at: state.now)
    }
}
