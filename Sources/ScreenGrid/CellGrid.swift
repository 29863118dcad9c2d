/// A screen's worth of cells, drawn by views and handed to the terminal in one piece.
///
/// Cells are stored row by row in one flat array, so filling and comparing grids is cheap.
/// Writes keep double-width characters whole: a wide character always sits in a cell followed
/// by a continuation cell (`text == ""`), and partly overwriting one blanks the other half.
public struct CellGrid: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Cells, row after row.
    public private(set) var cells: [Cell]
    /// The runs of cells that are hyperlinks (usually none; see `link(_:x:y:width:)`).
    public internal(set) var links: [LinkSpan] = []

    /// A grid of spaces drawn with `.normal` (negative sizes count as zero).
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; reading outside the grid gives a blank, writing there is ignored.
    ///
    /// This is a raw accessor: it does not keep wide characters whole. Prefer ``put(_:x:y:role:maxWidth:)``.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `s` from column `x` on row `y` by display width; returns the number of columns written.
    ///
    /// Stops at the grid's right edge or after `maxWidth` columns, whichever comes first, and
    /// never writes half of a double-width character (one that does not fit is left out).
    /// Zero-width clusters (controls, stray combining marks) are skipped. The text should already
    /// have passed ``TextSanitizer``.
    @discardableResult
    public mutating func put(_ s: String, x: Int, y: Int, role: StyleRole, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        var limit = width
        if let maxWidth {
            guard maxWidth > 0 else { return 0 }
            limit = min(limit, x + maxWidth)
        }
        let startColumn = max(x, 0)
        guard startColumn < limit else { return 0 }
        let rowBase = y * width
        repairLeftEdge(rowBase: rowBase, column: startColumn)
        var column = x
        for character in s {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > limit { break }
            if column < 0 {
                if column + w > 0 {
                    cells[rowBase] = Cell(text: " ", role: role)  // visible half of a wide char cut by the left edge
                }
                column += w
                continue
            }
            cells[rowBase + column] = Cell(text: String(character), role: role)
            if w == 2 { cells[rowBase + column + 1] = Cell(text: "", role: role) }
            column += w
        }
        let end = max(column, startColumn)
        repairRightEdge(rowBase: rowBase, column: end)
        return end - startColumn
    }

    /// Fills `rect` (clipped to the grid) with spaces drawn with `role`.
    public mutating func fill(_ rect: Rect, role: StyleRole) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let blank = Cell(text: " ", role: role)
        for row in area.y..<area.maxY {
            let rowBase = row * width
            repairLeftEdge(rowBase: rowBase, column: area.x)
            for column in area.x..<area.maxX { cells[rowBase + column] = blank }
            repairRightEdge(rowBase: rowBase, column: area.maxX)
        }
    }

    /// Resets every cell to a space drawn with `role`.
    public mutating func clear(role: StyleRole = .normal) {
        let blank = Cell(text: " ", role: role)
        for index in cells.indices { cells[index] = blank }
    }

    /// Changes the role of columns `from..<to` on `row` (clipped), keeping the text.
    public mutating func setRole(row: Int, from: Int, to: Int, role: StyleRole) {
        guard row >= 0, row < height else { return }
        let start = max(0, from)
        let end = min(width, to)
        guard start < end else { return }
        let rowBase = row * width
        for column in start..<end { cells[rowBase + column].role = role }
    }

    // MARK: - Reading back

    /// Each row as plain text: continuation cells skipped, trailing spaces kept.
    public func textLines() -> [String] {
        (0..<height).map { row in
            var line = ""
            line.reserveCapacity(width)
            for cell in cells[(row * width)..<((row + 1) * width)] where !cell.isContinuation {
                line += cell.text
            }
            return line
        }
    }

    /// Each row as text with `<role>` tags wherever the role changes (for golden tests).
    public func styledLines() -> [String] {
        (0..<height).map { row in
            runs(row: row).map { "<\($0.role.rawValue)>\($0.text)" }.joined()
        }
    }

    /// The runs of same-role cells on `row`, left to right, with continuation cells left out.
    public func runs(row: Int) -> [StyleRun] {
        guard row >= 0, row < height else { return [] }
        var result: [StyleRun] = []
        let rowBase = row * width
        for column in 0..<width {
            let cell = cells[rowBase + column]
            if cell.isContinuation { continue }
            if let last = result.indices.last, result[last].role == cell.role {
                result[last].text += cell.text
            } else {
                result.append(StyleRun(x: column, role: cell.role, text: cell.text))
            }
        }
        return result
    }

    // MARK: - Keeping wide characters whole

    /// Before overwriting from `column`: if it is the right half of a wide char, blank the left half.
    private mutating func repairLeftEdge(rowBase: Int, column: Int) {
        guard column > 0, column < width, cells[rowBase + column].isContinuation else { return }
        cells[rowBase + column - 1].text = " "
    }

    /// After writing up to `column` (exclusive): a continuation cell there lost its left half.
    private mutating func repairRightEdge(rowBase: Int, column: Int) {
        guard column >= 0, column < width, cells[rowBase + column].isContinuation else { return }
        cells[rowBase + column].text = " "
    }
}

/// A stretch of one row drawn with one role.
public struct StyleRun: Equatable, Sendable {
    /// Column of the first cell.
    public var x: Int
    /// Role of every cell in the run.
    public var role: StyleRole
    /// The cells' text, continuation cells left out.
    public var text: String
}
