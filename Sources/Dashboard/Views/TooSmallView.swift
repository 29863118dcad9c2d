import ScreenGrid

/// The screen shown below the minimum size.
enum TooSmallView {
    /// Centers "terminal too small (need 60x15)" and the current size.
    static func draw(_ grid: inout CellGrid, width: Int, height: Int) {
        let lines = ["terminal too small (need \(Layout.minWidth)x\(Layout.minHeight))", "now \(width)x\(height)"]
        let top = max(0, (height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let x = max(0, (width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: top + offset, role: offset == 0 ? .warning : .dim)
        }
    }
}
