import CNCurses
import ScreenGrid

/// Turns what `wget_wch` returns into ``Key`` values.
enum KeyDecoder {
    /// The key for a function-key code (`wget_wch` returned `KEY_CODE_YES`), or `nil` if not one we use.
    static func key(forKeyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .backTab
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case pw_key_f(1)...pw_key_f(64): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// The key for a character `wget_wch` returned as `OK` (raw mode: controls arrive as characters).
    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        case 0: return .ctrl(" ")
        case 1...26: return Unicode.Scalar(value + 0x60).map { .ctrl(Character($0)) }
        case 28: return .ctrl("\\")
        case 29: return .ctrl("]")
        case 30: return .ctrl("^")
        case 31: return .ctrl("_")
        case 0x80...0x9F: return nil  // C1 controls are never keys
        default: return Unicode.Scalar(value).map { .char(Character($0)) }
        }
    }
}

/// The ncurses mouse event bits that ``MouseDecoder`` looks at.
struct MouseMasks: Sendable {
    var pressed: UInt
    var released: UInt
    var clicked: UInt
    var doubleClicked: UInt
    var tripleClicked: UInt
    var wheelUp: UInt
    var wheelDown: UInt

    /// The bits as this ncurses defines them.
    static let ncurses = MouseMasks(
        pressed: UInt(pw_button1_pressed()), released: UInt(pw_button1_released()),
        clicked: UInt(pw_button1_clicked()), doubleClicked: UInt(pw_button1_double_clicked()),
        tripleClicked: UInt(pw_button1_triple_clicked()),
        wheelUp: UInt(pw_button4_pressed()), wheelDown: UInt(pw_button5_pressed()))

    /// Everything the dashboard asks ncurses to report.
    var all: UInt { pressed | released | clicked | doubleClicked | tripleClicked | wheelUp | wheelDown }
}

/// Turns an ncurses mouse event into ``MouseEvent`` values.
enum MouseDecoder {
    /// The events for button state `bstate` at cell (`x`, `y`); a click becomes a press and a release.
    static func events(bstate: UInt, x: Int, y: Int, masks: MouseMasks = .ncurses) -> [MouseEvent] {
        func event(_ kind: MouseEvent.Kind) -> MouseEvent { MouseEvent(x: x, y: y, kind: kind) }
        if bstate & masks.wheelUp != 0 { return [event(.wheelUp)] }
        if bstate & masks.wheelDown != 0 { return [event(.wheelDown)] }
        if bstate & (masks.doubleClicked | masks.tripleClicked) != 0 { return [event(.doubleClick)] }
        if bstate & masks.clicked != 0 { return [event(.press), event(.release)] }
        if bstate & masks.pressed != 0 { return [event(.press)] }
        if bstate & masks.released != 0 { return [event(.release)] }
        return []
    }
}

/// SGR (mode 1006) mouse reports, `ESC [ < b ; x ; y M` for a press and `…m` for a release.
///
/// X10 reports (mode 1000) put each coordinate in one byte, so a click past column 223 cannot be
/// reported at all; SGR reports write them as decimal numbers.
enum SGRMouse {
    /// What starts a report; ncurses returns ``keyCode`` for it once taught with `define_key`.
    static let introducer = "\u{1B}[<"
    /// The key code the introducer is defined as (above every code ncurses uses).
    static let keyCode = KEY_MAX + 1
    /// Turns SGR reports on / off (mouse reporting itself is ncurses' business).
    static let enable = "\u{1B}[?1006h"
    static let disable = "\u{1B}[?1006l"
    /// More characters than `b;x;y` can take: a longer run is not a report.
    static let longestParameters = 24

    /// The event for the parameters `b;x;y` (1-based cell) and the final `M` or `m`, or nil when
    /// it is not one the dashboard uses (other buttons, motion, malformed).
    static func event(parameters: String, final: Character) -> MouseEvent? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count == 3, final == "M" || final == "m",
              let button = Int(fields[0]), let column = Int(fields[1]), let row = Int(fields[2]),
              button >= 0, column >= 1, row >= 1 else { return nil }
        let x = column - 1, y = row - 1
        let motion = 32, wheel = 64
        if button & motion != 0 { return nil }
        if button & wheel != 0 {
            guard final == "M" else { return nil }
            switch button & 3 {
            case 0: return MouseEvent(x: x, y: y, kind: .wheelUp)
            case 1: return MouseEvent(x: x, y: y, kind: .wheelDown)
            default: return nil
            }
        }
        guard button & 3 == 0 else { return nil }  // only the first button selects and opens
        return MouseEvent(x: x, y: y, kind: final == "M" ? .press : .release)
    }
}
