/// A named set of styles, one per ``StyleRole``, usually loaded from a TOML file in `Themes/`.
public struct Theme: Equatable, Sendable {
    /// The theme's name (its file name without `.toml`, unless the file says otherwise).
    public var name: String
    /// One line saying what the theme is for.
    public var description: String
    /// The styles the theme sets; roles left out use ``style(_:)``'s fallback.
    public var styles: [StyleRole: TextStyle]

    /// Creates a theme.
    public init(name: String, description: String = "", styles: [StyleRole: TextStyle]) {
        self.name = name
        self.description = description
        self.styles = styles
    }

    /// The style for `role`: the theme's own, else that of the role's ``StyleRole/fallback`` chain,
    /// ending at `normal`, then at plain text.
    ///
    /// A fallback never loses the meaning of selection: `marked` and `marked_selected` fall back
    /// to `selected`, and `marked` adds bold so it still differs from the cursor row.
    public func style(_ role: StyleRole) -> TextStyle {
        if let own = styles[role] { return own }
        var current = role
        while let next = current.fallback {
            if var found = styles[next] {
                if role == .marked { found.bold = true; found.reverse = false }
                return found
            }
            current = next
        }
        return .plain
    }

    /// Whether the theme sets `role` itself (rather than falling back).
    public func sets(_ role: StyleRole) -> Bool { styles[role] != nil }
}
