import Foundation

/// Finds the line where a dotted key is written in TOML source, for error messages.
///
/// TOMLKit does not report source positions of values, so this scans the text: it follows
/// `[table]` headers, `dotted.keys = …` and one-line inline tables (`header = { fg = 1 }`).
/// It is a best effort: when the exact key is not found it answers with the nearest enclosing
/// table or key that is. Theme files and the config file both use it.
public struct TOMLKeyLocator {
    private let lines: [Substring]

    /// A locator over `source`.
    public init(source: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// 1-based line of `path` (e.g. `["roles", "header", "fg"]`), or of its closest written ancestor.
    public func line(of path: [String]) -> Int? {
        var section: [String] = []
        var best: (line: Int, depth: Int)?
        func consider(_ found: [String], line: Int) {
            guard found.count <= path.count, Array(path.prefix(found.count)) == found else { return }
            if best == nil || found.count > (best?.depth ?? 0) { best = (line, found.count) }
        }
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            let text = Self.stripComment(rawLine).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text.hasPrefix("[") {
                let inner = text.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
                section = Self.splitKey(String(inner))
                if section == path { return lineNumber }
                consider(section, line: lineNumber)
                continue
            }
            guard let equals = Self.firstUnquoted("=", in: text) else { continue }
            let full = section + Self.splitKey(String(text[text.startIndex..<equals]))
            if full == path { return lineNumber }
            if full.count < path.count, Array(path.prefix(full.count)) == full {
                // Maybe an inline table on this line holds the rest of the path.
                let rest = text[text.index(after: equals)...]
                if let last = path.last, Self.containsKey(last, in: String(rest)) { return lineNumber }
            }
            consider(full, line: lineNumber)
        }
        return best?.line
    }

    /// The dotted key written on 1-based `line` (with its table), or the table a `[header]` there opens;
    /// nil for a line that sets no key.
    public func key(atLine line: Int) -> [String]? {
        guard lines.indices.contains(line - 1) else { return nil }
        var section: [String] = []
        for text in lines[..<(line - 1)].map({ Self.stripComment($0).trimmingCharacters(in: .whitespaces) }) where text.hasPrefix("[") {
            section = Self.splitKey(String(text.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })))
        }
        let text = Self.stripComment(lines[line - 1]).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            let header = Self.splitKey(String(text.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })))
            return header.isEmpty ? nil : header
        }
        guard let equals = Self.firstUnquoted("=", in: text) else { return nil }
        let key = Self.splitKey(String(text[text.startIndex..<equals]))
        return key.isEmpty || key.contains("") ? nil : section + key
    }

    /// The text of 1-based `line` without its comment, trimmed; nil past the end.
    public func text(ofLine line: Int) -> String? {
        lines.indices.contains(line - 1) ? Self.stripComment(lines[line - 1]).trimmingCharacters(in: .whitespaces) : nil
    }

    static func stripComment(_ line: Substring) -> String {
        guard let hash = firstUnquoted("#", in: String(line)) else { return String(line) }
        let s = String(line)
        return String(s[s.startIndex..<hash])
    }

    static func firstUnquoted(_ target: Character, in text: String) -> String.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if let q = quote {
                if c == "\\" && q == "\"" {
                    index = text.index(after: index)
                    if index == text.endIndex { break }
                } else if c == q {
                    quote = nil
                }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == target {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func splitKey(_ key: String) -> [String] {
        key.split(separator: ".").map { part in
            var s = String(part).trimmingCharacters(in: .whitespaces)
            if s.count >= 2, let f = s.first, (f == "\"" || f == "'"), s.last == f {
                s = String(s.dropFirst().dropLast())
            }
            return s
        }
    }

    private static func containsKey(_ key: String, in text: String) -> Bool {
        var search = text[...]
        while let range = search.range(of: key) {
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            let after = search[range.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
            if (before == " " || before == "{" || before == "," || before == "\t"), after.first == "=" { return true }
            search = search[range.upperBound...]
        }
        return false
    }
}
