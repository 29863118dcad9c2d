/// Keeps a nested value that is large in memory and rarely read (targeting, tracking URLs,
/// optimization goal metadata, quiz data) in its compact encoding: one exactly sized byte buffer
/// instead of the value's strings, arrays and dictionaries, each a heap allocation of its own.
///
/// An ad group's targeting spec is a dictionary of arrays of JSON values: about 400 bytes in
/// memory over a dozen allocations, and some 40 bytes packed. Across 10,000 ad groups kept all day
/// this is most of their memory. The value is decoded each time it is read (the details pane, a
/// JSON encoding), which takes microseconds.
///
/// Values stay values: setting one packs the new value; equality and hashing look at the value.
/// The bytes are the value's `CompactCodable` form, so the cache writes them as they are and reads
/// them back after checking they decode.
@propertyWrapper
public struct Packed<Value: CompactCodable & Hashable & Sendable>: Hashable, Sendable {
    /// The value's compact form (no format byte); nil when there is no value.
    public private(set) var bytes: [UInt8]?

    /// Packs a value (nil takes no buffer at all).
    public init(wrappedValue: Value?) {
        bytes = wrappedValue.map(Self.pack)
    }

    /// Adopts bytes already known to decode as a `Value`.
    init(checkedBytes: [UInt8]?) {
        bytes = checkedBytes
    }

    /// The value, unpacked.
    public var wrappedValue: Value? {
        get { bytes.flatMap(Self.unpack) }
        set { bytes = newValue.map(Self.pack) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        // Equal values encode to equal bytes (maps and sets are written sorted); bytes that differ
        // are compared as values, so no value is ever judged by its encoding alone.
        lhs.bytes == rhs.bytes || lhs.wrappedValue == rhs.wrappedValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }

    private static func pack(_ value: Value) -> [UInt8] {
        var writer = CompactWriter(capacity: 128)
        value.write(to: &writer)
        return writer.bytes.withoutSpareCapacity()
    }

    private static func unpack(_ bytes: [UInt8]) -> Value? {
        // Bytes come from `pack` or were checked when read from the cache, so this cannot fail;
        // if it ever did, the field would read as absent rather than stop the program.
        bytes.withUnsafeBytes { buffer in
            var reader = CompactReader(buffer)
            return try? Value(from: &reader)
        }
    }
}

extension CompactWriter {
    /// Appends a packed value as `writeOptional` would the value itself: the bytes as they are.
    public mutating func writePacked<Value>(_ packed: Packed<Value>) {
        guard let packed = packed.bytes else {
            writeByte(0)
            return
        }
        writeByte(1)
        packed.withUnsafeBytes { appendBytes($0) }
    }
}

extension CompactReader {
    /// Reads what `writePacked` (or `writeOptional` of the value) wrote: the value is decoded once to
    /// check it and find its end, and its bytes are kept.
    public mutating func readPacked<Value>(_ type: Value.Type) throws(CompactDecodingError) -> Packed<Value> {
        switch try readByte() {
        case 0:
            return Packed(checkedBytes: nil)
        case 1:
            let start = offset
            _ = try Value(from: &self)
            return Packed(checkedBytes: bytes(from: start))
        case let other:
            throw CompactDecodingError(.invalidTag(other), at: offset - 1)
        }
    }
}
