import ScreenGrid

/// The events pane: the change log, newest first.
enum EventsView {
    /// Draws the pane into `rect`.
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ rect: Rect) {
        let glyphs = state.glyphs
        Drawing.box(&grid, rect, title: "Events (newest first) \(state.events.count)", glyphs: glyphs,
                    border: .border, fill: .normal)
        let inner = rect.insetBy(dx: 2, dy: 1)
        guard !inner.isEmpty else { return }
        if state.events.isEmpty {
            grid.put("No changes seen yet", x: inner.x, y: inner.y, role: .dim, maxWidth: inner.width)
            return
        }
        let newestFirst = state.events.reversed()
        let scroll = min(max(0, state.eventsScroll), max(0, state.events.count - inner.height))
        for (offset, event) in newestFirst.dropFirst(scroll).prefix(inner.height).enumerated() {
            let text = EventText.line(event, timeZone: state.timeZone, glyphs: glyphs)
            grid.put(DisplayWidth.truncate(text, toWidth: inner.width, ellipsis: glyphs.ellipsis),
                     x: inner.x, y: inner.y + offset, role: EventText.role(event), maxWidth: inner.width)
        }
    }
}
