import CNCurses
import ScreenGrid
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Terminal

/// An emoji with VS16 (`☀️`) takes the columns the terminal gives it, with no padding after it.
@Suite("Emoji variation selectors")
struct EmojiSelectorTests {
    /// What reaches the terminal for `text` laid out cell by cell as the grid does, and how many
    /// columns the grid counted for it.
    static func drawn(_ text: String) -> (sent: String, gridColumns: Int) {
        var encoder = CellEncoder(unicode: true)
        var buffer: [wchar_t] = []
        var columns = 0
        for character in text {
            let width = DisplayWidth.of(character)
            guard width > 0 else { continue }
            encoder.append(String(character), width: width, to: &buffer)
            columns += width
        }
        let sent = String(String.UnicodeScalarView(buffer.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        return (sent, columns)
    }

    @Test("“Summer Sale ☀️ ·” reaches the terminal without a space after the sun",
          arguments: ["Summer Sale ☀️ ·", "Ski season ❄️ — Lookalikes", "keycap 1️⃣ ·", "love ❤️ ·"])
    func noPaddingAfterSelector(_ name: String) {
        setlocale(LC_ALL, "C.UTF-8")
        let clean = TextSanitizer.sanitize(name)
        let (sent, columns) = Self.drawn(clean)
        #expect(!sent.contains("  "), "sent \(sent.debugDescription)")
        // Columns as the C library (and tmux, xterm) count them equal the grid's.
        let terminalColumns = sent.unicodeScalars.reduce(0) { $0 + max(0, Int(pw_wcwidth(wchar_t(bitPattern: $1.value)))) }
        #expect(terminalColumns == columns)
    }

    @Test("the sanitizer drops VS16 and keeps everything else of the name")
    func sanitizerDropsSelector() {
        #expect(TextSanitizer.sanitize("Summer Sale ☀️") == "Summer Sale ☀")
        #expect(TextSanitizer.sanitize("a\u{FE0F}\u{1B}b") == "a\u{241B}b")
        #expect(TextSanitizer.sanitize("text ☀\u{FE0E}") == "text ☀\u{FE0E}")
    }
}
