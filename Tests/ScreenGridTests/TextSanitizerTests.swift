import Testing
@testable import ScreenGrid

/// Hostile strings as they might arrive in campaign names.
private let hostile: [String] = [
    "\u{1B}[2J",                         // CSI: clear screen
    "\u{1B}]0;pwned\u{07}",              // OSC: set window title
    "\u{1B}]52;c;ZXZpbA==\u{07}",        // OSC 52: write the clipboard
    "\u{9B}31m",                         // C1 CSI
    "abc\u{202E}gnp.exe",                // right-to-left override
    "a\u{2066}b\u{2069}c\u{200E}\u{200F}\u{061C}",
    "line1\nline2\r\nline3\rtab\there",
    "nul\u{0}del\u{7F}bell\u{07}",
    "\u{85}next-line\u{2028}sep\u{2029}",
    "\u{1B}\u{301}",                     // ESC with a combining mark glued on
]

private func assertSafe(_ s: String) {
    for scalar in s.unicodeScalars {
        let v = scalar.value
        #expect(v >= 0x20, "C0 control \(v) survived in \(s.debugDescription)")
        #expect(v != 0x7F, "DEL survived")
        #expect(!(0x80...0x9F).contains(v), "C1 control \(v) survived")
        #expect(![0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(v),
                "bidi control \(v) survived")
    }
}

@Test func sanitizeRemovesEveryControlFromHostileStrings() {
    for s in hostile {
        assertSafe(TextSanitizer.sanitize(s))
        let ascii = TextSanitizer.sanitizeASCII(s)
        assertSafe(ascii)
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII in \(ascii.debugDescription)")
    }
}

@Test func sanitizeShowsControlsAsControlPictures() {
    #expect(TextSanitizer.sanitize("\u{1B}[2J") == "␛[2J")
    #expect(TextSanitizer.sanitize("\u{1B}]0;pwned\u{07}") == "␛]0;pwned␇")
    #expect(TextSanitizer.sanitize("a\u{7F}b") == "a␡b")
    #expect(TextSanitizer.sanitize("\u{9B}31m") == "\u{FFFD}31m")
    #expect(TextSanitizer.sanitize("abc\u{202E}gnp") == "abc\u{FFFD}gnp")
}

@Test func sanitizeTurnsLineBreaksAndTabsIntoOneSpace() {
    #expect(TextSanitizer.sanitize("a\nb\r\nc\rd\te") == "a b c d e")
}

@Test func sanitizeKeepsOrdinaryTextUntouched() {
    for s in ["Spring Sale 2024", "日本語キャンペーン", "Café crème", "👨‍👩‍👧 family", "e\u{301}", "", "a\u{200D}b"] {
        #expect(TextSanitizer.sanitize(s) == s)
    }
}

@Test func sanitizeASCIIKeepsWidthsPredictable() {
    #expect(TextSanitizer.sanitizeASCII("日本") == "????")
    #expect(TextSanitizer.sanitizeASCII("Café") == "Caf?")
    #expect(TextSanitizer.sanitizeASCII("e\u{301}x") == "?x")
    #expect(TextSanitizer.sanitizeASCII("\u{1B}[1m") == "^[[1m")
    #expect(TextSanitizer.sanitizeASCII("a\u{7F}") == "a^?")
    #expect(TextSanitizer.sanitizeASCII("👍") == "??")
    for s in ["日本語", "Café", "👍 ok", "e\u{301}"] {
        #expect(DisplayWidth.of(TextSanitizer.sanitizeASCII(s)) == DisplayWidth.of(s))
    }
}

@Test func sanitizeEmptyString() {
    #expect(TextSanitizer.sanitize("") == "")
    #expect(TextSanitizer.sanitizeASCII("") == "")
}
