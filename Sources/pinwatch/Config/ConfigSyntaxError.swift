import Dashboard
import Foundation

/// Turns a TOML parser's message into a sentence a user can act on, naming the key on that line.
///
/// The parser reports what its grammar expected ("expected value, saw '\n'", "unescaped control
/// characters other than TAB…"); a user wants to know which setting is wrong and how. The line's own
/// text says that better, so it is read first and the parser's words are only the fallback.
enum ConfigSyntaxError {
    static func explain(line: Int, parserMessage: String, locator: TOMLKeyLocator) -> String {
        let detail = plainDetail(parserMessage)
        guard let text = locator.text(ofLine: line), !text.isEmpty else {
            return "this line is not valid TOML (\(detail))"
        }
        if text.hasPrefix("[") {
            if !text.contains("]") { return "the table header “\(text)” is missing its closing “]”" }
            return "the table header “\(text)” is not valid TOML (\(detail))"
        }
        guard let key = locator.key(atLine: line)?.joined(separator: "."),
              let equals = text.firstIndex(of: "=") else {
            return "“\(text)” is a key without “= value” (\(detail))"
        }
        let value = text[text.index(after: equals)...].drop(while: \.isWhitespace)
        if value.isEmpty { return "\(key) has no value after “=”" }
        if isUnclosedString(value) { return "missing closing quote in the value of \(key)" }
        return "the value of \(key) is not valid TOML (\(detail))"
    }

    /// Whether `value` opens a one-line string that the line does not close.
    static func isUnclosedString(_ value: Substring) -> Bool {
        guard let quote = value.first, quote == "\"" || quote == "'" else { return false }
        if value.hasPrefix(String(repeating: quote, count: 3)) { return false }  // a multi-line string
        var escaped = false
        for character in value.dropFirst() {
            if escaped {
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                return false
            }
        }
        return true
    }

    /// The parser's message without its "Error while parsing …:" preamble, and with control
    /// characters it quotes written out (a raw newline would break the one-line error).
    static func plainDetail(_ message: String) -> String {
        var detail = Substring(message)
        if detail.hasPrefix("Error while parsing"), let colon = detail.firstIndex(of: ":") {
            detail = detail[detail.index(after: colon)...].drop(while: \.isWhitespace)
        }
        return detail.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
    }
}
