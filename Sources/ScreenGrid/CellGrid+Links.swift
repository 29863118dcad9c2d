/// A run of cells on one row that is a hyperlink (OSC 8), for terminals that show them.
public struct LinkSpan: Equatable, Hashable, Sendable {
    /// First column.
    public var x: Int
    /// Row.
    public var y: Int
    /// Columns.
    public var width: Int
    /// Where it leads: an http(s) address, printable ASCII only.
    public var url: String

    /// Creates a span.
    public init(x: Int, y: Int, width: Int, url: String) {
        self.x = x
        self.y = y
        self.width = width
        self.url = url
    }
}

extension CellGrid {
    /// Marks `width` columns from `x` on row `y` as a link to `url`. An address that is not plain
    /// http(s) in printable ASCII, or a span outside the grid, is ignored: a link never carries
    /// a control character to the terminal.
    public mutating func link(_ url: String, x: Int, y: Int, width: Int) {
        let left = max(0, x), right = min(self.width, x + width)
        guard y >= 0, y < height, right > left, LinkSpan.isSafe(url) else { return }
        links.append(LinkSpan(x: left, y: y, width: right - left, url: url))
    }
}

extension LinkSpan {
    /// http(s), printable ASCII without spaces, at most 2,000 characters.
    static func isSafe(_ url: String) -> Bool {
        (url.hasPrefix("https://") || url.hasPrefix("http://")) && url.utf8.count <= 2_000
            && url.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
