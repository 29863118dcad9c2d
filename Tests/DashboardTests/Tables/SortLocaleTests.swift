import Dashboard
import Foundation
import ScreenGrid
import Testing

/// Sorting follows the names themselves, whatever the terminal can show of them.
@Suite("Sorting in an ASCII locale")
struct SortLocaleTests {
    /// The ids of the visible rows, in order, after sorting by `column` ascending.
    static func order(_ glyphs: Glyphs, column: Int, campaigns: Bool = false) -> [String] {
        var state = Fixture.state(glyphs: glyphs)
        if campaigns { _ = state.press(.char("c")) }
        state.currentSort = SortState(column: column, ascending: true)
        _ = update(&state, .tick(Fixture.now))
        return state.table.order.map { state.table.ids[$0] }
    }

    @Test("LANG=C sorts CJK and emoji names where UTF-8 does, not as “????”",
          arguments: [(column: 0, campaigns: false), (column: 1, campaigns: false), (column: 0, campaigns: true)])
    func asciiSortsByTheRealText(_ sort: (column: Int, campaigns: Bool)) {
        let unicode = Self.order(.unicode, column: sort.column, campaigns: sort.campaigns)
        let ascii = Self.order(.ascii, column: sort.column, campaigns: sort.campaigns)
        #expect(unicode.count > 1)
        #expect(ascii == unicode)
    }

    @Test("the ASCII screen still shows “?” for what it cannot draw")
    func asciiShowsReplacements() {
        let state = Fixture.state(glyphs: .ascii)
        let names = (0..<state.table.order.count).map { state.table.row(at: $0).cells[0].text }
        #expect(names.contains { $0.hasPrefix("??") })
        #expect(names.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }
}
