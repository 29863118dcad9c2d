/// Colours and attributes for one style role.
public struct TextStyle: Equatable, Sendable {
    /// Foreground colour.
    public var fg: Color
    /// Background colour.
    public var bg: Color
    /// Bold.
    public var bold: Bool
    /// Underline.
    public var underline: Bool
    /// Swap foreground and background.
    public var reverse: Bool
    /// Faint.
    public var dim: Bool
    /// Italic (not every terminal shows it).
    public var italic: Bool

    /// Creates a style; everything defaults to the terminal's plain text.
    public init(
        fg: Color = .default, bg: Color = .default,
        bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false, italic: Bool = false
    ) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
        self.italic = italic
    }

    /// Plain text in the terminal's default colours.
    public static let plain = TextStyle()
}
