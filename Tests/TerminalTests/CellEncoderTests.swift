import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Terminal

private func text(_ chars: [wchar_t]) -> String {
    String(String.UnicodeScalarView(chars.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
}

@Test func encoderKeepsNcursesWidthEqualToGridWidth() {
    setlocale(LC_ALL, "C.UTF-8")
    let encoder = CellEncoder(unicode: true)
    #expect(text(encoder.encode("日", width: 2)) == "日")
    #expect(text(encoder.encode("e\u{301}", width: 1)) == "e\u{301}")
    #expect(text(encoder.encode("👍", width: 2)) == "👍")
    // A ZWJ family is three wide emoji to the C library: draw the first one only.
    #expect(text(encoder.encode("👨‍👩‍👧", width: 2)) == "👨")
    // ❤ is narrow to the C library, wide in the grid: pad it.
    #expect(text(encoder.encode("❤️", width: 2)) == "❤ ")
}

@Test func encoderNeverSendsAZeroWidthJoiner() {
    setlocale(LC_ALL, "C.UTF-8")
    let encoder = CellEncoder(unicode: true)
    // A terminal would join the next cell's character into this one, shifting the rest of the row.
    #expect(text(encoder.encode("h\u{200D}", width: 1)) == "h")
    #expect(text(encoder.encode("日\u{200D}", width: 2)) == "日")
    #expect(text(encoder.encode("☀\u{200D}☀", width: 2)) == "☀ ")
}

@Test func asciiEncoderSendsOnlyASCII() {
    let encoder = CellEncoder(unicode: false)
    #expect(text(encoder.encode("日", width: 2)) == "??")
    #expect(text(encoder.encode("é", width: 1)) == "?")
    var buffer: [wchar_t] = []
    var mutableEncoder = encoder
    mutableEncoder.append("a", width: 1, to: &buffer)
    mutableEncoder.append("日", width: 2, to: &buffer)
    #expect(text(buffer) == "a??")
}
