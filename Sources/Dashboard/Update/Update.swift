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
    case .snapshotArrived(let snapshot, let changes, let source):
        // A store no longer attached (the account before a switch) may still have sent something.
        guard source == state.source else { break }
        let accounts = state.accountIDs
        SnapshotHandling.receive(&state, snapshot, changes)
        if state.watchesOtherAccounts, state.accountIDs != accounts { effects = [.watchAccounts(state.accountIDs)] }
        // The overview's row of the account on screen follows its snapshots.
        if state.screen == .accounts { state.healthVersion &+= 1 }
    case .accountHealthArrived(let health):
        // A report of the account on screen (sent before a switch) is older than its snapshots.
        if health.accountID != state.snapshot.account?.id, state.accountHealth[health.accountID] != health {
            state.accountHealth[health.accountID] = health
            state.healthVersion &+= 1
        }
    case .storeAttached(let source):
        SnapshotHandling.attach(&state, source)
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
    case .alertsFired(let alerts):
        effects = AlertHandling.fired(&state, alerts)
    }
    state.syncTable()
    return effects
}

/// New snapshots: keep the change log, flash notable changes.
enum SnapshotHandling {
    /// Starts showing another store's snapshots: its events are numbered on their own, so the log
    /// of the store before is dropped rather than mixed in.
    static func attach(_ state: inout AppState, _ source: EventSource) {
        guard source != state.source else { return }
        state.source = source
        state.events = []
        state.eventsScroll = 0
    }

    /// Takes a new snapshot of the attached store and its change events.
    static func receive(_ state: inout AppState, _ snapshot: Snapshot, _ changes: [ChangeEvent]) {
        let old = state.snapshot
        state.snapshot = snapshot
        AwayHandling.receive(&state, snapshot)
        // Rows are rebuilt only when what they show changed: most snapshots only move a fetch's
        // status (spinner on, spinner off) and rebuilding 10,000 rows for that costs far more
        // than comparing (arrays that share storage compare in O(1)).
        if snapshot.hasSameTableData(as: old) {
            state.table.rebind(to: snapshot)
        } else {
            state.snapshotVersion &+= 1
        }
        // A store publishes its events once each, in order: anything not after the last one kept
        // was seen already.
        let last = state.events.last?.id
        let fresh = changes.filter { event in event.id.source == state.source && last.map { $0 < event.id } ?? true }
        if !fresh.isEmpty {
            state.events.append(contentsOf: fresh)
            state.events.sort { $0.id < $1.id }
            if state.events.count > AppState.maxEvents {
                state.events.removeFirst(state.events.count - AppState.maxEvents)
            }
        }
        // A batch that reports an action is the action's: its message line is the action's report
        // (`ActionHandling.finished`), which the statuses it changed must not replace.
        if fresh.contains(where: { $0.kind == .actionSucceeded || $0.kind == .actionFailed }) { return }
        flash(&state, fresh.filter(\.isNotable))
    }

    /// Puts the most severe of `notable` in the message line (the newest of equals), and how many
    /// more there are; an error (a rejection) stays until a key.
    private static func flash(_ state: inout AppState, _ notable: [ChangeEvent]) {
        guard let headline = notable.enumerated().max(by: { a, b in
            (rank(EventText.severity(a.element)), a.offset) < (rank(EventText.severity(b.element)), b.offset)
        })?.element else { return }
        var text = EventText.line(headline, timeZone: state.timeZone, glyphs: state.glyphs)
        if notable.count > 1 { text += "  (+\(notable.count - 1) more, e: events)" }
        let severity = EventText.severity(headline)
        state.say(text, severity, untilKey: severity == .error)
    }

    private static func rank(_ severity: Severity) -> Int {
        switch severity {
        case .info: 0
        case .success: 1
        case .warning: 2
        case .error: 3
        }
    }
}

extension Snapshot {
    /// Whether every input of the tables (entities, metrics, pending changes, the account and its
    /// currency) is the same in both.
    func hasSameTableData(as other: Snapshot) -> Bool {
        account == other.account && pending == other.pending && accounts == other.accounts
            && campaigns == other.campaigns && adGroups == other.adGroups && metrics == other.metrics
            && levelMetrics == other.levelMetrics && adsByAdGroup == other.adsByAdGroup && adBriefs == other.adBriefs
    }
}
