import CNCurses
import ScreenGrid
#if canImport(Glibc)
import Glibc
#endif

/// Turns cell text into the wide characters handed to ncurses, keeping ncurses' idea of each
/// character's width (the C library's `wcwidth`) equal to the grid's, so columns never drift.
///
/// When they disagree (an emoji ZWJ sequence, `❤️`, a character the C library does not know)
/// the cell is drawn as its first character padded with spaces, or as `?`s: less pretty, but
/// everything to its right stays where the grid put it.
///
/// A cluster with a zero width joiner (U+200D) is never sent whole, whatever the widths say:
/// terminals (tmux, kitty, WezTerm) join the character after a ZWJ into the joiner's cell, so
/// `h` ZWJ followed by `j` would take one column where the grid counts two.
struct CellEncoder {
    /// Whether the locale is UTF-8; if not, only ASCII is sent.
    let unicode: Bool
    private var cache: [String: [wchar_t]] = [:]

    init(unicode: Bool) {
        self.unicode = unicode
    }

    /// Appends the characters for one cell of `width` columns (1 or 2) to `buffer`.
    mutating func append(_ text: String, width: Int, to buffer: inout [wchar_t]) {
        let utf8 = text.utf8
        if utf8.count == 1, let byte = utf8.first, byte >= 0x20, byte < 0x7F {
            buffer.append(wchar_t(byte))
            return
        }
        if let cached = cache[text] {
            buffer.append(contentsOf: cached)
            return
        }
        let encoded = encode(text, width: width)
        if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
        cache[text] = encoded
        buffer.append(contentsOf: encoded)
    }

    /// The characters for `text` occupying exactly `width` columns in ncurses' accounting.
    func encode(_ text: String, width: Int) -> [wchar_t] {
        let columns = max(1, width)
        let question = [wchar_t](repeating: wchar_t(UInt8(ascii: "?")), count: columns)
        guard unicode else {
            if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }), text.unicodeScalars.count == columns {
                return text.unicodeScalars.map { wchar_t($0.value) }
            }
            return question
        }
        let scalars = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        guard let first = scalars.first else { return question }
        let firstWidth = Int(pw_wcwidth(first))
        var total = 0
        var known = true
        for scalar in scalars {
            let w = Int(pw_wcwidth(scalar))
            if w < 0 { known = false }
            total += max(0, w)
        }
        let joins = text.unicodeScalars.contains { $0.value == 0x200D }
        if known && firstWidth > 0 && total == columns && scalars.count <= 5 && !joins {
            return scalars
        }
        if firstWidth == columns { return [first] }
        if firstWidth == 1 && columns == 2 { return [first, wchar_t(UInt8(ascii: " "))] }
        return question
    }
}
