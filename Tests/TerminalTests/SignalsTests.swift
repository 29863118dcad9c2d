import Terminal
import Testing

/// Desktop notifications and clipboard copies as bytes: sanitized, and wrapped for tmux.
@Suite("Terminal signals")
struct SignalsTests {
    @Test("OSC 9 and OSC 777, bare")
    func bare() {
        #expect(TerminalSignals.notification(title: "Pinwatch: ad rejected", body: "ad 'Linen' rejected", insideTmux: false)
            == "\u{1B}]9;Pinwatch: ad rejected: ad 'Linen' rejected\u{07}\u{1B}]777;notify;Pinwatch: ad rejected;ad 'Linen' rejected\u{07}")
    }

    @Test("inside tmux each goes through its passthrough, escapes doubled")
    func tmux() {
        let bytes = TerminalSignals.notification(title: "T", body: "B", insideTmux: true)
        #expect(bytes == "\u{1B}Ptmux;\u{1B}\u{1B}]9;T: B\u{07}\u{1B}\\" + "\u{1B}Ptmux;\u{1B}\u{1B}]777;notify;T;B\u{07}\u{1B}\\")
    }

    @Test("hostile text cannot end the sequence or start another")
    func hostile() {
        let bytes = TerminalSignals.notification(title: "x\u{07}\u{1B}]52;c;AAAA\u{07}", body: "a;b\nc\u{9C}", insideTmux: false)
        let scalars = Array(bytes.unicodeScalars)
        #expect(scalars.filter { $0 == "\u{1B}" }.count == 2, "only the two introducers")
        #expect(scalars.filter { $0 == "\u{07}" }.count == 2, "only the two terminators")
        #expect(!scalars.contains("\u{9C}") && !bytes.contains("a;b") && !bytes.contains("\n"))
    }

    @Test("OSC 52 carries the text as base64")
    func clipboard() {
        #expect(TerminalSignals.clipboard("https://ads.pinterest.com/?a=1", insideTmux: false)
            == "\u{1B}]52;c;aHR0cHM6Ly9hZHMucGludGVyZXN0LmNvbS8/YT0x\u{07}")
        #expect(TerminalSignals.clipboard("ab", insideTmux: false) == "\u{1B}]52;c;YWI=\u{07}")
    }
}
