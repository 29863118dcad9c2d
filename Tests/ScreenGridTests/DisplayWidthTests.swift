import Testing
@testable import ScreenGrid

@Test(arguments: [
    ("", 0), ("abc", 3), ("e\u{301}", 1), ("日本語", 6), ("👍", 2), ("👨‍👩‍👧", 2), ("❤️", 2), ("❤", 1),
    ("a\u{200D}b", 2), ("a\u{200B}b", 2), ("\u{FEFF}x", 1), ("한국어", 6), ("ＡＢ", 4), ("🇫🇷", 2),
    ("1️⃣", 2), ("x\u{FE0F}", 1), ("Ω", 1), ("😀😀", 4), ("ｱｲ", 2),
])
func widthOfStrings(_ text: String, _ expected: Int) {
    #expect(DisplayWidth.of(text) == expected, "\(text.debugDescription)")
}

@Test func zeroWidthScalarsTakeNoColumn() {
    for scalar: Unicode.Scalar in ["\u{200D}", "\u{200B}", "\u{FE0F}", "\u{FEFF}", "\u{301}", "\u{202E}"] {
        #expect(DisplayWidth.of(Character(scalar)) == 0, "U+\(String(scalar.value, radix: 16))")
    }
}

@Test func sanitizedHostileTextHasPredictableWidth() {
    let s = TextSanitizer.sanitize("\u{1B}]52;c;ZXZpbA==\u{07}")
    #expect(DisplayWidth.of(s) == s.count)
}

@Test func truncateLongNameFits() {
    let long = String(repeating: "Campaign名前", count: 500)  // 5,000 characters
    #expect(long.count == 5_000)
    let result = DisplayWidth.truncate(long, toWidth: 30, ellipsis: "…")
    #expect(DisplayWidth.of(result) <= 30)
    #expect(result.hasSuffix("…"))
    #expect(long.hasPrefix(result.dropLast()))
}

@Test func truncateNeverSplitsWideCharacters() {
    #expect(DisplayWidth.truncate("日本語", toWidth: 5, ellipsis: "…") == "日本…")
    #expect(DisplayWidth.truncate("日本語", toWidth: 4, ellipsis: "…") == "日…")  // 本 does not fit beside …
    #expect(DisplayWidth.truncate("日本語", toWidth: 6, ellipsis: "…") == "日本語")
    #expect(DisplayWidth.truncate("abcdef", toWidth: 4, ellipsis: "…") == "abc…")
    #expect(DisplayWidth.truncate("abcdef", toWidth: 4, ellipsis: "~") == "abc~")
    #expect(DisplayWidth.truncate("abcdef", toWidth: 6, ellipsis: "…") == "abcdef")
    #expect(DisplayWidth.truncate("abcdef", toWidth: 2, ellipsis: "...") == "..")
    #expect(DisplayWidth.truncate("abcdef", toWidth: 0, ellipsis: "…") == "")
    #expect(DisplayWidth.truncate("", toWidth: 10, ellipsis: "…") == "")
    #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", toWidth: 2, ellipsis: "…") == "e\u{301}…")
    #expect(DisplayWidth.truncate("👨‍👩‍👧👨‍👩‍👧", toWidth: 3, ellipsis: "…") == "👨‍👩‍👧…")
}

@Test func padAndFitAlign() {
    #expect(DisplayWidth.pad("ab", toWidth: 5) == "ab   ")
    #expect(DisplayWidth.pad("ab", toWidth: 5, alignment: .right) == "   ab")
    #expect(DisplayWidth.pad("ab", toWidth: 5, alignment: .center) == " ab  ")
    #expect(DisplayWidth.pad("日本", toWidth: 6) == "日本  ")
    #expect(DisplayWidth.pad("abcdef", toWidth: 3) == "abcdef")
    #expect(DisplayWidth.fit("日本語", toWidth: 5, ellipsis: "…") == "日本…")
    #expect(DisplayWidth.fit("日本語", toWidth: 4, ellipsis: "…") == "日… ")
    #expect(DisplayWidth.of(DisplayWidth.fit("anything at all", toWidth: 7, alignment: .right, ellipsis: "…")) == 7)
}

/// The one-column fast path must agree with the full grapheme-by-grapheme measure.
@Suite("Display width fast path")
struct DisplayWidthFastPathTests {
    @Test("every scalar the fast path takes is one column wide on its own")
    func fastPathScalarsAreOneColumn() {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA1...0xAC, 0xAE...0x2FF, 0x2010...0x2027,
                                             0x2030...0x205E, 0x2500...0x259F]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(DisplayWidth.of(Character(scalar)) == 1, "U+\(String(value, radix: 16, uppercase: true))")
                #expect(DisplayWidth.simpleWidth(String(scalar)) == 1)
            }
        }
    }

    @Test("truncation takes the same cut on both paths", arguments: [
        "Back to school — Broad · All ages #123", "▁▂▃▄▅▆▇█▁▂▃▄▅▆", "Crème brûlée ½ price", "plain ascii name",
    ])
    func sameCut(_ text: String) {
        #expect(DisplayWidth.simpleWidth(text) != nil)
        for width in 0...(text.unicodeScalars.count + 2) {
            let fast = DisplayWidth.truncate(text, toWidth: width, ellipsis: "…")
            // The slow path, forced by a zero-width space at the end (zero columns, not on the fast path).
            let slow = DisplayWidth.truncate(text + "\u{200B}", toWidth: width, ellipsis: "…")
            #expect(fast == slow || fast + "\u{200B}" == slow, "width \(width)")
            #expect(DisplayWidth.of(fast) <= width)
        }
    }

    @Test("text the fast path does not take still measures by graphemes")
    func fallsBack() {
        #expect(DisplayWidth.simpleWidth("夏のセール") == nil)
        #expect(DisplayWidth.of("夏のセール") == 10)
        #expect(DisplayWidth.simpleWidth("e\u{301}") == nil)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.simpleWidth("a\u{7}b") == nil)
    }
}
