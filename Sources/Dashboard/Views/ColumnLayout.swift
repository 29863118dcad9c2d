/// Which columns fit a width, and where they go.
struct ColumnLayout: Equatable {
    /// One placed column.
    struct Placed: Equatable {
        /// Index into the table's columns.
        var index: Int
        /// Left edge.
        var x: Int
        /// Width.
        var width: Int
    }

    /// Columns left before the first column (the mark bullet).
    static let gutter = 2

    /// Placed columns in display order.
    var placed: [Placed]

    /// Fits `columns` into `width`: most important first, each at its minimum (flexible ones at a
    /// quarter of the width); then grows them to
    /// their preferred widths by importance; what is left goes to the flexible columns.
    init(columns: [ColumnSpec], width: Int, x: Int = 0) {
        let available = width - ColumnLayout.gutter
        let byPriority = columns.indices.sorted { columns[$0].priority < columns[$1].priority }
        var widths = [Int?](repeating: nil, count: columns.count)
        var used = 0
        for index in byPriority {
            let column = columns[index]
            // A flexible column (the name) claims a fair share before less important columns squeeze it.
            let claim = column.flexible ? min(column.preferredWidth, max(column.minWidth, available / 4)) : column.minWidth
            let need = claim + (used == 0 ? 0 : 1)
            if used + need <= available {
                widths[index] = claim
                used += need
            }
        }
        for index in byPriority {
            guard let current = widths[index] else { continue }
            let grow = min(columns[index].preferredWidth - current, available - used)
            if grow > 0 {
                widths[index] = current + grow
                used += grow
            }
        }
        let flexible = columns.indices.filter { columns[$0].flexible && widths[$0] != nil }
        var leftover = available - used
        if leftover > 0, !flexible.isEmpty {
            let share = leftover / flexible.count
            for (n, index) in flexible.enumerated() {
                let extra = n == 0 ? leftover - share * (flexible.count - 1) : share
                widths[index] = (widths[index] ?? 0) + extra
            }
            leftover = 0
        }
        var column = x + ColumnLayout.gutter
        var placed: [Placed] = []
        for index in columns.indices {
            guard let w = widths[index] else { continue }
            placed.append(Placed(index: index, x: column, width: w))
            column += w + 1
        }
        self.placed = placed
    }
}
