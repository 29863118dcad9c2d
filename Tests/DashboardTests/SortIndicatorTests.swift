import Dashboard
import ScreenGrid
import Testing

/// Sorting by a column too narrow to show at this width: its heading (and the arrow in it) is not
/// drawn, so the message and the header say the column and the direction.
@Suite("Sort direction of a hidden column")
struct SortIndicatorTests {
    /// The Impr column's index in the ad groups table.
    static let impressionsColumn = Fixture.state(width: 80, height: 24).table.columns.firstIndex { $0.title == "Impr" } ?? -1

    /// Presses `s` until the ad groups are sorted by Impr.
    static func sortedByImpressions(width: Int, height: Int, glyphs: Glyphs = .unicode) -> AppState {
        var state = Fixture.state(width: width, height: height, glyphs: glyphs)
        for _ in 0..<impressionsColumn { state.press(.char("s")) }
        return state
    }

    @Test("at 80 columns Impr is hidden: message and header say Impr ↑, then Impr ↓ after S")
    func hiddenColumn() {
        var state = Self.sortedByImpressions(width: 80, height: 24)
        #expect(Self.impressionsColumn > 0)
        #expect(state.currentSort == SortState(column: Self.impressionsColumn, ascending: true))
        #expect(!state.screenText[2].contains("Impr"), "the column is hidden at 80 columns")
        #expect(state.message?.text == "Sorted by Impr ↑")
        #expect(state.screenText[1].contains("by Impr ↑"))
        state.press(.char("S"))
        #expect(state.message?.text == "Sorted by Impr ↓")
        state.message = nil
        #expect(state.screenText[1].contains("by Impr ↓"))
    }

    @Test("ASCII: the fallback arrows")
    func ascii() {
        var state = Self.sortedByImpressions(width: 80, height: 24, glyphs: .ascii)
        state.press(.char("S"))
        #expect(state.message?.text == "Sorted by Impr " + Glyphs.ascii.arrowDown)
        #expect(state.screenText[1].contains("by Impr " + Glyphs.ascii.arrowDown))
    }

    @Test("a column on screen carries its own arrow: the header adds nothing")
    func visibleColumn() {
        let state = Self.sortedByImpressions(width: 240, height: 40)
        #expect(state.screenText[2].contains("Impr↑"))
        #expect(!state.screenText[1].contains("by Impr"))
        var name = Fixture.state(width: 80, height: 24)
        name.press(.char("S"))
        #expect(name.message?.text == "Sorted by Name ↓")
        #expect(!name.screenText[1].contains("by Name"))
    }
}
