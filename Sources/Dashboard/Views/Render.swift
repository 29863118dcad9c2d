import Foundation

/// Draws the whole screen for `state` into a grid of `width` × `height` cells. Pure.
public func render(_ state: AppState, width: Int, height: Int) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    let layout = Layout(width: width, height: height, showDetail: state.showDetail)
    if layout.isTooSmall {
        TooSmallView.draw(&grid, width: width, height: height)
        return grid
    }
    return grid
}
