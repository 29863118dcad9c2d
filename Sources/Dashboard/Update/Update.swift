import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// Applies one event to the state and returns the work the runtime should do. Pure: no I/O.
public func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
    var effects: [Effect] = []
    switch event {
    case .keyPressed(let key):
        effects = KeyHandling.handle(&state, key)
    case .mouse(let mouse):
        effects = MouseHandling.handle(&state, mouse)
    case .resized(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
    case .tick(let date):
        state.now = date
        state.spinnerFrame = AppState.spinnerFrame(at: date)
        if let expiry = state.message?.expiry, date >= expiry {
            state.message = nil
        }
    case .snapshotArrived(let snapshot, let changes):
        SnapshotHandling.receive(&state, snapshot, changes)
    case .actionFinished(let report):
        ActionHandling.finished(&state, report)
    case .themeChanged(let name):
        if let index = state.themeNames.firstIndex(of: name) {
            state.themeIndex = index
        } else {
            state.themeNames.append(name)
            state.themeIndex = state.themeNames.count - 1
        }
    case .error(let text):
        // A failure the runtime reports (a broken theme, an account that cannot be opened) can be
        // long to read: it stays until a key, like other news the operator must not miss.
        state.say(TextSanitizer.sanitize(text), .error, untilKey: true)
    }
    state.syncTable()
    return effects
}

/// New snapshots: keep the change log, flash notable changes.
enum SnapshotHandling {
    /// Takes a new snapshot and its change events.
    static func receive(_ state: inout AppState, _ snapshot: Snapshot, _ changes: [ChangeEvent]) {
        let old = state.snapshot
        state.snapshot = snapshot
        // Rows are rebuilt only when what they show changed: most snapshots only move a fetch's
        // status (spinner on, spinner off) and rebuilding 10,000 rows for that costs far more
        // than comparing (arrays that share storage compare in O(1)).
        if snapshot.hasSameTableData(as: old) {
            state.table.rebind(to: snapshot)
        } else {
            state.snapshotVersion &+= 1
        }
        let known = Set(state.events.map(\.id))
        let fresh = changes.filter { !known.contains($0.id) }
        if !fresh.isEmpty {
            state.events.append(contentsOf: fresh)
            state.events.sort { $0.id < $1.id }
            if state.events.count > AppState.maxEvents {
                state.events.removeFirst(state.events.count - AppState.maxEvents)
            }
        }
        let notable = fresh.filter(\.isNotable)
        if let newest = notable.last {
            var text = EventText.line(newest, timeZone: state.timeZone, glyphs: state.glyphs)
            if notable.count > 1 { text += "  (+\(notable.count - 1) more, e: events)" }
            let severity = EventText.severity(newest)
            state.say(text, severity, untilKey: severity == .error)
        }
    }
}

extension Snapshot {
    /// Whether every input of the tables (entities, metrics, pending changes, the account and its
    /// currency) is the same in both.
    func hasSameTableData(as other: Snapshot) -> Bool {
        account == other.account && pending == other.pending && accounts == other.accounts
            && campaigns == other.campaigns && adGroups == other.adGroups && metrics == other.metrics
            && adsByAdGroup == other.adsByAdGroup && adBriefs == other.adBriefs
    }
}
