/// The symbols the UI draws with, in a Unicode set and an ASCII set for non-UTF-8 terminals.
///
/// Every glyph is one column wide, so layout math is the same for both sets.
public struct Glyphs: Sendable, Equatable {
    /// Horizontal line.
    public var horizontal: String
    /// Vertical line.
    public var vertical: String
    /// Top-left corner.
    public var topLeft: String
    /// Top-right corner.
    public var topRight: String
    /// Bottom-left corner.
    public var bottomLeft: String
    /// Bottom-right corner.
    public var bottomRight: String
    /// Tee pointing right, on a left edge (├).
    public var teeRight: String
    /// Tee pointing left, on a right edge (┤).
    public var teeLeft: String
    /// Tee pointing down, on a top edge (┬).
    public var teeDown: String
    /// Tee pointing up, on a bottom edge (┴).
    public var teeUp: String
    /// Crossing lines (┼).
    public var cross: String
    /// Marks cut text; always one column.
    public var ellipsis: String
    /// Sparkline bars from lowest to highest (8 levels).
    public var sparkline: [String]
    /// Spinner animation frames.
    public var spinner: [String]
    /// Separator between breadcrumb parts.
    public var breadcrumb: String
    /// Up arrow (sort ascending, scroll hint).
    public var arrowUp: String
    /// Down arrow (sort descending, scroll hint).
    public var arrowDown: String
    /// Bullet marking a row for a bulk action.
    public var mark: String
    /// Dash shown for missing values.
    public var emDash: String

    /// Box drawing and symbols from Unicode.
    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│",
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        teeRight: "├", teeLeft: "┤", teeDown: "┬", teeUp: "┴", cross: "┼",
        ellipsis: "…",
        sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        breadcrumb: "›", arrowUp: "↑", arrowDown: "↓", mark: "●", emDash: "—"
    )

    /// Plain ASCII stand-ins, for terminals whose locale is not UTF-8.
    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|",
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        teeRight: "+", teeLeft: "+", teeDown: "+", teeUp: "+", cross: "+",
        ellipsis: "~",
        sparkline: [" ", ".", ":", "-", "=", "+", "*", "#"],
        spinner: ["|", "/", "-", "\\"],
        breadcrumb: ">", arrowUp: "^", arrowDown: "v", mark: "*", emDash: "-"
    )

    /// The set to use for a terminal of the given text mode.
    public static func forMode(_ mode: TextMode) -> Glyphs {
        mode == .unicode ? .unicode : .ascii
    }

    /// The sparkline bar for `value` in `0...1` (clamped; NaN gives the lowest bar).
    public func sparklineBar(_ value: Double) -> String {
        guard let lowest = sparkline.first else { return " " }
        guard value.isFinite, value > 0 else { return lowest }
        let index = min(sparkline.count - 1, Int(value * Double(sparkline.count)))
        return sparkline[max(0, index)]
    }

    /// The spinner frame for tick `n` (any integer, wraps around).
    public func spinnerFrame(_ n: Int) -> String {
        guard !spinner.isEmpty else { return " " }
        let count = spinner.count
        return spinner[((n % count) + count) % count]
    }
}
