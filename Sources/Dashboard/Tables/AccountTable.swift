import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// What the accounts overview needs besides the snapshot: the other accounts' health, the time
/// (for data ages) and the events of the account on screen (its alerts).
struct OverviewInput: Sendable {
    /// Background reports by account id.
    var healths: [String: AccountHealth]
    /// The change events of the account on screen.
    var events: [ChangeEvent]
    /// Now, for ages and pacing.
    var now: Date
}

extension OverviewInput {
    /// The overview's input from the state.
    init(state: AppState) {
        healths = state.accountHealth
        events = state.events
        now = state.now
    }
}

/// The accounts overview: every ad account the credentials see, one row each with its health.
enum AccountTable {
    /// Columns in display order.
    static let columns: [ColumnSpec] = [
        ColumnSpec("Name", priority: 0, min: 12, preferred: 34, flexible: true),
        ColumnSpec("Rejected", priority: 1, min: 8, alignment: .right),
        ColumnSpec("Pending", priority: 2, min: 7, alignment: .right),
        ColumnSpec("Disabled", priority: 4, min: 8, alignment: .right),
        ColumnSpec("Spend", priority: 5, min: 8, preferred: 10, alignment: .right),
        ColumnSpec("Budget", priority: 9, min: 11, preferred: 13, alignment: .right),
        ColumnSpec("Used", priority: 6, min: 5, alignment: .right),
        ColumnSpec("Data", priority: 3, min: 11, preferred: 12),
        ColumnSpec("Errors", priority: 7, min: 10, preferred: 40),
        ColumnSpec("Id", priority: 8, min: 14, preferred: 16),
        ColumnSpec("Running", priority: 10, min: 7, alignment: .right),
        ColumnSpec("Paused", priority: 11, min: 6, alignment: .right),
    ]

    /// One row per account; the one in view is marked "(current)".
    static func rows(_ snapshot: Snapshot, _ context: FormatContext, _ input: OverviewInput) -> RowSource {
        RowSource(count: snapshot.accounts.count, snapshot: snapshot) { snapshot, index in
            guard snapshot.accounts.indices.contains(index) else { return TableRow.missing }
            let account = snapshot.accounts[index]
            var health = account.id == snapshot.account?.id
                ? AccountHealth(snapshot: snapshot, events: input.events)
                : input.healths[account.id] ?? AccountHealth(accountID: account.id)
            if health.account == nil { health.account = account }
            return row(account, health, current: account.id == snapshot.account?.id, context, input.now)
        }
    }

    private static func row(_ account: AdAccount, _ health: AccountHealth, current: Bool, _ context: FormatContext,
                            _ now: Date) -> TableRow {
        var name = context.clean(account.name ?? account.id)
        let sortKey = context.sortKey(account.name ?? account.id, lowercased: name.lowercased())
        if current { name += " (current)" }
        let id = context.clean(account.id)
        let dash = context.glyphs.emDash
        let money = MoneyFormatter(currency: (health.account?.currency ?? account.currency).map {
            Currency(rawValue: context.clean($0.rawValue))
        }, asciiOnly: context.glyphs == .ascii)
        let loaded = health.isLoaded
        func count(_ value: Int, _ role: StyleRole) -> (TableCell, SortValue) {
            guard loaded else { return (TableCell(dash, .dim), .missing) }
            return (TableCell(Format.count(value), value > 0 ? role : .normal), .number(Double(value)))
        }
        let rejected = count(health.adsRejected, .reviewRejected)
        let pending = count(health.adsPendingReview, .reviewPending)
        let disabled = count(health.adGroupsDisabled, .statusDisabled)
        let running = count(health.adGroupsRunning, .statusRunning)
        let paused = count(health.adGroupsPaused, .statusPaused)
        let spend = loaded ? money.formatCompact(micros: health.spendToday) : dash
        let budget = loaded && health.dailyBudget > 0 ? money.formatCompact(micros: health.dailyBudget) + "/day" : dash
        let used = loaded ? health.budgetUsed : nil
        var age = loaded ? "loading" + context.glyphs.ellipsis : "waiting" + context.glyphs.ellipsis
        var ageRole = StyleRole.dim
        var ageKey = SortValue.missing
        if let asOf = health.dataAsOf {
            let seconds = now.timeIntervalSince(asOf)
            age = Format.age(seconds)
            ageRole = seconds > WallView.staleAfter ? .warning : .normal
            ageKey = .number(seconds)
        }
        let error = context.clean(health.error, or: "")
        let cells = [
            TableCell(name),
            rejected.0, pending.0, disabled.0,
            TableCell(spend, loaded ? .normal : .dim),
            TableCell(budget, loaded ? .normal : .dim),
            TableCell(used.map { Format.percent($0) } ?? dash, (used ?? 0) >= 1 ? .warning : .normal),
            TableCell(age, ageRole),
            TableCell(error, .warning),
            TableCell(id),
            running.0, paused.0,
        ]
        let keys: [SortValue] = [
            .text(sortKey), rejected.1, pending.1, disabled.1,
            loaded ? .number(Double(health.spendToday)) : .missing,
            loaded && health.dailyBudget > 0 ? .number(Double(health.dailyBudget)) : .missing,
            used.map { .number($0) } ?? .missing,
            ageKey,
            error.isEmpty ? .missing : .text(error.lowercased()),
            .text(id), running.1, paused.1,
        ]
        return TableRow(id: account.id, cells: cells, sortKeys: keys,
                        searchText: name + "\n" + account.id + "\n" + (account.currency?.rawValue ?? "") + "\n" + error)
    }
}
