import Dashboard
import ScreenGrid

/// A captured screen (trailing spaces kept, `capture-pane -N`) as rows of terminal cells, so
/// text can be looked up by display column: a double-width character fills its cell and the
/// continuation cell after it (`""`), combining marks stay with their base.
struct PaneGrid: Sendable {
    let text: String
    let rows: [[String]]

    init(text: String) {
        self.text = text
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        rows = lines.map { line in
            var cells: [String] = []
            for character in line {
                let width = DisplayWidth.of(character)
                if width == 0 {
                    if let last = cells.indices.last { cells[last] += String(character) }
                    continue
                }
                cells.append(String(character))
                if width == 2 { cells.append("") }
            }
            return cells
        }
    }

    /// The cell at column `x` of row `y` (a space outside the screen).
    func cell(_ x: Int, _ y: Int) -> String {
        guard rows.indices.contains(y), rows[y].indices.contains(x) else { return " " }
        return rows[y][x]
    }

    /// Columns `range` of row `y` as text.
    func text(_ y: Int, _ range: Range<Int>) -> String {
        range.map { cell($0, y) }.joined()
    }

    /// The whole of row `y`.
    func line(_ y: Int) -> String {
        rows.indices.contains(y) ? rows[y].joined() : ""
    }

    /// The first column where `word` starts on row `y`.
    func column(of word: String, row y: Int, from: Int = 0) -> Int? {
        guard rows.indices.contains(y) else { return nil }
        let length = word.count
        var x = from
        while x + length <= rows[y].count {
            if text(y, x..<(x + length)) == word { return x }
            x += 1
        }
        return nil
    }

    /// The first row (from `from`) that contains `text`.
    func row(containing text: String, from: Int = 0) -> Int? {
        rows.indices.first { $0 >= from && line($0).contains(text) }
    }
}
