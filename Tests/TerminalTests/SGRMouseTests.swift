import CNCurses
import ScreenGrid
import Testing
@testable import Terminal

/// SGR (1006) mouse reports, which name columns past 223 where X10 reports cannot.
@Suite("SGR mouse reports")
struct SGRMouseTests {
    @Test("a click at column 300 is a press and a release at x 299")
    func clickPastColumn223() {
        #expect(SGRMouse.event(parameters: "0;300;5", final: "M") == MouseEvent(x: 299, y: 4, kind: .press))
        #expect(SGRMouse.event(parameters: "0;300;5", final: "m") == MouseEvent(x: 299, y: 4, kind: .release))
    }

    @Test("the wheel scrolls; modifiers keep a click a click")
    func wheelAndModifiers() {
        #expect(SGRMouse.event(parameters: "64;10;3", final: "M") == MouseEvent(x: 9, y: 2, kind: .wheelUp))
        #expect(SGRMouse.event(parameters: "65;1000;3", final: "M") == MouseEvent(x: 999, y: 2, kind: .wheelDown))
        #expect(SGRMouse.event(parameters: "16;2;2", final: "M") == MouseEvent(x: 1, y: 1, kind: .press))  // Ctrl
    }

    @Test("motion, other buttons and malformed reports are no events",
          arguments: ["32;5;5", "1;5;5", "2;5;5", "0;5", "0;0;5", "x;5;5", "0;5;5;5", "", "-1;5;5"])
    func ignored(_ parameters: String) {
        #expect(SGRMouse.event(parameters: parameters, final: "M") == nil)
    }

    @Test("the introducer's key code is outside ncurses' own")
    func keyCode() {
        #expect(SGRMouse.keyCode > KEY_MAX)
        #expect(KeyDecoder.key(forKeyCode: SGRMouse.keyCode) == nil)
    }
}
