import ScreenGrid

/// A piece of text with its role, for lines assembled from parts.
struct Segment {
    /// The text (already safe for the screen).
    var text: String
    /// How it is drawn.
    var role: StyleRole

    /// Creates a segment.
    init(_ text: String, _ role: StyleRole) {
        self.text = text
        self.role = role
    }
}

/// Drawing helpers shared by the views.
enum Drawing {
    /// Draws `left` segments from the left and `right` segments flush right on one row of `rect`;
    /// the left side is cut (with the ellipsis) to leave room for the right side.
    static func line(_ grid: inout CellGrid, x: Int, y: Int, width: Int, fill: StyleRole,
                     left: [Segment], right: [Segment] = [], ellipsis: String) {
        grid.fill(Rect(x: x, y: y, width: width, height: 1), role: fill)
        let leftWidth = left.reduce(0) { $0 + DisplayWidth.of($1.text) }
        var rightWidth = right.reduce(0) { $0 + DisplayWidth.of($1.text) }
        // A right side too long to fit (a long error) is cut, keeping at least a third of the line
        // (or all of a shorter left side) for the left; it is never dropped.
        let leftKeep = min(leftWidth, width / 3)
        if rightWidth > width - leftKeep - 1 {
            rightWidth = max(0, width - leftKeep - 1)
        }
        let leftLimit = width - rightWidth - (rightWidth > 0 ? 1 : 0)
        put(&grid, left, x: x, y: y, width: leftLimit, ellipsis: ellipsis)
        put(&grid, right, x: x + width - rightWidth, y: y, width: rightWidth, ellipsis: ellipsis)
    }

    /// Writes segments one after another within `width` columns, cutting the last with the ellipsis.
    static func put(_ grid: inout CellGrid, _ segments: [Segment], x: Int, y: Int, width: Int, ellipsis: String) {
        guard width > 0 else { return }
        var column = x
        let end = x + width
        for segment in segments {
            let room = end - column
            guard room > 0 else { return }
            if DisplayWidth.of(segment.text) <= room {
                column += grid.put(segment.text, x: column, y: y, role: segment.role, maxWidth: room)
            } else {
                let cut = DisplayWidth.truncate(segment.text, toWidth: room, ellipsis: ellipsis)
                grid.put(cut, x: column, y: y, role: segment.role, maxWidth: room)
                return
            }
        }
    }

    /// Draws a box with an optional title on its top edge and fills its inside.
    static func box(_ grid: inout CellGrid, _ rect: Rect, title: String?, glyphs: Glyphs,
                    border: StyleRole, fill: StyleRole) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        grid.fill(rect, role: fill)
        let inner = rect.width - 2
        let horizontal = String(repeating: glyphs.horizontal, count: inner)
        grid.put(glyphs.topLeft + horizontal + glyphs.topRight, x: rect.x, y: rect.y, role: border)
        grid.put(glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, role: border)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put(glyphs.vertical, x: rect.x, y: row, role: border)
            grid.put(glyphs.vertical, x: rect.maxX - 1, y: row, role: border)
        }
        if let title, inner > 4 {
            let text = " " + DisplayWidth.truncate(title, toWidth: inner - 4, ellipsis: glyphs.ellipsis) + " "
            grid.put(text, x: rect.x + 2, y: rect.y, role: .title)
        }
    }

    /// The rectangle of a `width` × `height` box centered in `area` (shrunk to fit).
    static func centered(width: Int, height: Int, in area: Rect) -> Rect {
        let w = min(width, area.width), h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }
}
