import Testing
import ScreenGrid

@Test func newGridIsBlankAndRowsHaveGridWidth() {
    let grid = CellGrid(width: 7, height: 3)
    #expect(grid.textLines() == ["       ", "       ", "       "])
    #expect(grid[0, 0] == Cell(text: " ", role: .normal))
}

@Test func putWritesByDisplayWidthAndReturnsColumns() {
    var grid = CellGrid(width: 10, height: 1)
    #expect(grid.put("日本", x: 1, y: 0, role: .title) == 4)
    #expect(grid.textLines() == [" 日本     "])
    #expect(grid[1, 0].text == "日")
    #expect(grid[2, 0].isContinuation)
    #expect(grid[2, 0].role == .title)
}

@Test func wideCharacterAtRightEdgeIsLeftOut() {
    var grid = CellGrid(width: 5, height: 1)
    #expect(grid.put("abcd日", x: 0, y: 0, role: .normal) == 4)
    #expect(grid.textLines() == ["abcd "])
    #expect(!grid[4, 0].isContinuation)
}

@Test func maxWidthClipsWithoutHalfCharacters() {
    var grid = CellGrid(width: 10, height: 1)
    #expect(grid.put("日本語", x: 0, y: 0, role: .normal, maxWidth: 5) == 4)
    #expect(grid.textLines() == ["日本      "])
    #expect(grid.put("xyz", x: 8, y: 0, role: .normal, maxWidth: 0) == 0)
    #expect(grid.put("xyz", x: 2, y: 5, role: .normal) == 0)
}

@Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
    var grid = CellGrid(width: 6, height: 1)
    grid.put("日本語", x: 0, y: 0, role: .normal)
    grid.put("x", x: 1, y: 0, role: .normal)  // right half of 日
    #expect(grid.textLines() == [" x本語"])
    grid.put("y", x: 2, y: 0, role: .normal)  // left half of 本
    #expect(grid.textLines() == [" xy 語"])
    grid.fill(Rect(x: 5, y: 0, width: 1, height: 1), role: .dim)  // right half of 語
    #expect(grid.textLines() == [" xy   "])
    for line in grid.textLines() { #expect(DisplayWidth.of(line) == grid.width) }
}

@Test func negativeStartClipsAtLeftEdge() {
    var grid = CellGrid(width: 4, height: 1)
    #expect(grid.put("日本x", x: -1, y: 0, role: .normal) == 4)
    #expect(grid.textLines() == [" 本x"])
}

@Test func zeroWidthClustersAndControlsAreSkipped() {
    var grid = CellGrid(width: 6, height: 1)
    grid.put("a\u{1B}b\u{200B}e\u{301}", x: 0, y: 0, role: .normal)
    #expect(grid.textLines() == ["abe\u{301}   "])
}

@Test func everyRowIsGridWidthAfterHostileWrites() {
    var grid = CellGrid(width: 13, height: 4)
    let names = ["👨‍👩‍👧 family", "日本語キャンペーン", "e\u{301}\u{301}x", TextSanitizer.sanitize("\u{1B}]0;pwned\u{07}❤️")]
    for (row, name) in names.enumerated() {
        grid.put(name, x: row, y: row, role: .normal)
    }
    for line in grid.textLines() { #expect(DisplayWidth.of(line) == 13, "\(line.debugDescription)") }
}

@Test func fillSetRoleAndStyledLines() {
    var grid = CellGrid(width: 6, height: 2)
    grid.fill(Rect(x: 0, y: 0, width: 6, height: 1), role: .header)
    grid.put("Hi", x: 1, y: 0, role: .headerAccent)
    grid.put("abcdef", x: 0, y: 1, role: .normal)
    grid.setRole(row: 1, from: 2, to: 4, role: .selected)
    #expect(grid.styledLines() == ["<header> <header_accent>Hi<header>   ", "<normal>ab<selected>cd<normal>ef"])
    #expect(grid.runs(row: 1).map(\.x) == [0, 2, 4])
}

@Test func aFullGridKeepsEveryRowItsWidth() {
    var grid = CellGrid(width: 200, height: 60)
    var written: [Int] = []
    for row in 0..<60 { written.append(grid.put(String(repeating: "campaign 日本 ", count: 20), x: 0, y: row, role: .normal)) }
    // 280 columns of text: the first 200 fit, the rest is cut at the right edge.
    #expect(written == Array(repeating: 200, count: 60))
    #expect(grid.textLines().allSatisfy { DisplayWidth.of($0) == 200 })
}

@Test func glyphSetsAreSingleColumn() {
    for glyphs in [Glyphs.unicode, Glyphs.ascii] {
        let singles = [glyphs.horizontal, glyphs.vertical, glyphs.topLeft, glyphs.topRight, glyphs.bottomLeft,
                       glyphs.bottomRight, glyphs.teeLeft, glyphs.teeRight, glyphs.teeUp, glyphs.teeDown, glyphs.cross,
                       glyphs.ellipsis, glyphs.breadcrumb, glyphs.arrowUp, glyphs.arrowDown, glyphs.mark, glyphs.emDash]
        for g in singles + glyphs.sparkline + glyphs.spinner { #expect(DisplayWidth.of(g) == 1, "\(g)") }
        #expect(glyphs.sparkline.count == 8)
    }
    #expect(Glyphs.ascii.ellipsis == "~")
    #expect(Glyphs.unicode.sparklineBar(0) == "▁")
    #expect(Glyphs.unicode.sparklineBar(1) == "█")
    #expect(Glyphs.unicode.sparklineBar(.nan) == "▁")
    #expect(Glyphs.ascii.spinnerFrame(-1) == "\\")
}
