import AdsCache
import Dispatch
import ScreenGrid
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
    /// Whether text too wide is cut in the middle (names whose ends tell them apart) rather than at the end.
    public var cutsMiddle = false

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

extension ColumnSpec {
    /// The name column: the most important, flexible, and cut in the middle when too long.
    static func name(min: Int, preferred: Int) -> ColumnSpec {
        var spec = ColumnSpec("Name", priority: 0, min: min, preferred: preferred, flexible: true)
        spec.cutsMiddle = true
        return spec
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

    /// A blank row, for an index a snapshot no longer has (never shown in practice: a table is
    /// only given snapshots with the same rows).
    static let missing = TableRow(id: "", cells: [], sortKeys: [], lowercasedSearchText: "")

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
}

/// What a table keeps of every row: its id, its lowercased search text and, when the table is
/// sorted, its key in the sorted column.
public struct RowEntry: Sendable {
    /// The entity id.
    public var id: String
    /// Lowercased search text, as UTF-8.
    public var search: [UInt8]
    /// The sort key in the column asked for.
    public var sortKey: SortValue?

    /// Creates an entry; `lowercasedSearchText` must already be lowercased.
    public init(id: String, lowercasedSearchText: String, sortKey: SortValue?) {
        self.init(id: id, search: Array(lowercasedSearchText.utf8), sortKey: sortKey)
    }

    init(id: String, search: [UInt8], sortKey: SortValue?) {
        self.id = id
        self.search = search
        self.sortKey = sortKey
    }
}

/// Where the rows of a table come from: how many there are, and how to format the one at an index
/// (in snapshot order) from the snapshot when it is needed.
public struct RowSource: Sendable {
    /// How many rows.
    public let count: Int
    /// The snapshot rows are formatted from. A newer snapshot with the same table data may take
    /// its place (`TableModel.rebind`), so an older one is not kept alive by the table.
    var snapshot: Snapshot
    /// Formats the row at an index of the snapshot.
    let format: @Sendable (Snapshot, Int) -> TableRow
    /// The delivery of the row at an index in the range shown, for the totals row (nil: none).
    var delivery: (@Sendable (Snapshot, Int) -> Delivery?)?
    /// The entry of the row at an index, for a sort column, without formatting the whole row
    /// (a large table's entries are what its first paint waits for); nil: taken from the row.
    let entry: (@Sendable (Snapshot, Int, Int?) -> RowEntry)?

    /// Creates a source of `count` rows of `snapshot`.
    public init(count: Int, snapshot: Snapshot, format: @escaping @Sendable (Snapshot, Int) -> TableRow,
                entry: (@Sendable (Snapshot, Int, Int?) -> RowEntry)? = nil,
                delivery: (@Sendable (Snapshot, Int) -> Delivery?)? = nil) {
        self.count = count
        self.snapshot = snapshot
        self.format = format
        self.entry = entry
        self.delivery = delivery
    }

    /// The same rows showing only the columns at `indices` (of the full row), in that order.
    func picking(_ indices: [Int]) -> RowSource {
        let format = self.format
        let picked: @Sendable (Snapshot, Int) -> TableRow = { snapshot, index in
            var row = format(snapshot, index)
            row.cells = indices.map { row.cells.indices.contains($0) ? row.cells[$0] : TableCell("") }
            row.sortKeys = indices.map { row.sortKeys.indices.contains($0) ? row.sortKeys[$0] : SortValue.missing }
            return row
        }
        var pickedEntry: (@Sendable (Snapshot, Int, Int?) -> RowEntry)?
        if let entry = self.entry {
            pickedEntry = { snapshot, index, column in
                let original: Int? = column.flatMap { indices.indices.contains($0) ? indices[$0] : nil }
                return entry(snapshot, index, original)
            }
        }
        return RowSource(count: count, snapshot: snapshot, format: picked, entry: pickedEntry, delivery: delivery)
    }

    /// The entries of every row, with keys of `column`.
    func entries(column: Int?) -> [RowEntry] {
        if let entry {
            let snapshot = self.snapshot
            return map(count: count) { entry(snapshot, $0, column) }
        }
        return map(count: count) { index in
            let row = make(index)
            return RowEntry(id: row.id, search: row.search,
                            sortKey: column.map { row.sortKeys.indices.contains($0) ? row.sortKeys[$0] : .missing })
        }
    }

