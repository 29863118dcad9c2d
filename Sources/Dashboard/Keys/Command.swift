/// What a key does, independent of which key it is.
public enum Command: String, Sendable, Hashable, CaseIterable {
    /// Select the row above.
    case moveUp
    /// Select the row below.
    case moveDown
    /// One page up.
    case pageUp
    /// One page down.
    case pageDown
    /// First row.
    case first
    /// Last row.
    case last
    /// Open the selected row (ads of an ad group, ad groups of a campaign, switch account).
    case drillIn
    /// Back to the previous screen; closes panes first.
    case back
    /// Start typing a filter.
    case startFilter
    /// Sort by the next column.
    case nextSort
    /// Reverse the sort.
    case reverseSort
    /// Mark or unmark the row for a bulk action, then move down.
    case toggleMark
    /// Pause the marked rows (or the selected one).
    case pause
    /// Activate the marked rows (or the selected one).
    case activate
    /// Revert the last pause/activate since Pinwatch started.
    case undo
    /// Copy the selected row's Ads Manager link to the clipboard (OSC 52).
    case copyLink
    /// Refresh now.
    case refresh
    /// Show or hide the change log.
    case toggleEvents
    /// Show campaigns.
    case showCampaigns
    /// Next colour theme.
    case nextTheme
    /// Show or hide the detail pane.
    case toggleDetail
    /// Scroll the detail pane up.
    case detailUp
    /// Scroll the detail pane down.
    case detailDown
    /// Open the account switcher.
    case showAccounts
    /// Show or hide help.
    case toggleHelp
    /// Leave.
    case quit
    /// Suspend (back to the shell).
    case suspend
    /// Filter prompt: keep the filter and stop typing.
    case filterAccept
    /// Filter prompt: clear the filter and stop typing.
    case filterCancel
    /// Filter prompt: delete the last character.
    case filterDelete
    /// Confirm dialog: go ahead.
    case confirmYes
    /// Confirm dialog: cancel.
    case confirmNo
    /// Show the wall (started with `--wall`: back to it from the dashboard).
    case showWall
    /// Wall: the next account.
    case wallNext
    /// Wall: the previous account.
    case wallPrevious
    /// Wall: leave it for the dashboard of the account on it.
    case leaveWall
    /// Wall: back to the dashboard as it was.
    case hideWall
    /// Show the metrics of the next date range.
    case nextRange
    /// Open the column chooser of the table on screen.
    case chooseColumns
    /// Column chooser: show or hide the column under the cursor.
    case chooserToggle
    /// Column chooser: sort by the column under the cursor.
    case chooserSort
    /// Column chooser: close it, saving the columns.
    case chooserClose
}

/// Where a binding applies.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    /// Anywhere (unless a prompt or dialog takes the keys).
    case global
    /// On a table.
    case table
    /// While the detail pane is open.
    case detail
    /// While typing a filter.
    case filter
    /// While a confirm dialog is open.
    case confirm
    /// On the wall.
    case wall
    /// While the column chooser is open.
    case chooser

    /// Section title in the help overlay.
    public var title: String {
        switch self {
        case .global: "Anywhere"
        case .table: "Tables"
        case .detail: "Detail pane"
        case .filter: "Filter prompt"
        case .confirm: "Confirm dialog"
        case .wall: "Wall mode"
        case .chooser: "Column chooser"
        }
    }
}
