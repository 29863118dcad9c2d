import Foundation

/// A page of a list endpoint: `{"items": [...], "bookmark": "..."}`.
public struct Page<Item: Decodable>: Decodable {
    /// The items of this page.
    public var items: [Item]
    /// Where the next page starts; nil, missing or empty on the last page.
    public var bookmark: String?

    /// Creates a page.
    public init(items: [Item], bookmark: String?) {
        self.items = items
        self.bookmark = bookmark
    }
}

extension Page: Sendable where Item: Sendable {}

/// Turns response bodies into values, and decoding failures into `PinterestError.decoding` with a
/// dotted JSON path (`items[3].budget_in_micro_currency`) and a short snippet of the body.
enum ResponseDecoding {
    /// The longest body snippet an error carries.
    static let snippetLimit = 80

    /// Decodes a body, mapping any failure (HTML, truncated JSON, wrong types) to `.decoding`.
    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws(PinterestError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw decodingError(error, body: body)
        } catch {
            throw PinterestError.decoding(path: "", message: "Not valid JSON", snippet: snippet(of: body))
        }
    }

    /// The `.decoding` error for a `DecodingError` on a body.
    static func decodingError(_ error: DecodingError, body: Data) -> PinterestError {
        let path: [any CodingKey]
        let message: String
        switch error {
        case .typeMismatch(let type, let context):
            path = context.codingPath
            message = "expected \(readable(type))"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            message = "expected \(readable(type)), found null"
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            message = "missing required field"
        case .dataCorrupted(let context):
            path = context.codingPath
            message = context.codingPath.isEmpty ? "not valid JSON" : "invalid value"
        @unknown default:
            path = []
            message = "cannot decode"
        }
        let dotted = dottedPath(path)
        return .decoding(path: dotted, message: message, snippet: snippet(of: body, near: path))
    }

    /// `items[3].budget_in_micro_currency` for a coding path.
    static func dottedPath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    /// Up to 80 characters of the body on one line: around the last key of `path` when it can be
    /// found (the n-th occurrence for an n-th array element), else the start of the body.
    static func snippet(of body: Data, near path: [any CodingKey] = []) -> String {
        let text = String(decoding: body, as: UTF8.self)
        var start = text.startIndex
        if let lastKey = path.last(where: { $0.intValue == nil }) {
            let needle = "\"\(lastKey.stringValue)\""
            var ranges: [Range<String.Index>] = []
            var searchFrom = text.startIndex
            while let range = text.range(of: needle, range: searchFrom..<text.endIndex) {
                ranges.append(range)
                searchFrom = range.upperBound
            }
            let index = path.last(where: { $0.intValue != nil })?.intValue ?? 0
            if let chosen = ranges.indices.contains(index) ? ranges[index] : ranges.first {
                start = text.index(chosen.lowerBound, offsetBy: -20, limitedBy: text.startIndex) ?? text.startIndex
            }
        }
        return oneLine(text[start...], limit: snippetLimit)
    }

    /// Collapses whitespace and control characters and cuts to `limit` characters.
    static func oneLine<S: StringProtocol>(_ text: S, limit: Int) -> String {
        var out = ""
        var lastWasSpace = false
        for character in text {
            if out.count >= limit { break }
            let isSpace = character.isWhitespace || character.unicodeScalars.allSatisfy {
                $0.properties.generalCategory == .control
            }
            if isSpace {
                if !lastWasSpace && !out.isEmpty { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    private static func readable(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name
        }
    }
}
