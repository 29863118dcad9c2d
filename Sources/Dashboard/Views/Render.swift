import Foundation
import ScreenGrid

/// Draws the whole screen for `state` into a grid of `width` × `height` cells. Pure.
public func render(_ state: AppState, width: Int, height: Int) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    let layout = Layout(width: width, height: height, showDetail: state.showDetail)
    if layout.isTooSmall {
        TooSmallView.draw(&grid, width: width, height: height)
        return grid
    }
    if let wall = state.wall, wall.isShowing {
        WallView.draw(&grid, state, wall)
        if state.showHelp { HelpView.draw(&grid, state, layout.main) }
        if wall.isAskingToQuit { drawQuitQuestion(&grid, state, layout.main) }
        return grid
    }
    HeaderView.draw(&grid, state, layout.header)
    if state.showEvents {
        EventsView.draw(&grid, state, layout.main)
    } else {
        if !layout.detailCoversTable { TableView.draw(&grid, state, layout.table) }
        if let detail = layout.detail { DetailView.draw(&grid, state, detail) }
    }
    BottomView.draw(&grid, state, width: width, messageRow: layout.messageRow, footerRow: layout.footerRow)
    if let chooser = state.chooser { ChooserView.draw(&grid, state, chooser, layout.main) }
    if state.showHelp { HelpView.draw(&grid, state, layout.main) }
    if let away = state.away { AwayView.draw(&grid, away, state, layout.main) }
    if let dialog = state.confirm { DialogView.draw(&grid, dialog, glyphs: state.glyphs, layout.main) }
    if state.wall?.isAskingToQuit == true { drawQuitQuestion(&grid, state, layout.main) }
    return grid
}

private func drawQuitQuestion(_ grid: inout CellGrid, _ state: AppState, _ area: Rect) {
    DialogView.draw(&grid, question: WallKeys.quitQuestion, notes: ["The wall stops watching the accounts."],
                    glyphs: state.glyphs, area)
}
