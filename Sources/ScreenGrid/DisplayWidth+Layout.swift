/// Where padding goes when text is narrower than its field.
public enum TextAlignment: Sendable, Equatable {
    /// Text at the left, spaces after it.
    case left
    /// Text at the right, spaces before it.
    case right
    /// Text in the middle; an odd leftover space goes on the right.
    case center
}

extension DisplayWidth {
    /// Cuts `s` so its display width is at most `toWidth`, ending with `ellipsis` when anything was cut.
    ///
    /// Never splits a grapheme cluster; a double-width character that does not fit is dropped
    /// (the result may then be one column narrower). If even the ellipsis does not fit, the
    /// ellipsis itself is cut to `toWidth`.
    public static func truncate(_ s: String, toWidth: Int, ellipsis: String) -> String {
        guard toWidth > 0 else { return "" }
        let ellipsisWidth = of(ellipsis)
        if let width = simpleWidth(s) {
            // One column per scalar: no grapheme breaking needed (the common case, every frame).
            if width <= toWidth { return s }
            let keep = toWidth - ellipsisWidth
            if keep < 0 { return truncate(ellipsis, toWidth: toWidth, ellipsis: "") }
            return String(String.UnicodeScalarView(s.unicodeScalars.prefix(keep))) + ellipsis
        }
        let keepWidth = toWidth - ellipsisWidth
        var used = 0
        var keepEnd = s.startIndex      // end of the prefix that fits beside the ellipsis
        var index = s.startIndex
        while index < s.endIndex {
            let character = s[index]
            let w = of(character)
            if used + w > toWidth {
                // Does not fit whole: cut, with the ellipsis.
                if keepWidth < 0 { return truncate(ellipsis, toWidth: toWidth, ellipsis: "") }
                return String(s[s.startIndex..<keepEnd]) + ellipsis
            }
            used += w
            index = s.index(after: index)
            if used <= keepWidth { keepEnd = index }
        }
        return s
    }

    /// Pads `s` with spaces to `toWidth` columns; text already that wide or wider is returned unchanged.
    public static func pad(_ s: String, toWidth: Int, alignment: TextAlignment = .left) -> String {
        let missing = toWidth - of(s)
        guard missing > 0 else { return s }
        switch alignment {
        case .left:
            return s + String(repeating: " ", count: missing)
        case .right:
            return String(repeating: " ", count: missing) + s
        case .center:
            let before = missing / 2
            return String(repeating: " ", count: before) + s + String(repeating: " ", count: missing - before)
        }
    }

    /// Truncates `s` to `toWidth` (with `ellipsis`) and pads it, so the result is exactly `toWidth` wide.
    public static func fit(_ s: String, toWidth: Int, alignment: TextAlignment = .left, ellipsis: String) -> String {
        pad(truncate(s, toWidth: toWidth, ellipsis: ellipsis), toWidth: toWidth, alignment: alignment)
    }
}
