import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// Pause/activate: ask, send, report.
enum ActionHandling {
    /// Opens the confirm dialog for the marked rows (or the selected one).
    static func request(_ state: inout AppState, target: EntityStatus) -> [Effect] {
        let verb = target == .paused ? "pause" : "activate"
        guard let kind = state.screen.tableKind.entityKind else {
            state.say("Nothing to \(verb) here", .warning)
            return []
        }
        var ids: [String] = []
        if state.marked.isEmpty {
            if let id = state.selectedID { ids = [id] }
        } else {
            ids = state.table.ids.filter { state.marked.contains($0) }
        }
        guard !ids.isEmpty else {
            state.say("Nothing selected to \(verb)", .warning)
            return []
        }
        ask(&state, kind: kind, ids: ids, target: target)
        return []
    }

    /// Opens the confirm dialog to set `ids` to `target`, leaving out those already there (an undo
    /// says so in its question); says so instead when none is left.
    static func ask(_ state: inout AppState, kind: EntityKind, ids: [String], target: EntityStatus,
                    isUndo: Bool = false) {
        let verb = target == .paused ? "pause" : "activate"
        let entities = lookup(state.snapshot, kind: kind, ids: Set(ids))
        let already = ids.filter { id in
            let pending = state.snapshot.pending[id]?.to
            return (pending ?? entities[id]?.status) == target
        }
        let toSend = ids.filter { !already.contains($0) }
        let adjective = target == .paused ? "paused" : "active"
        guard !toSend.isEmpty else {
            let subject = ids.count == 1 ? "The \(kind.noun(count: 1)) is" : "All \(ids.count) \(kind.noun(count: ids.count)) are"
            state.say("\(subject) already \(adjective)", .warning)
            return
        }
        var notes = toSend.prefix(3).map { id in
            "“" + TextSanitizer.sanitize(entities[id]?.name ?? id) + "”"
        }
        if toSend.count > 3 { notes.append("and \(toSend.count - 3) more") }
        if !already.isEmpty {
            notes.append("\(already.count) already \(adjective), skipped")
        }
        let phrase = "\(verb) \(toSend.count) \(kind.noun(count: toSend.count))? y/N"
        let question = isUndo ? "Undo: " + phrase : phrase.prefix(1).uppercased() + phrase.dropFirst()
        state.confirm = ConfirmDialog(kind: kind, target: target, ids: toSend, question: question, notes: notes,
                                      isUndo: isUndo)
    }

    /// The answer to the confirm dialog: only yes sends the action.
    static func answer(_ state: inout AppState, yes: Bool) -> [Effect] {
        guard let dialog = state.confirm else { return [] }
        state.confirm = nil
        guard yes else {
            state.say("Cancelled")
            return []
        }
        state.marked = []
        if dialog.isUndo { UndoHandling.confirmed(&state, dialog) }
        let verb = dialog.target == .paused ? "Pausing" : "Activating"
        state.say("\(verb) \(dialog.ids.count) \(dialog.kind.noun(count: dialog.ids.count))…")
        return [.performAction(kind: dialog.kind, ids: dialog.ids, target: dialog.target)]
    }

    /// Reports how an action went in the message line.
    static func finished(_ state: inout AppState, _ report: ActionReport) {
        let verb = report.target == .paused ? "pause" : "activate"
        let past = report.target == .paused ? "Paused" : "Activated"
        if let reason = report.refusedReason {
            state.say("Could not \(verb): " + TextSanitizer.sanitize(reason), .error, untilKey: true)
            return
        }
        UndoHandling.finished(&state, report)
        let total = report.succeeded.count + report.failed.count + report.unknown.count
        let noun = report.kind.noun(count: total)
        var text = "\(past) \(report.succeeded.count) of \(total) \(noun)"
        if report.failed.isEmpty && report.unknown.isEmpty {
            state.say("\(past) \(total) \(noun)", .success)
            return
        }
        if let first = report.failed.sorted(by: { $0.key < $1.key }).first {
            text += "; \(report.failed.count) failed: " + TextSanitizer.sanitize(first.value)
        }
        if let first = report.unknown.sorted(by: { $0.key < $1.key }).first {
            text += "; \(report.unknown.count) not verified: " + TextSanitizer.sanitize(first.value)
        }
        state.say(text, report.failed.isEmpty ? .warning : .error, untilKey: true)
    }

    /// Name and status of the entities with `ids`.
    private static func lookup(_ snapshot: Snapshot, kind: EntityKind, ids: Set<String>)
        -> [String: (name: String?, status: EntityStatus?)] {
        var result: [String: (name: String?, status: EntityStatus?)] = [:]
        switch kind {
        case .adGroup:
            for group in snapshot.adGroups where ids.contains(group.id) { result[group.id] = (group.name, group.status) }
        case .ad:
            for briefs in snapshot.adBriefs.values {
                for (index, id) in briefs.ids.enumerated() where ids.contains(id) {
                    let ad = briefs[index]
                    result[id] = (ad.name, ad.status)
                }
            }
        case .campaign:
            for campaign in snapshot.campaigns where ids.contains(campaign.id) {
                result[campaign.id] = (campaign.name, campaign.status)
            }
        }
        return result
    }
}
