import CNCurses
import ScreenGrid
import Testing
@testable import Terminal

@Test func functionKeyCodesMapToKeys() {
    let cases: [(Int32, Key)] = [
        (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
        (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
        (KEY_ENTER, .enter), (KEY_BACKSPACE, .backspace), (KEY_BTAB, .backTab),
        (KEY_DC, .delete), (KEY_IC, .insert), (KEY_F0 + 1, .function(1)), (KEY_F0 + 12, .function(12)),
    ]
    for (code, key) in cases {
        #expect(KeyDecoder.key(forKeyCode: code) == key, "code \(code)")
    }
    #expect(KeyDecoder.key(forKeyCode: KEY_F0) == nil)
    #expect(KeyDecoder.key(forKeyCode: KEY_SUSPEND) == nil)
}

@Test func rawModeCharactersMapToKeys() {
    let cases: [(UInt32, Key)] = [
        (10, .enter), (13, .enter), (27, .escape), (127, .backspace), (8, .backspace), (9, .tab),
        (3, .ctrl("c")), (26, .ctrl("z")), (1, .ctrl("a")), (0, .ctrl(" ")), (31, .ctrl("_")),
        (UInt32(UInt8(ascii: "q")), .char("q")), (UInt32(UInt8(ascii: "/")), .char("/")),
        (0x65E5, .char("日")), (0x1F44D, .char("👍")),
    ]
    for (value, key) in cases {
        #expect(KeyDecoder.key(forCharacter: value) == key, "value \(value)")
    }
    #expect(KeyDecoder.key(forCharacter: 0x9B) == nil)
    #expect(KeyDecoder.key(forCharacter: 0xD800) == nil)
}

@Test func mouseStatesMapToEvents() {
    let m = MouseMasks.ncurses
    #expect(MouseDecoder.events(bstate: m.pressed, x: 3, y: 4) == [MouseEvent(x: 3, y: 4, kind: .press)])
    #expect(MouseDecoder.events(bstate: m.released, x: 3, y: 4) == [MouseEvent(x: 3, y: 4, kind: .release)])
    #expect(MouseDecoder.events(bstate: m.clicked, x: 0, y: 0).map(\.kind) == [.press, .release])
    #expect(MouseDecoder.events(bstate: m.doubleClicked, x: 0, y: 0).map(\.kind) == [.doubleClick])
    #expect(MouseDecoder.events(bstate: m.wheelUp, x: 0, y: 0).map(\.kind) == [.wheelUp])
    #expect(MouseDecoder.events(bstate: m.wheelDown, x: 0, y: 0).map(\.kind) == [.wheelDown])
    #expect(MouseDecoder.events(bstate: 0, x: 0, y: 0).isEmpty)
    #expect(m.wheelUp != m.wheelDown && m.pressed != m.clicked)
}
