import ScreenGrid

/// One key binding: keys, what they do, where, and whether they change live campaigns.
public struct KeyBinding: Sendable, Equatable {
    /// Keys that trigger it.
    public var keys: [Key]
    /// How help writes the keys ("↑ k").
    public var label: String
    /// What it does, for help.
    public var description: String
    /// Where it applies.
    public var context: KeyContext
    /// The command it runs.
    public var command: Command
    /// Whether it changes what runs on Pinterest (disabled in read-only mode).
    public var isDangerous: Bool

    /// Creates a binding.
    public init(_ keys: [Key], _ label: String, _ description: String, context: KeyContext,
                command: Command, isDangerous: Bool = false) {
        self.keys = keys
        self.label = label
        self.description = description
        self.context = context
        self.command = command
        self.isDangerous = isDangerous
    }
}

/// The key table: drives both `update` and the help overlay.
public enum KeyMap {
    /// Every binding, in help order.
    public static let bindings: [KeyBinding] = [
        KeyBinding([.up, .char("k")], "↑ k", "Move up", context: .table, command: .moveUp),
        KeyBinding([.down, .char("j")], "↓ j", "Move down", context: .table, command: .moveDown),
        KeyBinding([.pageUp, .ctrl("u")], "PgUp ^U", "Page up", context: .table, command: .pageUp),
        KeyBinding([.pageDown, .ctrl("d")], "PgDn ^D", "Page down", context: .table, command: .pageDown),
        KeyBinding([.char("g"), .home], "g Home", "First row", context: .table, command: .first),
        KeyBinding([.char("G"), .end], "G End", "Last row", context: .table, command: .last),
        KeyBinding([.enter], "Enter", "Open: ad group → ads, campaign → ad groups, account → switch",
                   context: .table, command: .drillIn),
        KeyBinding([.escape, .backspace, .char("h"), .left], "Esc ⌫ h", "Back (closes panes, clears the filter)",
                   context: .table, command: .back),
        KeyBinding([.char("/")], "/", "Filter by name, id or status", context: .table, command: .startFilter),
        KeyBinding([.char("s")], "s", "Sort by the next column", context: .table, command: .nextSort),
        KeyBinding([.char("S")], "S", "Reverse the sort", context: .table, command: .reverseSort),
        KeyBinding([.char(" ")], "Space", "Mark/unmark the row for a bulk action", context: .table,
                   command: .toggleMark),
        KeyBinding([.char("p")], "p", "Pause marked rows (or the selected one)", context: .table,
                   command: .pause, isDangerous: true),
        KeyBinding([.char("a")], "a", "Activate marked rows (or the selected one)", context: .table,
                   command: .activate, isDangerous: true),
        KeyBinding([.char("u")], "u", "Undo the last pause/activate (within 10 minutes)", context: .table,
                   command: .undo, isDangerous: true),
        KeyBinding([.char("y")], "y", "Copy the row's Ads Manager link (OSC 52)", context: .table, command: .copyLink),
        KeyBinding([.tab, .char("d")], "Tab d", "Detail pane", context: .table, command: .toggleDetail),
        KeyBinding([.char("[")], "[", "Scroll details up", context: .detail, command: .detailUp),
        KeyBinding([.char("]")], "]", "Scroll details down", context: .detail, command: .detailDown),
        KeyBinding([.char("m")], "m", "Metrics range: today, yesterday, 7 days, 30 days", context: .table,
                   command: .nextRange),
        KeyBinding([.char("o"), .function(2)], "o F2", "Choose the columns of this table", context: .table,
                   command: .chooseColumns),
        KeyBinding([.char("r")], "r", "Refresh now", context: .global, command: .refresh),
        KeyBinding([.char("e")], "e", "Events pane (change log)", context: .global, command: .toggleEvents),
        KeyBinding([.char("c")], "c", "Campaigns", context: .global, command: .showCampaigns),
        KeyBinding([.char("A")], "A", "Accounts overview: every ad account's health; Enter switches",
                   context: .global, command: .showAccounts),
        KeyBinding([.char("w")], "w", "Wall: every account in large digits, in turn", context: .global,
                   command: .showWall),
        KeyBinding([.char("t")], "t", "Next colour theme", context: .global, command: .nextTheme),
        KeyBinding([.char("?"), .function(1)], "? F1", "Help", context: .global, command: .toggleHelp),
        KeyBinding([.char("q"), .ctrl("c")], "q ^C", "Quit", context: .global, command: .quit),
        KeyBinding([.ctrl("z")], "^Z", "Suspend to the shell", context: .global, command: .suspend),
        KeyBinding([.enter], "Enter", "Keep the filter", context: .filter, command: .filterAccept),
        KeyBinding([.escape], "Esc", "Clear the filter", context: .filter, command: .filterCancel),
        KeyBinding([.backspace, .delete], "⌫", "Delete a character", context: .filter, command: .filterDelete),
        // Only a lower-case y proceeds, as the dialog says: a stray Shift must not change live campaigns.
        KeyBinding([.char("y")], "y", "Go ahead", context: .confirm, command: .confirmYes),
        KeyBinding([], "any other", "Cancel", context: .confirm, command: .confirmNo),
        KeyBinding([.right, .char("l")], "→ l", "Next account", context: .wall, command: .wallNext),
        KeyBinding([.left, .char("h")], "← h", "Previous account", context: .wall, command: .wallPrevious),
        KeyBinding([.enter], "Enter", "Dashboard of the account on the wall", context: .wall, command: .leaveWall),
        KeyBinding([.escape, .char("w")], "Esc w", "Back to the dashboard", context: .wall, command: .hideWall),
        KeyBinding([.char(" ")], "Space", "Show/hide the column", context: .chooser, command: .chooserToggle),
        KeyBinding([.char("s")], "s", "Sort by the column (again: reverse)", context: .chooser, command: .chooserSort),
        KeyBinding([.escape, .enter, .char("o"), .function(2)], "Esc Enter o F2", "Close and save the columns",
                   context: .chooser, command: .chooserClose),
    ]

    /// The binding for `key` in `context`; table and detail keys fall back to global ones.
    public static func binding(for key: Key, in context: KeyContext) -> KeyBinding? {
        let lookup = index[context]?[key]
        if let lookup { return bindings[lookup] }
        switch context {
        case .table: return index[.global]?[key].map { bindings[$0] }
        case .detail:
            return (index[.table]?[key] ?? index[.global]?[key]).map { bindings[$0] }
        case .wall: return index[.global]?[key].map { bindings[$0] }
        case .global, .filter, .confirm, .chooser: return nil
        }
    }

    /// The label of the first binding running `command` (for hints).
    public static func label(of command: Command) -> String {
        bindings.first { $0.command == command }?.label ?? ""
    }

    private static let index: [KeyContext: [Key: Int]] = {
        var result: [KeyContext: [Key: Int]] = [:]
        for (position, binding) in bindings.enumerated() {
            for key in binding.keys where result[binding.context]?[key] == nil {
                result[binding.context, default: [:]][key] = position
            }
        }
        return result
    }()
}
