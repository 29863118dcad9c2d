import ScreenGrid

/// What the terminal can show.
enum ColorCapability: Equatable, Sendable {
    /// No colours (none available, `NO_COLOR`, or turned off): attributes only.
    case monochrome
    /// 8 (or 16) colours: every colour becomes the nearest basic one.
    case basic(defaultColors: Bool)
    /// 256 colours.
    case extended(defaultColors: Bool)

    /// Chooses from what ncurses reports; `roles` pairs are needed, one per style role.
    static func detect(hasColors: Bool, colors: Int, colorPairs: Int, defaultColors: Bool, noColor: Bool, roles: Int) -> ColorCapability {
        guard hasColors, !noColor, colors >= 8, colorPairs > roles else { return .monochrome }
        return colors >= 256 ? .extended(defaultColors: defaultColors) : .basic(defaultColors: defaultColors)
    }
}

/// Text attributes, independent of ncurses' bit layout.
struct Attributes: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let bold = Attributes(rawValue: 1 << 0)
    static let underline = Attributes(rawValue: 1 << 1)
    static let reverse = Attributes(rawValue: 1 << 2)
    static let dim = Attributes(rawValue: 1 << 3)
    static let italic = Attributes(rawValue: 1 << 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The attributes a theme style asks for.
    init(_ style: TextStyle) {
        var a: Attributes = []
        if style.bold { a.insert(.bold) }
        if style.underline { a.insert(.underline) }
        if style.reverse { a.insert(.reverse) }
        if style.dim { a.insert(.dim) }
        if style.italic { a.insert(.italic) }
        self = a
    }
}

/// How one role is drawn on this terminal: colour numbers for `init_pair` (-1 = default) and attributes.
struct PlannedStyle: Equatable, Sendable {
    var fg: Int
    var bg: Int
    var attributes: Attributes
}

/// Maps a theme onto what the terminal can show.
enum StylePlanner {
    /// The style of every role for `capability`.
    ///
    /// A role's `default` colour is the `normal` role's: a theme that sets the background (one
    /// made for light backgrounds does) paints every role on it, so text meant for a light
    /// background is never drawn on a dark terminal's own background.
    static func plan(theme: Theme, capability: ColorCapability) -> [StyleRole: PlannedStyle] {
        let normal = theme.style(.normal)
        var result: [StyleRole: PlannedStyle] = [:]
        for role in StyleRole.allCases {
            var style = theme.style(role)
            if style.fg == .default { style.fg = normal.fg }
            if style.bg == .default { style.bg = normal.bg }
            result[role] = plan(style, role: role, capability: capability)
        }
        return result
    }

    static func plan(_ style: TextStyle, role: StyleRole, capability: ColorCapability) -> PlannedStyle {
        let attributes = Attributes(style)
        switch capability {
        case .monochrome:
            return PlannedStyle(fg: -1, bg: -1, attributes: attributes.union(monochromeAttributes(for: role)))
        case .extended(let defaultColors):
            let fg = style.fg.index256() ?? -1
            let bg = style.bg.index256() ?? -1
            return PlannedStyle(
                fg: resolveDefault(fg, isForeground: true, defaultColors: defaultColors),
                bg: resolveDefault(bg, isForeground: false, defaultColors: defaultColors),
                attributes: attributes)
        case .basic(let defaultColors):
            var fg = style.fg.nearest8()
            if style.bg == .default, fg == 0 || fg == 7, !style.fg.isNamed {
                // A grey on the terminal's own background: black or white would vanish on one of
                // dark or light terminals, so use the terminal's own foreground instead.
                fg = -1
            }
            fg = resolveDefault(fg, isForeground: true, defaultColors: defaultColors)
            let bg = resolveDefault(style.bg.nearest8(), isForeground: false, defaultColors: defaultColors)
            if fg == bg && fg >= 0 && style.fg != style.bg {
                // Two different colours fell onto the same basic one: keep the text readable.
                fg = [0, 1, 4, 5].contains(bg) ? 7 : 0
            }
            return PlannedStyle(fg: fg, bg: bg, attributes: attributes)
        }
    }

    /// Attributes a role needs without colour so its meaning still shows (added to the theme's own).
    static func monochromeAttributes(for role: StyleRole) -> Attributes {
        switch role {
        case .normal, .message, .info, .sparkline, .dialog, .statusOther, .reviewOther, .reviewApproved,
             .statusNotStarted, .success:
            return []
        case .header, .selected, .badge:
            return .reverse
        case .headerAccent, .markedSelected:
            return [.reverse, .bold]
        case .title, .changed, .prompt, .helpKey, .dialogBorder, .warning, .statusRunning:
            return .bold
        case .columnHeader, .marked:
            return [.bold, .underline]
        case .border, .dim, .statusCompleted, .statusArchived:
            return .dim
        case .error, .reviewRejected, .statusDisabled:
            return [.bold, .underline]
        case .pending, .statusPaused, .reviewPending:
            return .underline
        case .statusDraft:
            return .italic
        }
    }

    private static func resolveDefault(_ color: Int, isForeground: Bool, defaultColors: Bool) -> Int {
        if color >= 0 || defaultColors { return color }
        return isForeground ? 7 : 0  // terminal cannot keep its own colours: white on black
    }
}

extension Color {
    /// Whether the theme named one of the 16 ANSI colours (a deliberate choice, kept as is).
    var isNamed: Bool {
        if case .named = value { return true }
        return false
    }
}
