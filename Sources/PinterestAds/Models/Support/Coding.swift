import Foundation

/// A Pinterest object as Pinwatch models it: decodes leniently (missing and `null` optional fields
/// are fine), keeps unknown keys, and encodes back to the same JSON.
public protocol PinterestModel: Codable, Hashable, Sendable {
    /// Keys the API sent that this version does not model.
    var additionalProperties: [String: JSONValue] { get set }
    /// Keys that arrived with an explicit `null`.
    var explicitNulls: Set<String> { get set }
}

/// A string-valued enumeration from the API that keeps values it does not know.
///
/// Pinterest adds enum values over time; an unknown value decodes as `unknown(raw)` and encodes
/// back unchanged, so a new value never fails a decode. The compact form (`CompactCodable`) is the
/// raw string too, for the same reason.
public protocol OpenEnum: RawRepresentable, Codable, CompactCodable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    /// The values listed in the API description.
    static var knownCases: [Self] { get }
    /// Creates a value from its wire form; never fails.
    init(rawValue: String)
}

extension OpenEnum {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether the value is one the API description lists.
    public var isKnown: Bool { Self.knownCases.contains(self) }

    /// The wire value, e.g. `LANDING_PAGE_BROKEN`.
    public var description: String { rawValue }

    /// A label for people: "Landing page broken" (see `HumanLabel`).
    public var label: String { HumanLabel.label(for: rawValue) }
}

/// A coding key built at run time, for keys the models do not list.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads and writes the keys a model does not list.
enum AdditionalProperties {
    /// The keys a model lists, computed once per model type.
    static func knownNames<Key: CodingKey & CaseIterable>(_: Key.Type) -> Set<String> {
        Set(Key.allCases.map(\.stringValue))
    }

    static func decode(from decoder: any Decoder, known knownNames: Set<String>) throws -> [String: JSONValue] {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where !knownNames.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return extra
    }

    static func encode(_ values: [String: JSONValue], to encoder: any Encoder) throws {
        guard !values.isEmpty else { return }
        var container = encoder.container(keyedBy: DynamicKey.self)
        for (key, value) in values {
            try container.encode(value, forKey: DynamicKey(stringValue: key))
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional field: missing or `null` gives nil (remembering an explicit null).
    func decodeNullable<T: Decodable>(_ type: T.Type, forKey key: Key, nulls: inout Set<String>) throws -> T? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            nulls.insert(key.stringValue)
            return nil
        }
        return try decode(T.self, forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// Encodes an optional field: the value, an explicit `null` if one was received, or nothing.
    mutating func encodeNullable<T: Encodable>(_ value: T?, forKey key: Key, nulls: Set<String>) throws {
        if let value {
            try encode(value, forKey: key)
        } else if nulls.contains(key.stringValue) {
            try encodeNil(forKey: key)
        }
    }
}
