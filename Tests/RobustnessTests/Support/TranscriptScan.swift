import Foundation

/// Reads every byte a program wrote to its terminal and lists what did not come from the terminal
/// library: escape sequences outside the few forms ncurses emits for xterm-256color, any OSC, DCS,
/// APC, PM or SOS string, raw control bytes, C1 controls, bidi and zero-width format characters,
/// and any control character of the data in its original place.
struct TranscriptScan {
    let bytes: [UInt8]
    /// Whether the terminal is UTF-8; if not, nothing outside ASCII may be sent.
    let unicode: Bool

    /// Final bytes of the CSI sequences terminfo has for xterm-256color (cursor moves, erase,
    /// insert/delete, scroll region, modes, colours, the title stack of smcup/rmcup, repeat).
    static let csiFinals = Set("@ABCDEFGHJKLMPSTXZbdghlmrt".utf8)
    /// What may follow ESC on its own: keypad modes, save/restore cursor, reverse index.
    static let escFinals = Set("=>78M".utf8)
    /// Character sets ncurses designates (`ESC ( B`, `ESC ( 0` for line drawing).
    static let charsets = Set("0B".utf8)
    /// Control bytes ncurses uses to move the cursor; everything else below 0x20 (and DEL) is foreign.
    static let allowedControls: Set<UInt8> = [0x08, 0x09, 0x0A, 0x0D, 0x1B]

    /// Scalars that must never reach the terminal: C1 controls, bidi controls and overrides,
    /// zero-width spaces and the byte order mark.
    static func isForbidden(_ v: UInt32) -> Bool {
        (0x80...0x9F).contains(v) || v == 0x061C || v == 0x200B || v == 0x200E || v == 0x200F
            || (0x202A...0x202E).contains(v) || v == 0x2060 || (0x2066...0x2069).contains(v) || v == 0xFEFF
    }

    /// Every sequence seen (for the report), e.g. `CSI ?1049h`, `ESC (B`.
    private(set) var sequences: [String: Int] = [:]

    init(bytes: [UInt8], unicode: Bool) {
        self.bytes = bytes
        self.unicode = unicode
    }

    /// Problems with the stream's grammar: escapes, controls, encoding. Empty when clean.
    mutating func problems() -> [String] {
        var found: [String] = []
        func report(_ what: String, at offset: Int) {
            if found.count < 40 { found.append("\(what) at byte \(offset): \(context(offset))") }
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                switch parseEscape(at: index) {
                case .success(let (name, length)):
                    sequences[name, default: 0] += 1
                    index += length
                case .failure(let problem):
                    report(problem.description, at: index)
                    index += 1
                }
                continue
            }
            if byte < 0x20 || byte == 0x7F {
                if !Self.allowedControls.contains(byte) { report(String(format: "control byte 0x%02X", byte), at: index) }
            } else if byte >= 0x80, !unicode {
                report(String(format: "non-ASCII byte 0x%02X in a non-UTF-8 terminal", byte), at: index)
            }
            index += 1
        }
        if unicode {
            if let text = String(bytes: bytes, encoding: .utf8) {
                for scalar in text.unicodeScalars where Self.isForbidden(scalar.value) {
                    found.append(String(format: "U+%04X reached the terminal", scalar.value))
                    if found.count >= 40 { break }
                }
            } else {
                found.append("the output is not valid UTF-8")
            }
        }
        return found
    }

    /// Pieces of `payloads` around each of their control and format characters, as they would
    /// appear if the string went to the terminal unchanged, that do appear in the output.
    func leaks(of payloads: [String]) -> [String] {
        let data = Data(bytes)
        var found: Set<String> = []
        for payload in payloads {
            let scalars = Array(payload.unicodeScalars)
            for (index, scalar) in scalars.enumerated() {
                let v = scalar.value
                guard v < 0x20 || v == 0x7F || Self.isForbidden(v) else { continue }
                var needle = String.UnicodeScalarView()
                needle.append(contentsOf: scalars[max(0, index - 3)..<min(scalars.count, index + 9)])
                let text = String(needle)
                if data.range(of: Data(text.utf8)) != nil { found.insert(text.debugDescription) }
            }
        }
        return found.sorted()
    }

    private struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// The escape sequence at `start` (which is ESC): its name and length, or why it is foreign.
    private func parseEscape(at start: Int) -> Result<(String, Int), Problem> {
        guard start + 1 < bytes.count else { return .failure(Problem(description: "ESC at the end of the output")) }
        let kind = bytes[start + 1]
        switch kind {
        case UInt8(ascii: "["):
            return parseCSI(at: start)
        case UInt8(ascii: "("), UInt8(ascii: ")"):
            guard start + 2 < bytes.count, Self.charsets.contains(bytes[start + 2]) else {
                return .failure(Problem(description: "unexpected character set designation"))
            }
            return .success(("ESC " + String(decoding: bytes[(start + 1)...(start + 2)], as: UTF8.self), 3))
        case UInt8(ascii: "]"):
            return .failure(Problem(description: "OSC (ESC ])"))
        case UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X"):
            return .failure(Problem(description: "a DCS/APC/PM/SOS string (ESC \(Character(Unicode.Scalar(kind))))"))
        default:
            guard Self.escFinals.contains(kind) else {
                return .failure(Problem(description: String(format: "ESC followed by 0x%02X", kind)))
            }
            return .success(("ESC " + String(Character(Unicode.Scalar(kind))), 2))
        }
    }

    /// A CSI sequence: parameters (digits, `;`, a leading `?` or `>`), intermediates, a known final.
    private func parseCSI(at start: Int) -> Result<(String, Int), Problem> {
        var index = start + 2
        var parameters: [UInt8] = []
        while index < bytes.count, (0x30...0x3F).contains(bytes[index]) {
            parameters.append(bytes[index])
            index += 1
        }
        var intermediates: [UInt8] = []
        while index < bytes.count, (0x20...0x2F).contains(bytes[index]) {
            intermediates.append(bytes[index])
            index += 1
        }
        guard index < bytes.count else { return .failure(Problem(description: "an unfinished CSI sequence")) }
        let final = bytes[index]
        let parameterText = String(decoding: parameters, as: UTF8.self)
        let name = "CSI " + parameterText + String(decoding: intermediates, as: UTF8.self)
            + String(Character(Unicode.Scalar(final)))
        let digitsAndSemicolons = parameterText.drop { $0 == "?" || $0 == ">" }
        guard digitsAndSemicolons.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ";") }) else {
            return .failure(Problem(description: "CSI parameters unlike terminfo's: \(name.debugDescription)"))
        }
        guard intermediates.isEmpty, Self.csiFinals.contains(final) else {
            return .failure(Problem(description: "a CSI sequence terminfo does not send: \(name.debugDescription)"))
        }
        return .success((name, index - start + 1))
    }

    /// The bytes around `offset`, readable.
    private func context(_ offset: Int) -> String {
        let from = max(0, offset - 24)
        let to = min(bytes.count, offset + 24)
        return String(decoding: bytes[from..<to], as: UTF8.self).debugDescription
    }
}
