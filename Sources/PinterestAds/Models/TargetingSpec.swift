import Foundation

/// An ad group's targeting: a map from targeting type (`GEO`, `AGE_BUCKET`, `SHOPPING_RETARGETING`,
/// …) to its values. Values are usually string lists, sometimes objects; every key is kept, including
/// ones the API description does not list.
public struct TargetingSpec: Codable, Hashable, Sendable {
    /// Targeting type to its raw values.
    public var entries: [String: JSONValue]

    /// Creates a targeting spec from raw entries.
    public init(entries: [String: JSONValue] = [:]) {
        self.entries = entries
    }

    public init(from decoder: any Decoder) throws {
        entries = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }

    /// The targeting types present, sorted.
    public var keys: [String] { entries.keys.sorted() }

    /// The string values of a targeting type (`GEO` → ["US"]); nil when absent or not strings.
    public func strings(_ key: String) -> [String]? {
        guard case .array(let values)? = entries[key] else { return nil }
        let strings = values.compactMap(\.stringValue)
        return strings.count == values.count ? strings : nil
    }

    /// A one-line summary of a targeting type's values, for display.
    public func summary(_ key: String) -> String {
        guard let value = entries[key] else { return "" }
        if let strings = strings(key) { return strings.joined(separator: ", ") }
        if case .array(let values) = value { return values.map(\.displayText).joined(separator: "; ") }
        return value.displayText
    }
}
