import PinterestAds

/// Work the runtime does for the dashboard; `update` returns these as data.
public enum Effect: Equatable, Sendable {
    /// Refresh every collection now.
    case refreshNow
    /// Change the status of entities (the user confirmed).
    case performAction(kind: EntityKind, ids: [String], target: EntityStatus)
    /// Which ad group's ads are on screen (nil: none), so the cache refreshes them fast.
    case setAdGroupInView(String?)
    /// Switch to another ad account.
    case switchAccount(String)
    /// Keep these accounts' health fresh in the background, at the slower cadence (the account on
    /// screen is refreshed as usual); they are every account the credentials see.
    case watchAccounts([String])
    /// Use the named colour theme.
    case applyTheme(String)
    /// Save the columns chosen for a table (titles in display order) to the config.
    case saveColumns(TableKind, [String])
    /// Suspend the process (Ctrl-Z).
    case suspend
    /// Ring the terminal's bell.
    case ringBell
    /// A desktop notification through the terminal (both texts already sanitized).
    case notify(title: String, body: String)
    /// Copy text to the terminal's clipboard (already sanitized).
    case copyToClipboard(String)
    /// Leave the program.
    case quit
}
