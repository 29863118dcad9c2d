import ScreenGrid

/// The column chooser: one line per column, ticked when shown, the sort column marked.
enum ChooserView {
    /// Draws the chooser centered in `area`.
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ chooser: ColumnChooser, _ area: Rect) {
        let glyphs = state.glyphs
        let hint = "Space show/hide  s sort  Esc save"
        let width = max(DisplayWidth.of(hint) + 4, (chooser.titles.map(DisplayWidth.of).max() ?? 0) + 12)
        let rect = Drawing.centered(width: width, height: min(area.height, chooser.titles.count + 4), in: area)
        Drawing.box(&grid, rect, title: "Columns: " + chooser.kind.noun, glyphs: glyphs, border: .dialogBorder, fill: .dialog)
        let inner = rect.insetBy(dx: 2, dy: 1)
        guard inner.height > 1 else { return }
        let rows = inner.height - 1
        let first = min(max(0, chooser.cursor - rows + 1), max(0, chooser.titles.count - rows))
        let sorted = state.table.columns.indices.contains(state.currentSort.column)
            ? state.table.columns[state.currentSort.column].title : nil
        for (offset, title) in chooser.titles.enumerated().dropFirst(first).prefix(rows) {
            let y = inner.y + offset - first
            let tick = chooser.shown.contains(title) ? "[x] " : "[ ] "
            var text = tick + title
            if title == sorted { text += " " + (state.currentSort.ascending ? glyphs.arrowUp : glyphs.arrowDown) }
            let role: StyleRole = offset == chooser.cursor ? .selected : chooser.shown.contains(title) ? .dialog : .dim
            if offset == chooser.cursor { grid.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selected) }
            grid.put(DisplayWidth.truncate(text, toWidth: inner.width, ellipsis: glyphs.ellipsis), x: inner.x, y: y,
                     role: role, maxWidth: inner.width)
        }
        grid.put(DisplayWidth.truncate(hint, toWidth: inner.width, ellipsis: glyphs.ellipsis), x: inner.x,
                 y: inner.maxY - 1, role: .dim, maxWidth: inner.width)
    }
}
