/// One terminal column: a grapheme cluster and the role it is drawn with.
public struct Cell: Equatable, Sendable {
    /// One grapheme cluster; `""` marks the right half of the double-width character to its left.
    public var text: String
    /// How the cell is styled.
    public var role: StyleRole

    /// Creates a cell.
    public init(text: String, role: StyleRole) {
        self.text = text
        self.role = role
    }

    /// A space drawn with `.normal`.
    public static let blank = Cell(text: " ", role: .normal)

    /// Whether this is the right half of a double-width character.
    public var isContinuation: Bool { text.isEmpty }
}

/// A rectangle of cells, in columns and rows from the top-left corner.
public struct Rect: Equatable, Sendable {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates a rectangle.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The column just past the right edge.
    public var maxX: Int { x + width }
    /// The row just past the bottom edge.
    public var maxY: Int { y + height }
    /// Whether the rectangle holds no cell.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// Whether the cell at (`px`, `py`) lies inside.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The overlap of two rectangles (empty, with zero size, when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    /// The rectangle shrunk by `dx` columns on each side and `dy` rows at top and bottom.
    public func insetBy(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }
}
