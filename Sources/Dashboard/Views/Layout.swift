import ScreenGrid

/// Where each part of the screen goes at a given size.
public struct Layout: Equatable, Sendable {
    /// Smallest usable terminal width.
    public static let minWidth = 60
    /// Smallest usable terminal height.
    public static let minHeight = 15
    /// Width from which the detail pane sits beside the table instead of covering it.
    public static let splitWidth = 110

    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// The two header lines.
    public var header: Rect
    /// Between header and message line: tables, panes.
    public var main: Rect
    /// The table (column header plus body); the full main area unless the detail pane splits it.
    public var table: Rect
    /// The detail pane, when open.
    public var detail: Rect?
    /// Whether the detail pane hides the table.
    public var detailCoversTable: Bool
    /// The message / filter prompt line.
    public var messageRow: Int
    /// The footer hint line.
    public var footerRow: Int

    /// Computes the layout.
    public init(width: Int, height: Int, showDetail: Bool) {
        self.width = width
        self.height = height
        header = Rect(x: 0, y: 0, width: width, height: 2)
        main = Rect(x: 0, y: 2, width: width, height: max(0, height - 4))
        messageRow = max(0, height - 2)
        footerRow = max(0, height - 1)
        table = main
        detail = nil
        detailCoversTable = false
        if showDetail {
            if width >= Layout.splitWidth {
                let tableWidth = width / 2
                table = Rect(x: 0, y: main.y, width: tableWidth, height: main.height)
                detail = Rect(x: tableWidth, y: main.y, width: width - tableWidth, height: main.height)
            } else {
                detail = main
                detailCoversTable = true
            }
        }
    }

    /// Whether the terminal is below the minimum size.
    public var isTooSmall: Bool { width < Layout.minWidth || height < Layout.minHeight }

    /// The table rows (below the column headings, above the totals row).
    public var tableBody: Rect {
        Rect(x: table.x, y: table.y + 1, width: table.width, height: max(0, table.height - 2))
    }

    /// The totals row under the table's rows.
    public var totalsRow: Int { table.y + max(1, table.height - 1) }
}
