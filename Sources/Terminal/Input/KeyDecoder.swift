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
