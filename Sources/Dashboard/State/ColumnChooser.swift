import ScreenGrid

/// The column chooser (as htop's setup screen): every column of one table, the shown ones ticked.
public struct ColumnChooser: Equatable, Sendable {
    /// The table whose columns these are.
    public var kind: TableKind
    /// Every column's title, in display order.
    public var titles: [String]
    /// The titles shown.
    public var shown: Set<String>
    /// The line under the cursor.
    public var cursor: Int = 0

    /// The shown titles in display order.
    public var chosen: [String] { titles.filter(shown.contains) }
}

/// Keys while the chooser is open.
enum ChooserHandling {
    /// Opens the chooser of the table on screen.
    static func open(_ state: inout AppState) {
        let kind = state.screen.tableKind
        let titles = TableBuilder.columns(kind).map(\.title)
        let shown = Set(state.table.columns.map(\.title))
        state.chooser = ColumnChooser(kind: kind, titles: titles, shown: shown)
    }

    /// Handles a key while the chooser is open.
    static func key(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var chooser = state.chooser else { return [] }
        let command = KeyMap.binding(for: key, in: .chooser)?.command ?? KeyMap.binding(for: key, in: .table)?.command
        switch command {
        case .moveUp?: chooser.cursor = max(0, chooser.cursor - 1)
        case .moveDown?: chooser.cursor = min(chooser.titles.count - 1, chooser.cursor + 1)
        case .first?: chooser.cursor = 0
        case .last?: chooser.cursor = chooser.titles.count - 1
        case .chooserToggle?:
            // The name stays: a row must say what it is.
            guard chooser.cursor > 0, chooser.titles.indices.contains(chooser.cursor) else { break }
            let title = chooser.titles[chooser.cursor]
            if chooser.shown.contains(title) { chooser.shown.remove(title) } else { chooser.shown.insert(title) }
            apply(&state, chooser)
        case .chooserSort?:
            guard chooser.titles.indices.contains(chooser.cursor) else { break }
            let title = chooser.titles[chooser.cursor]
            chooser.shown.insert(title)
            apply(&state, chooser)
            if let column = state.table.columns.firstIndex(where: { $0.title == title }) {
                let ascending = state.currentSort.column == column ? !state.currentSort.ascending : true
                state.currentSort = SortState(column: column, ascending: ascending)
                state.syncTable()
                state.say("Sorted by " + TableView.sortDescription(state.table.columns, state.currentSort, state.glyphs))
            }
        case .chooserClose?:
            state.chooser = nil
            return [.saveColumns(chooser.kind, chooser.chosen)]
        case .quit?: return [.quit]
        default: break
        }
        if state.chooser != nil { state.chooser = chooser }
        return []
    }

    /// Shows the chosen columns now, keeping the sort on the same column where it is still shown.
    private static func apply(_ state: inout AppState, _ chooser: ColumnChooser) {
        let sorted = state.table.columns.indices.contains(state.currentSort.column)
            ? state.table.columns[state.currentSort.column].title : nil
        state.chosenColumns[chooser.kind] = chooser.chosen
        let columns = TableBuilder.shown(TableBuilder.columns(chooser.kind), chosen: chooser.chosen)
            .map { TableBuilder.columns(chooser.kind)[$0].title }
        let column = sorted.flatMap { columns.firstIndex(of: $0) } ?? 0
        state.currentSort = SortState(column: column, ascending: column == 0 ? true : state.currentSort.ascending)
        state.syncTable()
    }
}
