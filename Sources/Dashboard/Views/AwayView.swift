import Foundation
import ScreenGrid

/// "While you were away": one screen of what changed since Pinwatch last ran.
enum AwayView {
    /// Draws the summary centered in `area`; what does not fit is counted.
    static func draw(_ grid: inout CellGrid, _ away: AwaySummary, _ state: AppState, _ area: Rect) {
        let glyphs = state.glyphs
        let rect = Drawing.centered(width: min(area.width, 90), height: area.height, in: area)
        Drawing.box(&grid, rect, title: "While you were away", glyphs: glyphs, border: .dialogBorder, fill: .dialog)
        let inner = rect.insetBy(dx: 2, dy: 1)
        guard inner.height >= 3, inner.width > 4 else { return }
        var lines: [(text: String, role: StyleRole)] = [
            ("Since Pinwatch last ran, " + Format.dateTime(away.since, state.timeZone), .dim), ("", .dialog),
        ]
        for section in away.sections {
            lines.append((section.heading, section.role))
            lines += section.lines.map { ("  " + $0, StyleRole.dialog) }
            lines.append(("", .dialog))
        }
        let room = inner.height - 1
        var shown = Array(lines.prefix(room))
        if lines.count > room {
            let hidden = lines.count - room + 1
            shown = Array(lines.prefix(room - 1)) + [("  \(hidden) more lines (e: events)", .dim)]
        }
        for (offset, line) in shown.enumerated() {
            grid.put(DisplayWidth.truncate(line.text, toWidth: inner.width, ellipsis: glyphs.ellipsis),
                     x: inner.x, y: inner.y + offset, role: line.role, maxWidth: inner.width)
        }
        grid.put("any key: close", x: inner.x, y: inner.maxY - 1, role: .dim, maxWidth: inner.width)
    }
}
