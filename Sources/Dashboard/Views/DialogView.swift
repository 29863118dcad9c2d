import ScreenGrid

/// The confirm dialog: "Pause 3 ad groups? y/N".
enum DialogView {
    /// Draws the dialog centered in `area`.
    static func draw(_ grid: inout CellGrid, _ dialog: ConfirmDialog, glyphs: Glyphs, _ area: Rect) {
        draw(&grid, question: dialog.question, notes: dialog.notes, glyphs: glyphs, area)
    }

    /// Draws a y/N question with its notes centered in `area`.
    static func draw(_ grid: inout CellGrid, question: String, notes: [String], glyphs: Glyphs, _ area: Rect) {
        let hint = "y: yes   any other key: no"
        let texts = [question] + notes + [hint]
        let contentWidth = texts.map(DisplayWidth.of).max() ?? 0
        let rect = Drawing.centered(width: max(36, contentWidth + 6), height: notes.count + 6, in: area)
        Drawing.box(&grid, rect, title: "Confirm", glyphs: glyphs, border: .dialogBorder, fill: .dialog)
        let inner = rect.insetBy(dx: 3, dy: 1)
        guard !inner.isEmpty else { return }
        func line(_ text: String, _ row: Int, _ role: StyleRole) {
            guard row < inner.maxY else { return }
            grid.put(DisplayWidth.truncate(text, toWidth: inner.width, ellipsis: glyphs.ellipsis),
                     x: inner.x, y: row, role: role, maxWidth: inner.width)
        }
        line(question, inner.y + 1, .prompt)
        for (offset, note) in notes.enumerated() { line(note, inner.y + 2 + offset, .dialog) }
        line(hint, inner.maxY - 1, .dim)
    }
}
