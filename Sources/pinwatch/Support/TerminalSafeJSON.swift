import PinterestAds
import ScreenGrid

/// JSON text that is safe to `cat` to a terminal.
///
/// JSON allows C1 controls, DEL, bidi overrides and other invisible format characters raw inside
/// strings, and `JSONSerialization` writes them so; a terminal then obeys them (an 8-bit CSI, a
/// right-to-left override that reorders a name). Written as `\uXXXX` escapes they decode to the
/// very same strings and show as plain text.
enum TerminalSafeJSON {
    /// Whether `scalar` is written as an escape: everything the terminal sanitizer never lets
    /// through (C0, DEL, C1, bidi controls, line and paragraph separators) and every other format
    /// character (zero-width spaces and joiners, the BOM, invisible operators, tag characters).
    /// Tab, line feed and carriage return are left alone: the serializer escapes them inside
    /// strings, so raw ones are the layout of pretty-printed JSON.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar != "\t", scalar != "\n", scalar != "\r" else { return false }
        return TextSanitizer.isUnsafe(scalar) || scalar.properties.generalCategory == .format
    }

    /// `json` with every such scalar escaped. Valid because outside strings JSON text holds only
    /// structural characters, digits, literals and whitespace, none of which is escaped here.
    static func escape(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let digits = Hex.string([UInt8(unit >> 8), UInt8(truncatingIfNeeded: unit)], uppercase: true)
                out.append(contentsOf: ("\\u" + digits).unicodeScalars)
            }
        }
        return String(out)
    }
}
