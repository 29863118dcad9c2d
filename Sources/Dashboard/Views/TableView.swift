import AdsCache
import PinterestAds
import ScreenGrid

/// Draws the table on screen: headings, visible rows only, empty states.
enum TableView {
    /// Draws into `rect` (headings on its first row, rows below).
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ rect: Rect) {
        let table = state.table
        let glyphs = state.glyphs
        let layout = ColumnLayout(columns: table.columns, width: rect.width, x: rect.x)
        let sort = state.currentSort

        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: .columnHeader)
        for placed in layout.placed {
            let column = table.columns[placed.index]
            var title = column.title
            if placed.index == sort.column { title += sort.ascending ? glyphs.arrowUp : glyphs.arrowDown }
            let text = DisplayWidth.fit(title, toWidth: placed.width, alignment: column.alignment, ellipsis: glyphs.ellipsis)
            grid.put(text, x: placed.x, y: rect.y, role: .columnHeader, maxWidth: placed.width)
        }

        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(0, rect.height - 2))
        drawTotals(&grid, state, layout, y: rect.y + max(1, rect.height - 1), width: rect.width, x: rect.x)
        guard !table.order.isEmpty else {
            drawEmpty(&grid, state, body)
            return
        }
        let cursor = state.cursor
        let first = min(max(0, state.current.scroll), table.order.count - 1)
        let last = min(table.order.count, first + body.height)
        for position in first..<last {
            let y = body.y + position - first
            let row = table.row(at: position)
            let isMarked = state.marked.contains(row.id)
            let isSelected = position == cursor
            let rowRole: StyleRole? = isSelected ? (isMarked ? .markedSelected : .selected) : isMarked ? .marked : nil
            if let rowRole { grid.fill(Rect(x: body.x, y: y, width: body.width, height: 1), role: rowRole) }
            if isMarked { grid.put(glyphs.mark, x: body.x, y: y, role: rowRole ?? .marked) }
            for placed in layout.placed {
                let column = table.columns[placed.index]
                let cell = row.cells[placed.index]
                let shown = column.cutsMiddle ? Format.cutMiddle(cell.text, toWidth: placed.width, ellipsis: glyphs.ellipsis)
                                              : cell.text
                let text = DisplayWidth.fit(shown, toWidth: placed.width, alignment: column.alignment,
                                            ellipsis: glyphs.ellipsis)
                grid.put(text, x: placed.x, y: y, role: rowRole ?? cell.role, maxWidth: placed.width)
                if state.hyperlinks, column.title == "Name", let url = AdsManagerLink.url(ofRow: row.id, in: state) {
                    grid.link(url, x: placed.x, y: y, width: min(placed.width, DisplayWidth.of(cell.text)))
                }
            }
        }
    }

    /// The totals row: how many rows are shown and, under each metric column, their sum (rates
    /// from the sums).
    static func drawTotals(_ grid: inout CellGrid, _ state: AppState, _ layout: ColumnLayout, y: Int, width: Int, x: Int) {
        let table = state.table
        grid.fill(Rect(x: x, y: y, width: width, height: 1), role: .columnHeader)
        let context = FormatContext(glyphs: state.glyphs, timeZone: state.timeZone, money: state.money,
                                    range: state.metricsRange, reportingTimeZone: state.reportingTimeZone)
        let metricCells = table.totals.map { MetricColumns.cells($0, context) }
        for placed in layout.placed {
            let column = table.columns[placed.index]
            var text = ""
            if placed.index == 0 {
                let count = table.order.count
                text = "Total: \(count) " + (count == 1 ? String(table.kind.noun.dropLast()) : table.kind.noun)
                if table.totals != nil { text += ", " + state.metricsRange.label.lowercased() }
            } else if let metricCells, let metric = MetricColumns.titles.firstIndex(of: column.title) {
                text = metricCells[metric].text
            }
            guard !text.isEmpty else { continue }
            let fitted = DisplayWidth.fit(text, toWidth: placed.width, alignment: column.alignment, ellipsis: state.glyphs.ellipsis)
            grid.put(fitted, x: placed.x, y: y, role: .columnHeader, maxWidth: placed.width)
        }
    }

    /// "Impr ↓": the sort column and its direction.
    static func sortDescription(_ columns: [ColumnSpec], _ sort: SortState, _ glyphs: Glyphs) -> String {
        guard columns.indices.contains(sort.column) else { return "" }
        return columns[sort.column].title + " " + (sort.ascending ? glyphs.arrowUp : glyphs.arrowDown)
    }

    /// "Impr ↓" when the table on screen is sorted by a column too narrow to show at this width
    /// (so its heading, and the arrow in it, are not drawn); nil when the arrow is on screen.
    static func hiddenSort(_ state: AppState) -> String? {
        guard !state.showEvents, !state.showHelp else { return nil }
        let layout = Layout(width: state.width, height: state.height, showDetail: state.showDetail)
        guard !layout.detailCoversTable else { return nil }
        let columns = state.table.columns
        let sort = state.currentSort
        guard columns.indices.contains(sort.column) else { return nil }
        let placed = ColumnLayout(columns: columns, width: layout.table.width, x: layout.table.x).placed
        guard !placed.contains(where: { $0.index == sort.column }) else { return nil }
        return sortDescription(columns, sort, state.glyphs)
    }

    /// "Loading ad groups…", "No ad groups in this account", "No ad groups match “xyz”".
    static func emptyText(_ state: AppState) -> String {
        let noun = state.table.kind.noun
        let filter = state.current.filter
        if !filter.isEmpty, state.table.count > 0 {
            return "No \(noun) match “" + TextSanitizer.sanitize(filter) + "”"
        }
        let collection: CollectionKind = switch state.table.kind {
        case .adGroups: .adGroups
        case .ads: .adsInView
        case .campaigns: .campaigns
        case .accounts: .accounts
        }
        if case .ads(let adGroupID) = state.screen,
           state.snapshot.adsByAdGroup[adGroupID] != nil || state.snapshot.adCounts(of: adGroupID)?.total == 0 {
            // Known to have no ads: said so even while the next refresh of them runs.
            return "No ads in this ad group"
        }
        let status = state.snapshot.collections[collection] ?? CollectionStatus()
        let loaded = status.lastFetched != nil || state.snapshot.cachedAt != nil
        if status.isFetching || !loaded {
            return "Loading \(noun)" + state.glyphs.ellipsis
        }
        switch state.screen {
        case .adGroups(.some):
            return "No ad groups in this campaign"
        case .ads: return "No ads in this ad group"
        case .accounts: return "No ad accounts for this token"
        default: return "No \(noun) in this account"
        }
    }

    private static func drawEmpty(_ grid: inout CellGrid, _ state: AppState, _ body: Rect) {
        guard body.height > 0 else { return }
        let text = DisplayWidth.truncate(emptyText(state), toWidth: body.width - 2, ellipsis: state.glyphs.ellipsis)
        let x = body.x + max(0, (body.width - DisplayWidth.of(text)) / 2)
        grid.put(text, x: x, y: body.y + min(body.height - 1, body.height / 3), role: .dim)
    }
}
