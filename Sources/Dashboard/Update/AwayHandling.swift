import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// What changed while Pinwatch was not running, from the cached snapshot to the first live one:
/// ads rejected or approved, ad groups and campaigns completed, budgets changed. Lines are
/// sanitized and ready to draw.
public struct AwaySummary: Sendable, Equatable {
    /// One group of lines: a heading ("2 ads rejected") and a line per entity.
    public struct Section: Sendable, Equatable {
        public var heading: String
        public var lines: [String]
        public var role: StyleRole
    }

    /// When the cache was written (Pinwatch last ran).
    public var since: Date
    /// The groups, most urgent first; empty ones are left out.
    public var sections: [Section]

    /// The summary of `changes`; none when nothing of note changed.
    init?(_ changes: [ChangeEvent], since: Date, glyphs: Glyphs) {
        let mode: TextMode = glyphs == .ascii ? .ascii : .unicode
        let clean = { (text: String) in TextSanitizer.sanitize(text, mode: mode) }
        let arrow = glyphs == .ascii ? " -> " : " → "
        func name(_ event: ChangeEvent) -> String {
            event.entityName.map { "'" + clean($0) + "'" } ?? clean(event.entityID ?? "")
        }
        var rejected: [String] = [], approved: [String] = [], completed: [String] = [], budgets: [String] = []
        for event in changes where event.kind == .changed {
            if event.isRejection {
                let reasons = event.rejectedReasons.map { clean($0.label) }.joined(separator: ", ")
                rejected.append(name(event) + (reasons.isEmpty ? "" : ": " + reasons))
            } else if event.change(of: .reviewStatus)?.new == ReviewStatus.approved.rawValue {
                approved.append(name(event))
            }
            if event.change(of: .summaryStatus)?.new == AdGroupSummaryStatus.completed.rawValue, let kind = event.entityKind {
                completed.append(kind.noun(count: 1) + " " + name(event))
            }
            for change in event.fieldChanges where [.budget, .dailySpendCap, .lifetimeSpendCap].contains(change.field) {
                budgets.append(name(event) + " " + clean(change.old ?? "none") + arrow + clean(change.new ?? "none"))
            }
        }
        sections = [
            Section(heading: "Ads rejected (\(rejected.count))", lines: rejected, role: .error),
            Section(heading: "Ads approved (\(approved.count))", lines: approved, role: .success),
            Section(heading: "Completed (\(completed.count))", lines: completed, role: .warning),
            Section(heading: "Budgets changed (\(budgets.count))", lines: budgets, role: .title),
        ].filter { !$0.lines.isEmpty }
        guard !sections.isEmpty else { return nil }
        self.since = since
    }
}

/// "While you were away": the cached snapshot is kept until campaigns, ad groups and ads have all
/// been fetched live once, then the two are compared, and what changed is shown until a key.
enum AwayHandling {
    /// The collections the comparison waits for.
    static let compared: [CollectionKind] = [.campaigns, .adGroups, .ads]

    static func receive(_ state: inout AppState, _ snapshot: Snapshot) {
        guard !state.awayChecked else { return }
        if snapshot.isStale {
            // The cache as it was: once a collection came live, the baseline keeps what it had.
            if snapshot.isPurelyCached { state.awayBaseline = snapshot }
            return
        }
        // The store's empty first snapshot, before the cache or a listing: nothing to decide yet.
        guard snapshot.collections[.adGroups]?.lastFetched != nil else { return }
        guard let baseline = state.awayBaseline, let cachedAt = baseline.cachedAt else {
            // No cache: a first run has nothing to compare.
            state.awayChecked = true
            return
        }
        guard compared.allSatisfy({ kind in snapshot.collections[kind]?.lastFetched.map { $0 > cachedAt } ?? false })
        else { return }
        state.awayChecked = true
        state.awayBaseline = nil
        let changes = SnapshotDiff.changes(from: baseline, to: snapshot, at: state.now)
        state.away = AwaySummary(changes, since: cachedAt, glyphs: state.glyphs)
    }
}