    /// Rows formatted up front (small tables, tests).
    public init(rows: [TableRow]) {
        self.init(count: rows.count, snapshot: Snapshot()) { _, index in rows[index] }
    }

    /// The row at `index`, formatted.
    func make(_ index: Int) -> TableRow { format(snapshot, index) }

    /// `transform` of every index below `count`, in order. Large tables are done on every core:
    /// each chunk of rows is independent, and a 10,000-row table is most of what the first paint
    /// waits for.
    private func map<T: Sendable>(count: Int, _ transform: @escaping @Sendable (Int) -> T) -> [T] {
        let chunkSize = 1_000
        guard count > 2 * chunkSize else { return (0..<count).map(transform) }
        let chunks = (count + chunkSize - 1) / chunkSize
        let built = Mutex<[Int: [T]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)
            let values = range.map(transform)
            built.withLock { $0[chunk] = values }
        }
        return built.withLock { parts in
            var values: [T] = []
            values.reserveCapacity(count)
            for chunk in 0..<chunks { values += parts[chunk] ?? [] }
            return values
        }
    }
}

/// Rows formatted for drawing, kept for as long as the table (whose data does not change): a
/// spinner frame or a scroll step redraws the screen, and the rows on it need not be formatted
/// again. Bounded; shared by the copies of one table.
final class RowCache: Sendable {
    private let rows = Mutex<(cached: [Int: TableRow], formatted: Int)>(([:], 0))
    private static let capacity = 512

    /// The row at `index`, formatted by `make` the first time.
    func row(_ index: Int, make: () -> TableRow) -> TableRow {
        if let row = rows.withLock({ $0.cached[index] }) { return row }
        let row = make()
        rows.withLock { rows in
            if rows.cached.count >= Self.capacity { rows.cached.removeAll(keepingCapacity: true) }
            rows.cached[index] = row
            rows.formatted += 1
        }
        return row
    }

    /// How many rows were formatted for drawing: the cost of a frame that does not depend on the
    /// machine, so tests can bound it where a time would only bound the machine.
    var formatted: Int { rows.withLock { $0.formatted } }
}

/// The lowercased search text of every row, packed in one buffer.
struct SearchText: Sendable {
    private var bytes: [UInt8] = []
    /// Where each row's text ends in `bytes`.
    private var ends: [Int] = []

    init(_ texts: [[UInt8]]) {
        bytes.reserveCapacity(texts.reduce(0) { $0 + $1.count })
        ends.reserveCapacity(texts.count)
        for text in texts {
            bytes += text
            ends.append(bytes.count)
        }
    }

    /// The rows among `rows` whose text holds `needle`, in the same order.
    func filter(_ rows: [Int], containing needle: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { all in
            rows.filter { row in
                let start = row == 0 ? 0 : ends[row - 1]
                return TableModel.contains(UnsafeBufferPointer(rebasing: all[start..<ends[row]]), needle)
            }
        }
    }
}

/// The table on screen. What every row needs to be found, filtered and ordered (its id, search
/// text and the key of the column sorted by) is kept for all rows; the cells are formatted only
/// for the rows drawn, so a table of a large account keeps a small part of what formatted rows
/// would take (scripts/BENCHMARKS.md, "Tables format only the rows drawn").
public struct TableModel: Sendable {
    /// What the rows were built from; rows rebuild when it changes.
    struct Key: Equatable, Sendable {
        var screen: Screen
        var snapshotVersion: Int
        var ascii: Bool
        var timeZone: String
        var healthVersion: Int
        var minute: Int
        var range: MetricsRange = .today
        var reportingTimeZone: String = ""
        var columns: [String]?
    }

