import ScreenGrid

/// The detail pane: every field of the selected entity, scrollable.
enum DetailView {
    /// Draws the pane into `rect`.
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ rect: Rect) {
        let glyphs = state.glyphs
        let (title, lines) = DetailLines.lines(state)
        Drawing.box(&grid, rect, title: title, glyphs: glyphs, border: .border, fill: .normal)
        let inner = rect.insetBy(dx: 1, dy: 1)
        guard !inner.isEmpty else { return }
        let content = Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 2), height: inner.height)
        if lines.isEmpty {
            grid.put("Nothing selected", x: content.x, y: content.y, role: .dim, maxWidth: content.width)
            return
        }
        let scroll = min(max(0, state.detailScroll), max(0, lines.count - content.height))
        let labelWidth = min(30, content.width * 2 / 5)
        for (offset, line) in lines[scroll...].prefix(content.height).enumerated() {
            let y = content.y + offset
            let indent = min(line.depth * 2, max(0, labelWidth - 4))
            let labelRole: StyleRole = line.value.isEmpty ? .title : .dim
            let label = DisplayWidth.fit(line.label, toWidth: labelWidth - indent, ellipsis: glyphs.ellipsis)
            grid.put(label, x: content.x + indent, y: y, role: labelRole, maxWidth: labelWidth - indent)
            let valueWidth = content.width - labelWidth - 1
            guard valueWidth > 0, !line.value.isEmpty else { continue }
            let value = DisplayWidth.truncate(line.value, toWidth: valueWidth, ellipsis: glyphs.ellipsis)
            grid.put(value, x: content.x + labelWidth + 1, y: y, role: line.role, maxWidth: valueWidth)
            if state.hyperlinks, let link = line.link {
                grid.link(link, x: content.x + labelWidth + 1, y: y, width: min(valueWidth, DisplayWidth.of(value)))
            }
        }
        if scroll + content.height < lines.count {
            grid.put(glyphs.arrowDown, x: rect.maxX - 2, y: rect.maxY - 1, role: .border)
        }
        if scroll > 0 { grid.put(glyphs.arrowUp, x: rect.maxX - 2, y: rect.y, role: .border) }
    }
}
