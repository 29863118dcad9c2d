import Testing
@testable import ScreenGrid

@Test(arguments: [
    ("#000000", 16), ("#ffffff", 231), ("#ff0000", 196), ("#00ff00", 46), ("#0000ff", 21),
    ("#808080", 244), ("#005f87", 24), ("#002b36", 234), ("#268bd2", 32), ("#eeeeee", 255), ("#121212", 233),
])
func hexMapsToNearestXterm256(_ hex: String, _ expected: Int) {
    #expect(Color.parse(hex)?.index256() == expected, "\(hex)")
}

@Test(arguments: [
    (196, 1), (46, 2), (226, 3), (21, 4), (201, 5), (51, 6), (231, 7), (16, 0),
    (244, 7), (236, 0), (24, 6), (25, 4), (114, 2), (214, 3), (203, 1), (9, 1), (15, 7), (8, 0),
])
func index256MapsToNearestBasic8(_ index: Int, _ expected: Int) {
    #expect(Color.indexed(index).nearest8() == expected, "\(index)")
}

@Test func parseColourSpellings() {
    #expect(Color.parse("default") == .default)
    #expect(Color.parse("bright_red") == .named(.brightRed))
    #expect(Color.parse(" Green ") == .named(.green))
    #expect(Color.parse("255") == .indexed(255))
    #expect(Color.parse("256") == nil)
    #expect(Color.parse("#12345") == nil)
    #expect(Color.parse("#gg0000") == nil)
    #expect(Color.parse("purpleish") == nil)
    #expect(Color.default.index256() == nil)
    #expect(Color.default.nearest8() == -1)
    #expect(Color.named(.brightBlue).index256() == 12)
    #expect(Color.rgb(0x26, 0x8b, 0xd2).description == "#268bd2")
}