    /// Which table this is.
    public let kind: TableKind
    /// The columns, in display order.
    public let columns: [ColumnSpec]
    /// Every row's entity id, in snapshot order.
    public let ids: [String]
    private var source: RowSource
    private let cache = RowCache()
    private let search: SearchText
    /// The sort keys of one column, for every row.
    private var sortKeys: (column: Int, values: [SortValue])?
    /// Visible rows (after filter and sort), as indices in snapshot order.
    public private(set) var order: [Int]
    /// Row indices in sort order, before filtering.
    private var sorted: [Int]
    private var appliedSort: SortState?
    private var appliedFilter: String?
    /// The visible rows' delivery summed (nil: the table has no metrics).
    public private(set) var totals: Delivery?
    /// Every row's delivery in snapshot order, taken once: a filter keystroke sums these rather
    /// than looking 10,000 rows' metrics up again. A table is rebuilt when its metrics change.
    private var deliveries: [Delivery]?
    var key: Key?

    /// Creates a model showing every row in snapshot order. `sortColumn` names the column whose
    /// keys to take while every row is formatted anyway (the one about to be sorted by).
    public init(kind: TableKind, columns: [ColumnSpec], source: RowSource, sortColumn: Int? = nil) {
        self.kind = kind
        self.columns = columns
        self.source = source
        let column = sortColumn.flatMap { columns.indices.contains($0) ? $0 : nil }
        let entries = source.entries(column: column)
        ids = entries.map(\.id)
        search = SearchText(entries.map(\.search))
        if let column { sortKeys = (column, entries.map { $0.sortKey ?? .missing }) }
        order = Array(ids.indices)
        sorted = order
    }

    /// A model of rows formatted up front.
    public init(kind: TableKind, columns: [ColumnSpec], rows: [TableRow]) {
        self.init(kind: kind, columns: columns, source: RowSource(rows: rows))
    }

    /// Formats rows from `snapshot` from now on: one whose table data equals that of the snapshot
    /// the table was built from (the same rows in the same order), so nothing is rebuilt.
    mutating func rebind(to snapshot: Snapshot) {
        source.snapshot = snapshot
    }

    /// How many rows the table has, before filtering.
    public var count: Int { ids.count }

    /// How many of this table's rows were formatted for drawing so far (by it and its copies).
    var rowsFormatted: Int { cache.formatted }

    /// The visible row at `position`, formatted.
    public func row(at position: Int) -> TableRow {
        let index = order[position]
        return cache.row(index) { source.make(index) }
    }

    /// The id of the visible row at `position`.
    public func id(at position: Int) -> String { ids[order[position]] }

    /// Position of the row with `id` among the visible rows; looks at `near` first.
    public func position(of id: String, near: Int = 0) -> Int? {
        if near >= 0, near < order.count, ids[order[near]] == id { return near }
        return order.firstIndex { ids[$0] == id }
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
            retotal()
        }
    }

    private mutating func resort(_ sort: SortState) {
        guard sort.column >= 0, sort.column < columns.count else {
            sorted = Array(ids.indices)
            return
        }
        let column = sort.column
        if sortKeys?.column != column {
            sortKeys = (column, source.entries(column: column).map { $0.sortKey ?? .missing })
        }
        let keys = sortKeys?.values ?? []
        sorted = ids.indices.sorted { lhs, rhs in
            let a = keys[lhs], b = keys[rhs]
            if a != b {
                // Missing values stay last in both directions.
                if a == .missing { return false }
                if b == .missing { return true }
                return sort.ascending ? a < b : b < a
            }
            return lhs < rhs
        }
    }

    /// Sums the visible rows' delivery.
    private mutating func retotal() {
        guard let delivery = source.delivery else {
            totals = nil
            return
        }
        let deliveries = self.deliveries ?? {
            let snapshot = source.snapshot
            return ids.indices.map { delivery(snapshot, $0) ?? Delivery() }
        }()
        self.deliveries = deliveries
        var sum = Delivery()
        for index in order { sum = sum + deliveries[index] }
        totals = sum
    }

    private mutating func refilter(_ filter: String) {
        let needle = Array(filter.lowercased().utf8)
        order = needle.isEmpty ? sorted : search.filter(sorted, containing: needle)
    }

    /// Whether `haystack` holds `needle` as a contiguous run of bytes.
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = hay.count
        guard n <= h else { return false }
        if n == 0 { return true }
        return needle.withUnsafeBufferPointer { pin in
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
