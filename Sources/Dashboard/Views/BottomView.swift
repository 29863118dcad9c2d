import ScreenGrid

/// The two bottom lines: message or filter prompt, then key hints.
enum BottomView {
    /// Draws the message line at `messageRow` and the footer at `footerRow`.
    static func draw(_ grid: inout CellGrid, _ state: AppState, width: Int, messageRow: Int, footerRow: Int) {
        let glyphs = state.glyphs
        let filter = state.current.filter
        let counts = "\(state.table.order.count) of \(state.table.count)"
        if state.isEditingFilter {
            let cursor = glyphs == .ascii ? "_" : "▏"
            Drawing.line(&grid, x: 0, y: messageRow, width: width, fill: .normal,
                         left: [Segment("/", .prompt), Segment(TextSanitizer.sanitize(filter) + cursor, .prompt)],
                         right: [Segment(counts + " ", .dim)], ellipsis: glyphs.ellipsis)
        } else if let message = state.message {
            // A long message may cover the table for a moment, never the two header lines.
            MessageView.draw(&grid, message, width: width, row: messageRow, maxRows: max(1, messageRow - 2),
                             ellipsis: glyphs.ellipsis)
        } else if !filter.isEmpty {
            Drawing.line(&grid, x: 0, y: messageRow, width: width, fill: .normal,
                         left: [Segment("filter: ", .dim), Segment(TextSanitizer.sanitize(filter), .info),
                                Segment("  (Esc clears)", .dim)],
                         right: [Segment(counts + " ", .dim)], ellipsis: glyphs.ellipsis)
        }

        var hints: [(String, String)] = [("?", "help"), ("q", "quit"), ("/", "filter"), ("s", "sort")]
        if state.table.kind != .accounts {
            hints.append(("space", "mark"))
            if !state.readOnly { hints += [("p", "pause"), ("a", "activate")] }
            hints.append(("Tab", "detail"))
        }
        hints += [("e", "events"), ("c", "campaigns"), ("r", "refresh")]
        var right: [Segment] = []
        if let cursor = state.cursor, !state.showEvents {
            right.append(Segment("\(cursor + 1)/\(state.table.order.count)", .dim))
        }
        if !state.marked.isEmpty { right.insert(Segment("\(state.marked.count) marked  ", .marked), at: 0) }
        let rightWidth = right.reduce(0) { $0 + DisplayWidth.of($1.text) }
        Drawing.line(&grid, x: 0, y: footerRow, width: width, fill: .normal, left: [],
                     right: right, ellipsis: glyphs.ellipsis)
        // Whole hints only, as many as fit beside the position.
        var segments: [Segment] = []
        var used = 0
        let room = width - rightWidth - 1
        for (key, text) in hints {
            let hintWidth = DisplayWidth.of(key) + 1 + DisplayWidth.of(text)
            guard used + hintWidth <= room else { break }
            segments.append(Segment(key, .helpKey))
            segments.append(Segment(" " + text + "  ", .dim))
            used += hintWidth + 2
        }
        Drawing.put(&grid, segments, x: 0, y: footerRow, width: max(0, room), ellipsis: "")
    }
}
