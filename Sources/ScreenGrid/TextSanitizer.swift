/// How text may be shown: full Unicode, or plain ASCII for terminals whose locale is not UTF-8.
public enum TextMode: Sendable, Equatable {
    /// The terminal speaks UTF-8: keep printable Unicode, show controls as Control Pictures.
    case unicode
    /// The terminal is not UTF-8: everything outside printable ASCII becomes `?`.
    case ascii
}

/// Makes strings that came from the network (or any untrusted source) safe to put on screen.
///
/// Nothing that can move the cursor, change terminal state or reorder text survives:
/// * C0 controls U+0000–U+001F (including ESC) become Control Pictures U+2400–U+241F (`␛`, `␀`, …),
///   so no CSI, OSC or OSC 52 sequence from data can ever reach the terminal;
/// * DEL U+007F becomes `␡`;
/// * C1 controls U+0080–U+009F (8-bit CSI is U+009B) become U+FFFD `�`;
/// * bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) become `�` too, so a
///   right-to-left override cannot disguise a name and is visible as tampering;
/// * tab, line feed, carriage return (and CR LF as one), U+2028 and U+2029 become one space each:
///   labels are single-line, and a space reads naturally where a name had a line break.
///
/// The emoji variation selector VS16 (U+FE0F) is dropped too: terminals disagree on whether it
/// makes a character such as `☀` two columns wide (tmux and xterm say no, kitty says yes), and a
/// cell whose width the terminal and the grid disagree on shifts or pads the rest of the line.
/// Without it every terminal draws the character as wide as `wcwidth` says.
///
/// In ``TextMode/ascii`` C0 controls use caret notation instead (`^[`, `^?`), and any other
/// non-ASCII grapheme becomes `?` — or `??` when it is double width, so layout widths stay equal.
public enum TextSanitizer {
    /// Returns `s` with every control, C1 and bidi control replaced by a visible, harmless form.
    public static func sanitize(_ s: String) -> String {
        sanitize(s, mode: .unicode)
    }

    /// Returns `s` reduced to printable ASCII (for terminals whose locale is not UTF-8).
    public static func sanitizeASCII(_ s: String) -> String {
        sanitize(s, mode: .ascii)
    }

    /// Returns `s` made safe for a terminal of the given mode.
    public static func sanitize(_ s: String, mode: TextMode) -> String {
        if isPlainPrintableASCII(s) { return s }
        switch mode {
        case .unicode: return sanitizeUnicode(s)
        case .ascii: return sanitizeToASCII(s)
        }
    }

    /// Whether `scalar` is one that `sanitize` never lets through.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        return isBidiControl(v) || v == 0x2028 || v == 0x2029
    }

    // MARK: - Implementation

    private static func isPlainPrintableASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func isBidiControl(_ v: UInt32) -> Bool {
        v == 0x061C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    private static let replacement: Unicode.Scalar = "\u{FFFD}"

    private static let emojiPresentationSelector: UInt32 = 0xFE0F

    private static func sanitizeUnicode(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { isUnsafe($0) || $0.value == emojiPresentationSelector }) else { return s }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            defer { previousWasCR = (v == 0x0D) }
            if v == emojiPresentationSelector { continue }
            if !isUnsafe(scalar) {
                out.append(scalar)
                continue
            }
            switch v {
            case 0x0A where previousWasCR:
                continue  // CR LF is one line break, already a space
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029:
                out.append(" ")
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + v) ?? replacement)
            case 0x7F:
                out.append("\u{2421}")
            default:
                out.append(replacement)
            }
        }
        return String(out)
    }

    private static func sanitizeToASCII(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var previousWasCR = false
        for character in s {
            defer { previousWasCR = character == "\r" }
            if let ascii = character.asciiValue, character.unicodeScalars.count == 1 {
                switch ascii {
                case 0x20..<0x7F: out.append(character)
                case 0x0A where previousWasCR: continue
                case 0x09, 0x0A, 0x0D: out.append(" ")
                case 0x7F: out.append("^?")
                default:
                    out.append("^")
                    out.append(Character(Unicode.Scalar(ascii + 0x40)))
                }
                continue
            }
            if character == "\r\n" {
                out.append(" ")
                continue
            }
            if character.unicodeScalars.contains(where: isUnsafe) {
                out.append("?")  // C1 or bidi control: visible, never passed through
                continue
            }
            switch DisplayWidth.of(character) {
            case 0: continue
            case 1: out.append("?")
            default: out.append("??")
            }
        }
        return out
    }
}
