import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// Everything the dashboard shows and remembers; owned by the runtime, changed only by `update`.
public struct AppState: Sendable {
    /// The data on screen.
    public var snapshot: Snapshot
    /// Bumped on every new snapshot, so cached rows know when to rebuild.
    public internal(set) var snapshotVersion: Int = 0
    /// Recent changes of the attached store, oldest first (at most ``maxEvents``).
    public var events: [ChangeEvent] = []
    /// The store whose snapshots and events are shown (`.unpublished` until one is attached).
    public internal(set) var source: EventSource = .unpublished
    /// The screen stack; the last one is on screen, the first is the ad groups list.
    public var stack: [Screen] = [.adGroups(campaignID: nil)]
    /// Selection, scroll and filter per screen.
    public var screens: [Screen: ScreenState] = [:]
    /// Sort column and direction per table.
    public var sorts: [TableKind: SortState] = [:]
    /// Whether the `/` prompt is taking keystrokes.
    public var isEditingFilter = false
    /// Ids marked (space) for a bulk action on the current table.
    public var marked: Set<String> = []
    /// Whether the help overlay is open.
    public var showHelp = false
    /// First line of the help overlay on screen.
    public var helpScroll = 0
    /// Whether the detail pane is open.
    public var showDetail = false
    /// First line of the detail pane on screen.
    public var detailScroll = 0
    /// Whether the events pane is open.
    public var showEvents = false
    /// First line of the events pane on screen.
    public var eventsScroll = 0
    /// The y/N question waiting for an answer.
    public var confirm: ConfirmDialog?
    /// The message line.
    public var message: Message?
    /// Whether pause/activate are disabled (`--read-only`, or the wall without `--read-write`).
    public var readOnly: Bool
    /// Why they are, as the refusal says it.
    public var readOnlyReason = "started with --read-only"
    /// Wall mode, when started with `--wall` or opened with `w`.
    public var wall: WallState?
    /// The health of the accounts not on screen, as their background refreshes report it.
    public var accountHealth: [String: AccountHealth] = [:]
    /// Bumped whenever ``accountHealth`` changes, so the accounts overview rebuilds its rows.
    public internal(set) var healthVersion = 0
    /// Whether the runtime was asked to refresh the accounts not on screen (for the overview or
    /// the wall); from then on a changed list of accounts is passed on.
    public var watchesOtherAccounts = false
    /// When the stored sign-in's refresh token expires (nil: unknown, or not from `pinwatch login`);
    /// the header warns in the last days.
    public var signInExpiresAt: Date?
    /// How alerts reach the person: bell, desktop notifications.
    public var alertDelivery = AlertDelivery()
    /// Whether names are hyperlinks to Ads Manager (OSC 8): terminals known to show them, or
    /// `hyperlinks = true` in config.toml.
    public var hyperlinks = false
    /// The last pause or activate since Pinwatch started, which `u` can undo.
    public var undoable: UndoableAction?
    /// "While you were away", shown until a key.
    public var away: AwaySummary?
    /// The cached snapshot the first live one is compared with.
    var awayBaseline: Snapshot?
    /// Whether that comparison was made (or there was nothing to compare).
    var awayChecked = false
    /// Theme names `t` cycles through.
    public var themeNames: [String]
    /// Index of the current theme in ``themeNames``.
    public var themeIndex = 0
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// The current time, fed by ticks.
    public var now: Date
    /// Time zone for every time shown.
    public var timeZone: TimeZone
    /// Unicode or ASCII symbols (the runtime picks from the locale).
    public var glyphs: Glyphs
    /// Spinner animation frame, advanced by ticks.
    public var spinnerFrame = 0
    /// The last mouse press on a row (for double clicks).
    public var lastClick: LastClick?
    /// The date range the metric columns and the header show (`m` cycles it).
    public var metricsRange: MetricsRange = .today
    /// The time zone the account reports in: what "today" is, for the ranges and for pacing.
    public var reportingTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    /// The columns chosen per table, by title, in display order (none chosen: every column).
    public var chosenColumns: [TableKind: [String]] = [:]
    /// The column chooser, when open.
    public var chooser: ColumnChooser?
    /// The rows of the table on screen, formatted once per snapshot/filter/sort change.
    public internal(set) var table: TableModel

    /// How many change events are kept.
    public static let maxEvents = 500

    /// Creates the state the dashboard starts with.
    public init(snapshot: Snapshot = .empty, readOnly: Bool = false, themeNames: [String] = ["default"],
                width: Int = 80, height: Int = 24, now: Date = Date(), timeZone: TimeZone = .current,
                glyphs: Glyphs = .unicode) {
        self.snapshot = snapshot
        self.readOnly = readOnly
        self.themeNames = themeNames.isEmpty ? ["default"] : themeNames
        self.width = width
        self.height = height
        self.now = now
        self.timeZone = timeZone
        self.glyphs = glyphs
        self.table = TableModel(kind: .adGroups, columns: [], rows: [])
        syncTable()
    }

    /// The screen on top of the stack.
    public var screen: Screen { stack.last ?? .adGroups(campaignID: nil) }

