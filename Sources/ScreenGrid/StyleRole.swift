/// What a piece of screen text means; a ``Theme`` turns each role into colours and attributes.
///
/// Raw values are the keys used under `[roles]` in theme files.
public enum StyleRole: String, CaseIterable, Sendable, Codable {
    /// Ordinary text.
    case normal
    /// The header bar.
    case header
    /// Emphasised text inside the header bar (account name, breadcrumb head).
    case headerAccent = "header_accent"
    /// Panel and dialog titles.
    case title
    /// Box-drawing lines.
    case border
    /// Table column headings.
    case columnHeader = "column_header"
    /// The row under the cursor.
    case selected
    /// A row marked for a bulk action.
    case marked
    /// A marked row under the cursor.
    case markedSelected = "marked_selected"
    /// De-emphasised text (hints, stale values).
    case dim
    /// Warnings.
    case warning
    /// Errors.
    case error
    /// Success messages.
    case success
    /// Neutral information.
    case info
    /// Sparkline bars.
    case sparkline
    /// Small labels such as counts and tags.
    case badge
    /// Changes sent but not yet confirmed by the server.
    case pending
    /// Values that changed since the last refresh.
    case changed
    /// The message line.
    case message
    /// Input prompts.
    case prompt
    /// Dialog bodies.
    case dialog
    /// Dialog frames.
    case dialogBorder = "dialog_border"
    /// Key names in help and the key bar.
    case helpKey = "help_key"
    /// Entity status ACTIVE / running.
    case statusRunning = "status_running"
    /// Entity status PAUSED.
    case statusPaused = "status_paused"
    /// Entity scheduled but not started yet.
    case statusNotStarted = "status_not_started"
    /// Entity completed.
    case statusCompleted = "status_completed"
    /// Entity disabled.
    case statusDisabled = "status_disabled"
    /// Entity archived.
    case statusArchived = "status_archived"
    /// Entity in draft.
    case statusDraft = "status_draft"
    /// Any other entity status.
    case statusOther = "status_other"
    /// Review approved.
    case reviewApproved = "review_approved"
    /// Review pending.
    case reviewPending = "review_pending"
    /// Review rejected.
    case reviewRejected = "review_rejected"
    /// Any other review state.
    case reviewOther = "review_other"

    /// The role whose style is used when a theme does not set this one (`nil` for ``normal``).
    public var fallback: StyleRole? {
        switch self {
        case .normal: return nil
        case .headerAccent, .title, .columnHeader: return .header
        case .marked, .markedSelected: return .selected
        case .dialogBorder: return .border
        case .changed: return .info
        case .helpKey: return .headerAccent
        default: return .normal
        }
    }
}
