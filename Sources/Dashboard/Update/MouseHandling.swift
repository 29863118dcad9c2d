import Foundation
import ScreenGrid

/// Mouse: click selects, wheel scrolls, double click opens.
enum MouseHandling {
    /// Seconds within which two presses on one row count as a double click.
    static let doubleClickInterval: TimeInterval = 0.4
    /// Rows one wheel step scrolls.
    static let wheelStep = 3

    /// Handles one mouse event.
    static func handle(_ state: inout AppState, _ mouse: MouseEvent) -> [Effect] {
        let layout = Layout(width: state.width, height: state.height, showDetail: state.showDetail)
        // The wall has no rows to click: the table behind it must not move unseen.
        guard !layout.isTooSmall, state.confirm == nil, !state.isEditingFilter, state.wall?.isShowing != true,
              state.wall?.isAskingToQuit != true else { return [] }
        let wheel = mouse.kind == .wheelUp ? -wheelStep : mouse.kind == .wheelDown ? wheelStep : 0
        if state.showHelp {
            if wheel != 0 { state.helpScroll = max(0, state.helpScroll + wheel) } else if mouse.kind == .press { state.showHelp = false }
            return []
        }
        if state.showEvents {
            if wheel != 0 {
                state.eventsScroll = min(max(0, state.eventsScroll + wheel), max(0, state.events.count - 1))
            }
            return []
        }
        if let detail = layout.detail, detail.contains(x: mouse.x, y: mouse.y) {
            if wheel != 0 { state.detailScroll = max(0, state.detailScroll + wheel) }
            return []
        }
        let body = layout.tableBody
        guard !layout.detailCoversTable, body.contains(x: mouse.x, y: mouse.y) || (wheel != 0 && layout.main.contains(x: mouse.x, y: mouse.y))
        else { return [] }
        if wheel != 0 {
            scroll(&state, by: wheel, page: body.height)
            return []
        }
        let position = state.current.scroll + (mouse.y - body.y)
        guard position >= 0, position < state.table.order.count else { return [] }
        state.select(position: position)
        let id = state.table.id(at: position)
        switch mouse.kind {
        case .doubleClick:
            state.lastClick = nil
            return Navigation.drillIn(&state)
        case .press:
            if let last = state.lastClick, last.rowID == id,
               state.now.timeIntervalSince(last.time) <= doubleClickInterval {
                state.lastClick = nil
                return Navigation.drillIn(&state)
            }
            state.lastClick = AppState.LastClick(rowID: id, time: state.now)
        default:
            break
        }
        return []
    }

    /// Scrolls the table, dragging the selection along so it stays visible.
    private static func scroll(_ state: inout AppState, by delta: Int, page: Int) {
        let count = state.table.order.count
        guard count > 0, let cursor = state.cursor else { return }
        var view = state.current
        view.scroll = min(max(0, view.scroll + delta), max(0, count - page))
        state.current = view
        let clamped = min(max(cursor, view.scroll), view.scroll + max(1, page) - 1)
        state.select(position: clamped)
    }
}