    /// View state of the screen on top.
    public var current: ScreenState {
        get { screens[screen] ?? ScreenState() }
        set { screens[screen] = newValue }
    }

    /// Sort of the table on screen.
    public var currentSort: SortState {
        get { sorts[screen.tableKind] ?? SortState() }
        set { sorts[screen.tableKind] = newValue }
    }

    /// Position of the selected row among the visible rows (nil when the table is empty).
    public var cursor: Int? {
        guard let id = current.selectedID else { return nil }
        return table.position(of: id, near: current.cursorHint)
    }

    /// The selected row's entity id, if any.
    public var selectedID: String? { cursor.map { table.id(at: $0) } }

    /// The current theme's name.
    public var themeName: String { themeNames[min(max(themeIndex, 0), themeNames.count - 1)] }

    /// Rows of the table body at the current size.
    public var pageSize: Int { Layout(width: width, height: height, showDetail: showDetail).tableBody.height }

    /// The account's money formatter (ASCII-only in ASCII mode). An unknown currency code is
    /// written before every amount, so it is sanitized like any text from the API.
    var money: MoneyFormatter {
        let currency = snapshot.account?.currency.map {
            Currency(rawValue: TextSanitizer.sanitize($0.rawValue, mode: glyphs == .ascii ? .ascii : .unicode))
        }
        return MoneyFormatter(currency: currency, asciiOnly: glyphs == .ascii)
    }

    /// Where a press landed, to detect double clicks.
    public struct LastClick: Equatable, Sendable {
        /// The row's entity id.
        public var rowID: String
        /// When.
        public var time: Date
    }
}

extension AppState {
    /// Rebuilds whatever part of the cached table its inputs changed, then keeps the selection valid.
    mutating func syncTable() {
        // The overview shows ages and other accounts' health: it also rebuilds when a minute passes
        // or a health report arrives (it has a row per account, a handful).
        let overview = screen == .accounts
        let chosen = chosenColumns[screen.tableKind]
        let key = TableModel.Key(screen: screen, snapshotVersion: snapshotVersion, ascii: glyphs == .ascii,
                                 timeZone: timeZone.identifier, healthVersion: overview ? healthVersion : 0,
                                 minute: overview ? Int(now.timeIntervalSince1970 / 60) : 0, range: metricsRange,
                                 reportingTimeZone: reportingTimeZone.identifier, columns: chosen)
        if table.key != key {
            table = TableBuilder.build(screen: screen, snapshot: snapshot,
                                       context: FormatContext(glyphs: glyphs, timeZone: timeZone, money: money,
                                                              range: metricsRange, reportingTimeZone: reportingTimeZone),
                                       sortColumn: currentSort.column, overview: OverviewInput(state: self),
                                       chosen: chosen)
            table.key = key
        }
        table.apply(sort: currentSort, filter: current.filter)
        fixSelection()
    }

    /// Keeps the selected id on a visible row (the nearest one when it vanished) and in view.
    mutating func fixSelection() {
        var view = current
        if table.order.isEmpty {
            view.scroll = 0
            current = view
            return
        }
        let position: Int
        if let id = view.selectedID, let found = table.position(of: id, near: view.cursorHint) {
            position = found
        } else {
            position = min(max(view.cursorHint, 0), table.order.count - 1)
        }
        view.selectedID = table.id(at: position)
        view.cursorHint = position
        let page = max(1, pageSize)
        let maxScroll = max(0, table.order.count - page)
        if position < view.scroll { view.scroll = position }
        if position >= view.scroll + page { view.scroll = position - page + 1 }
        view.scroll = min(max(0, view.scroll), maxScroll)
        current = view
    }

    /// Selects the row at `position` (clamped) among the visible rows.
    mutating func select(position: Int) {
        guard !table.order.isEmpty else { return }
        let clamped = min(max(position, 0), table.order.count - 1)
        var view = current
        view.selectedID = table.id(at: clamped)
        view.cursorHint = clamped
        current = view
        fixSelection()
    }

    /// Shows a message in the message line; `untilKey` keeps it until the next key. A message kept
    /// until a key is not replaced by one that is not (a refresh failing every few seconds must not
    /// wipe out the report of an action that did not work); the events pane keeps both.
    mutating func say(_ text: String, _ severity: Severity = .info, untilKey: Bool = false) {
        if message?.untilKey == true, !untilKey { return }
        message = Message(text: text, severity: severity, setAt: now, untilKey: untilKey)
    }
}

extension AppState {
    /// The accounts the wall and the overview go through: every one the credentials see (the one
    /// on screen alone until the list arrives).
    public var wallAccounts: [AdAccount] {
        if !snapshot.accounts.isEmpty { return snapshot.accounts }
        return snapshot.account.map { [$0] } ?? []
    }

    /// The health of `account`: live for the account on screen, else its last background report.
    public func health(of account: AdAccount) -> AccountHealth {
        if account.id == snapshot.account?.id { return AccountHealth(snapshot: snapshot, events: events) }
        var health = accountHealth[account.id] ?? AccountHealth(accountID: account.id)
        if health.account == nil { health.account = account }
        return health
    }

    /// The ids of every account the credentials see.
    var accountIDs: [String] { snapshot.accounts.map(\.id) }
}
