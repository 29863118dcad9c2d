import ScreenGrid

/// The help overlay, listing the key table.
enum HelpView {
    /// The help text as (key label, description, role) lines, grouped by context.
    static func lines(readOnly: Bool) -> [(keys: String, text: String, role: StyleRole)] {
        var lines: [(keys: String, text: String, role: StyleRole)] = []
        for context in KeyContext.allCases {
            let bindings = KeyMap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(("", "", .normal)) }
            lines.append((context.title, "", .title))
            for binding in bindings {
                var text = binding.description
                if context == .filter && binding.command == .filterAccept { text = "Keep the filter (type to narrow the list)" }
                if binding.isDangerous && readOnly { text += " (disabled: read-only)" }
                lines.append((binding.label, text, binding.isDangerous && readOnly ? .dim : .normal))
            }
        }
        lines.append(("", "", .normal))
        lines.append(("Mouse", "click selects, wheel scrolls, double click opens", .normal))
        return lines
    }

    /// Draws the overlay centered in `area`.
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ area: Rect) {
        let glyphs = state.glyphs
        let rect = Drawing.centered(width: 76, height: area.height, in: area)
        Drawing.box(&grid, rect, title: "Keys", glyphs: glyphs, border: .dialogBorder, fill: .dialog)
        let inner = rect.insetBy(dx: 2, dy: 1)
        guard !inner.isEmpty else { return }
        let all = lines(readOnly: state.readOnly)
        let scroll = min(max(0, state.helpScroll), max(0, all.count - inner.height))
        let keyWidth = 10
        for (offset, line) in all[scroll...].prefix(inner.height).enumerated() {
            let y = inner.y + offset
            if line.role == .title {
                grid.put(line.keys, x: inner.x, y: y, role: .title, maxWidth: inner.width)
                continue
            }
            grid.put(line.keys, x: inner.x, y: y, role: .helpKey, maxWidth: keyWidth)
            let width = inner.width - keyWidth - 1
            guard width > 0 else { continue }
            grid.put(DisplayWidth.truncate(line.text, toWidth: width, ellipsis: glyphs.ellipsis),
                     x: inner.x + keyWidth + 1, y: y, role: line.role == .dim ? .dim : .dialog, maxWidth: width)
        }
        if scroll + inner.height < all.count {
            grid.put(glyphs.arrowDown + " more", x: rect.maxX - 8, y: rect.maxY - 1, role: .dialogBorder)
        }
    }
}
