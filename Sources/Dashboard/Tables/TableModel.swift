import Dispatch
import Synchronization

/// One column of a table: its heading and how it shares the terminal width.
public struct ColumnSpec: Equatable, Sendable {
    /// Heading text.
    public var title: String
    /// 0 is the most important; narrow terminals drop the highest numbers first.
    public var priority: Int
    /// Narrowest useful width.
    public var minWidth: Int
    /// Width the column grows to when there is room.
    public var preferredWidth: Int
    /// Where text sits in the column.
    public var alignment: TextAlignment
    /// Whether the column takes the space left after every column got its preferred width.
    public var flexible: Bool

    /// Creates a column.
    public init(_ title: String, priority: Int, min: Int, preferred: Int? = nil,
                alignment: TextAlignment = .left, flexible: Bool = false) {
        self.title = title
        self.priority = priority
        self.minWidth = min
        self.preferredWidth = Swift.max(min, preferred ?? min)
        self.alignment = alignment
        self.flexible = flexible
    }
}

/// A value to sort a column by: missing values sort after every number or text.
public enum SortValue: Comparable, Sendable {
    /// A number.
    case number(Double)
    /// Text, compared case-insensitively (stored lowercased).
    case text(String)
    /// No value.
    case missing
}

/// A formatted table cell: safe text and the role it is drawn with.
public struct TableCell: Equatable, Sendable {
    /// The text (sanitized).
    public var text: String
    /// Its role when the row is neither selected nor marked.
    public var role: StyleRole

    /// Creates a cell.
    public init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// One entity as a table row: formatted cells, sort keys and the text the filter searches.
public struct TableRow: Sendable {
    /// The entity id.
    public var id: String
    /// One cell per column.
    public var cells: [TableCell]
    /// One sort key per column.
    public var sortKeys: [SortValue]
    /// Lowercased name, id and status, as UTF-8, for the filter.
    var search: [UInt8]

    /// Creates a row; `searchText` is lowercased here.
    public init(id: String, cells: [TableCell], sortKeys: [SortValue], searchText: String) {
        self.init(id: id, cells: cells, sortKeys: sortKeys, lowercasedSearchText: searchText.lowercased())
    }

    /// Creates a row whose search text is already lowercased (lowercasing is much of what a
    /// 10,000-row table costs to build, so a builder reuses what it lowercased for sort keys).
    init(id: String, cells: [TableCell], sortKeys: [SortValue], lowercasedSearchText: String) {
        self.id = id
        self.cells = cells
        self.sortKeys = sortKeys
        self.search = Array(lowercasedSearchText.utf8)
    }

    /// `count` rows made by `make`, in order. Large tables are made on every core: each chunk of
    /// rows is independent, and a 10,000-row table is most of what the first paint waits for.
    static func build(count: Int, _ make: (Int) -> TableRow) -> [TableRow] {
        let chunkSize = 1_000
        guard count > 2 * chunkSize else { return (0..<count).map(make) }
        let chunks = (count + chunkSize - 1) / chunkSize
        let built = Mutex<[Int: [TableRow]]>([:])
        withoutActuallyEscaping(make) { make in
            let make = UncheckedSendable(make)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)
                let rows = range.map(make.value)
                built.withLock { $0[chunk] = rows }
            }
        }
        return built.withLock { parts in (0..<chunks).flatMap { parts[$0] ?? [] } }
    }
}

/// The rows of the table on screen, built once per snapshot and re-ordered on sort and filter changes.
public struct TableModel: Sendable {
    /// What the rows were built from; rows rebuild when it changes.
    struct Key: Equatable, Sendable {
        var screen: Screen
        var snapshotVersion: Int
        var ascii: Bool
        var timeZone: String
    }

    /// Which table this is.
    public let kind: TableKind
    /// The columns, in display order.
    public let columns: [ColumnSpec]
    /// Every row, in snapshot order.
    public let rows: [TableRow]
    /// Visible rows (after filter and sort), as indices into ``rows``.
    public private(set) var order: [Int]
    /// Row indices in sort order, before filtering.
    private var sorted: [Int]
    private var appliedSort: SortState?
    private var appliedFilter: String?
    var key: Key?

    /// Creates a model showing every row in snapshot order.
    public init(kind: TableKind, columns: [ColumnSpec], rows: [TableRow]) {
        self.kind = kind
        self.columns = columns
        self.rows = rows
        self.order = Array(rows.indices)
        self.sorted = order
    }

    /// The visible row at `position`.
    public func row(at position: Int) -> TableRow { rows[order[position]] }

    /// Position of the row with `id` among the visible rows; looks at `near` first.
    public func position(of id: String, near: Int = 0) -> Int? {
        if near >= 0, near < order.count, rows[order[near]].id == id { return near }
        return order.firstIndex { rows[$0].id == id }
    }

    /// Re-sorts and re-filters when the sort or filter differs from the last applied ones.
    mutating func apply(sort: SortState, filter: String) {
        if appliedSort != sort {
            resort(sort)
            appliedSort = sort
            appliedFilter = nil
        }
        if appliedFilter != filter {
            refilter(filter)
            appliedFilter = filter
        }
    }

    private mutating func resort(_ sort: SortState) {
        guard sort.column >= 0, sort.column < columns.count else {
            sorted = Array(rows.indices)
            return
        }
        let column = sort.column
        let rows = self.rows
        sorted = rows.indices.sorted { lhs, rhs in
            let a = rows[lhs].sortKeys[column], b = rows[rhs].sortKeys[column]
            if a != b {
                // Missing values stay last in both directions.
                if a == .missing { return false }
                if b == .missing { return true }
                return sort.ascending ? a < b : b < a
            }
            return lhs < rhs
        }
    }

    private mutating func refilter(_ filter: String) {
        let needle = Array(filter.lowercased().utf8)
        guard !needle.isEmpty else {
            order = sorted
            return
        }
        let rows = self.rows
        order = sorted.filter { TableModel.contains(rows[$0].search, needle) }
    }

    /// Whether `haystack` holds `needle` as a contiguous run of bytes.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = haystack.count
        guard n <= h else { return false }
        if n == 0 { return true }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let first = pin[0]
                var i = 0
                while i <= h - n {
                    if hay[i] == first {
                        var j = 1
                        while j < n && hay[i + j] == pin[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

/// Carries a value that is only read, never mutated, across the threads of one synchronous call.
private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
