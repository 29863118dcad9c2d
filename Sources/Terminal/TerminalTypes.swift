import ScreenGrid

/// Something that happened at the terminal.
public enum TerminalEvent: Equatable, Sendable {
    /// A key press.
    case key(Key)
    /// A mouse action.
    case mouse(MouseEvent)
    /// The terminal changed size (also sent after the process was continued, to force a full repaint).
    case resize(width: Int, height: Int)
}

/// How to set up the terminal.
public struct TerminalOptions: Sendable, Equatable {
    /// Use attributes only, never colours (also implied by a non-empty `NO_COLOR` environment variable).
    public var noColor: Bool
    /// Report mouse clicks and the wheel.
    public var mouse: Bool
    /// Milliseconds to wait after ESC for the rest of an escape sequence.
    public var escapeDelayMs: Int32
    /// Milliseconds within which a press and release count as a click, and two clicks as a double click.
    public var mouseIntervalMs: Int32

    /// Creates options; the defaults suit an interactive dashboard.
    public init(noColor: Bool = false, mouse: Bool = true, escapeDelayMs: Int32 = 25, mouseIntervalMs: Int32 = 200) {
        self.noColor = noColor
        self.mouse = mouse
        self.escapeDelayMs = escapeDelayMs
        self.mouseIntervalMs = mouseIntervalMs
    }
}

/// Why the terminal could not be used.
public enum TerminalError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// `TERM` is not set.
    case noTerm
    /// ncurses does not know the terminal type.
    case unknownTerminal(String)
    /// The terminal cannot move the cursor (e.g. TERM=dumb), so a full-screen view is impossible.
    case cannotAddressCursor(String)
    /// A system call failed.
    case system(call: String, errno: Int32)

    /// A message for the user.
    public var description: String {
        switch self {
        case .notATerminal:
            return "standard input and output must be a terminal"
        case .noTerm:
            return "TERM is not set; set it to your terminal type (for example TERM=xterm-256color)"
        case .unknownTerminal(let term):
            return "unknown terminal type TERM=\(term) (no terminfo entry); try TERM=xterm-256color"
        case .cannotAddressCursor(let term):
            return "TERM=\(term) cannot move the cursor, and Pinwatch is a full-screen program; use a terminal such as TERM=xterm-256color (or `pinwatch status` for plain text)"
        case .system(let call, let errno):
            return "\(call) failed (errno \(errno))"
        }
    }
}
