import CNCurses
import ScreenGrid
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of what a terminal does besides drawing cells: desktop notifications (OSC 9 and
/// OSC 777) and a copy to the clipboard (OSC 52), wrapped for tmux when Pinwatch runs inside it.
/// Every text is sanitized first: no control character of it reaches the terminal.
public enum TerminalSignals {
    /// A desktop notification as OSC 9 (iTerm2, Windows Terminal, WezTerm, kitty) and OSC 777
    /// (rxvt, foot, VTE terminals), each wrapped in tmux's passthrough when `insideTmux`.
    public static func notification(title: String, body: String, insideTmux: Bool) -> String {
        let title = field(title), body = field(body)
        // OSC 9 takes one text; "title: body" keeps both. It never starts with a digit, which
        // ConEmu would read as a sub-command.
        let osc9 = "\u{1B}]9;" + title + ": " + body + "\u{07}"
        let osc777 = "\u{1B}]777;notify;" + title + ";" + body + "\u{07}"
        return wrap(osc9, insideTmux: insideTmux) + wrap(osc777, insideTmux: insideTmux)
    }

    /// `text` copied to the clipboard with OSC 52 (works over SSH where the terminal allows it).
    public static func clipboard(_ text: String, insideTmux: Bool) -> String {
        let clean = String(TextSanitizer.sanitize(text).map { $0.isNewline ? " " : $0 })
        return wrap("\u{1B}]52;c;" + base64(Array(clean.utf8)) + "\u{07}", insideTmux: insideTmux)
    }

    /// The start of an OSC 8 hyperlink to `url` (which `CellGrid.link` keeps to printable ASCII).
    public static func hyperlinkStart(_ url: String) -> String {
        "\u{1B}]8;;" + String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F }.map(Character.init)) + "\u{1B}\\"
    }

    /// The end of a hyperlink.
    public static let hyperlinkEnd = "\u{1B}]8;;\u{1B}\\"

    /// tmux's passthrough: `ESC P tmux; <sequence, each ESC doubled> ESC \`.
    static func wrap(_ sequence: String, insideTmux: Bool) -> String {
        guard insideTmux else { return sequence }
        let doubled = sequence.unicodeScalars.map { $0 == "\u{1B}" ? "\u{1B}\u{1B}" : String($0) }.joined()
        return "\u{1B}Ptmux;" + doubled + "\u{1B}\\"
    }

    /// One field of a notification: sanitized, on one line, without the `;` that separates fields,
    /// and short (terminals cut long ones anyway).
    static func field(_ text: String) -> String {
        var clean = TextSanitizer.sanitize(text)
        clean = String(clean.map { $0 == ";" ? "," : $0.isNewline ? " " : $0 })
        return clean.count > 200 ? String(clean.prefix(199)) + "…" : clean
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? table[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        return out
    }
}

extension TerminalScreen {
    /// Rings the terminal's bell.
    public func ringBell() {
        _ = beep()
    }

    /// Shows a desktop notification through the terminal.
    public func notify(title: String, body: String) {
        writeRaw(TerminalSignals.notification(title: title, body: body, insideTmux: Self.insideTmux))
    }

    /// Copies `text` to the terminal's clipboard.
    public func copyToClipboard(_ text: String) {
        writeRaw(TerminalSignals.clipboard(text, insideTmux: Self.insideTmux))
    }

    /// Whether Pinwatch runs inside tmux (`$TMUX` is set).
    static var insideTmux: Bool { getenv("TMUX").map { $0.pointee != 0 } ?? false }

    /// Writes bytes straight to the terminal, after what ncurses has sent.
    func writeRaw(_ text: String) {
        let out = pw_stdout()
        fflush(out)
        fputs(text, out)
        fflush(out)
    }
}
