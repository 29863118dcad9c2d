import ScreenGrid

/// The message line. A message wider than the screen wraps upward over the rows above it, so a
/// long one (a broken theme's list of known roles, an error with its hint) can be read whole
/// instead of ending in an ellipsis.
enum MessageView {
    /// The colour role of a message of `severity`.
    static func role(_ severity: Severity) -> StyleRole {
        switch severity {
        case .info: .message
        case .success: .success
        case .warning: .warning
        case .error: .error
        }
    }

    /// Draws `message` ending on `row`, over at most `maxRows` rows (the last one shown ends in
    /// `ellipsis` when even those are not enough).
    static func draw(_ grid: inout CellGrid, _ message: Message, width: Int, row: Int, maxRows: Int, ellipsis: String) {
        let role = role(message.severity)
        var lines = wrap(message.text, width: width)
        let rows = max(1, min(maxRows, row + 1))
        if lines.count > rows {
            lines = Array(lines.prefix(rows))
            lines[rows - 1] = DisplayWidth.truncate(lines[rows - 1] + " " + ellipsis, toWidth: width, ellipsis: ellipsis)
        }
        let top = row - lines.count + 1
        for (offset, line) in lines.enumerated() {
            Drawing.line(&grid, x: 0, y: top + offset, width: width, fill: .normal, left: [Segment(line, role)],
                         ellipsis: ellipsis)
        }
    }

    /// `text` in lines of at most `width` columns, broken at spaces (a word longer than a line is
    /// broken where the line ends).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        guard DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = DisplayWidth.of(String(word))
            if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 || !line.isEmpty {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            for character in word {
                let w = DisplayWidth.of(character)
                if lineWidth + w > width {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                line.append(character)
                lineWidth += w
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
