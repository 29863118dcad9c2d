import Foundation

// A compact binary form of values: decoding it is straight-line code with no key lookups, far
// faster than JSON (scripts/BENCHMARKS.md). The models keep large nested values in it in memory
// (`Packed`); the cache (AdsCache's `CompactCodec`, which owns the cache's blobs and their format
// version) writes whole entities in it. It is not an exchange format:
// bytes are only read back by the Pinwatch that wrote them.
//
// Layout: values are written field by field in declaration order, with no keys:
// - Int: zig-zag varint (LEB128); Double: its IEEE 754 bit pattern, 8 bytes little-endian;
//   Bool: one byte, 0 or 1; String: varint length, then UTF-8.
// - Optional: a presence byte (0 absent, 1 present), then the value when present.
// - Array and Set: varint count, then the elements (a set's sorted, so the bytes are stable).
// - [String: Value]: varint count, then key and value pairs, keys sorted.
// - Open enums: their raw string, so values this version does not know survive.
// - JSONValue: a tag byte (see `JSONValue.CompactTag`), then the payload.

/// A value with a compact binary form, written and read field by field in a fixed order.
///
/// The models' conformances are generated beside them by `scripts/generate-models.py`, the
/// entities' too: generic reads and writes called from another module are not specialized, which
/// made encoding the cache's entities several times slower (scripts/BENCHMARKS.md).
public protocol CompactCodable {
    /// Appends the value's compact form.
    func write(to writer: inout CompactWriter)
    /// Reads a value written by `write(to:)`; throws on malformed or truncated input.
    init(from reader: inout CompactReader) throws(CompactDecodingError)
}

/// Why a compact blob could not be decoded, and where.
public struct CompactDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Hashable, Sendable {
        /// The input ended inside a value.
        case truncated
        /// The blob was written with another layout version.
        case unsupportedVersion(UInt8)
        /// A presence byte, Bool or JSON tag had a value the layout does not define.
        case invalidTag(UInt8)
        /// A varint ran past 64 bits or a number does not fit an `Int`.
        case numberOutOfRange
        /// A length or count larger than the rest of the input or than `CompactReader.maximumCount`.
        case countTooLarge(UInt64)
        /// A string's bytes are not valid UTF-8.
        case invalidUTF8
        /// A key appeared twice in a map or set.
        case duplicateKey
        /// JSON values nested deeper than `CompactReader.maximumDepth`.
        case nestedTooDeep
        /// Bytes were left over after the value.
        case trailingBytes(Int)
    }

    /// What was wrong.
    public var reason: Reason
    /// The byte offset in the blob where it was found.
    public var offset: Int

    /// Creates an error.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "malformed compact data at byte \(offset): \(reason)" }
}

// MARK: - Writer

/// Accumulates a compact encoding.
public struct CompactWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer, with room for `capacity` bytes.
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    @inline(__always)
    public mutating func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends an unsigned LEB128 varint: 7 bits a byte, low bits first.
    @inline(__always)
    public mutating func writeVarint(_ value: UInt64) {
        LEB128.append(value, to: &bytes)
    }

    /// Appends a value.
    @inline(__always)
    public mutating func write<T: CompactCodable>(_ value: T) {
        value.write(to: &self)
    }

    /// Appends a presence byte, then the value when there is one.
    @inline(__always)
    public mutating func writeOptional<T: CompactCodable>(_ value: T?) {
        if let value {
            bytes.append(1)
            value.write(to: &self)
        } else {
            bytes.append(0)
        }
    }

    /// Appends a length or count.
    @inline(__always)
    mutating func writeCount(_ count: Int) {
        writeVarint(UInt64(truncatingIfNeeded: count))
    }

    /// Appends a string as its UTF-8 length and bytes.
    mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            writeCount(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

// MARK: - Reader

/// Reads a compact encoding from a buffer it borrows.
///
/// A reader is only valid while the buffer it borrows is. Every read checks the
/// bounds first and throws `CompactDecodingError`: malformed input never reads out of bounds,
/// overflows or traps, and a count can never claim more elements than there are bytes left.
public struct CompactReader {
    /// The largest length or count accepted (16 Mi), whatever the input's size.
    public static let maximumCount = 1 << 24
    /// How deeply JSON values may nest (as deep as Foundation's JSON decoder allows).
    public static let maximumDepth = 512
    /// How many elements a collection reserves room for before any of them is read: a count is
    /// checked against the bytes left, but an element in memory can be far larger than its encoding.
    static let maximumReservation = 1024

    private let buffer: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    public private(set) var offset = 0
    /// How many JSON arrays and objects enclose the value being read.
    private var depth = 0

    /// A reader of `buffer`, from its first byte.
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    /// Bytes not read yet.
    public var remaining: Int { buffer.count - offset }

    /// Reads one byte.
    @inline(__always)
    public mutating func readByte() throws(CompactDecodingError) -> UInt8 {
        guard offset < buffer.count else { throw CompactDecodingError(.truncated, at: offset) }
        let byte = buffer[offset]
        offset += 1
        return byte
    }

    /// Reads an unsigned LEB128 varint of at most 64 bits.
    @inline(__always)
    public mutating func readVarint() throws(CompactDecodingError) -> UInt64 {
        let start = offset
        do throws(LEB128.ReadError) {
            return try LEB128.read(buffer, at: &offset)
        } catch .truncated {
            throw CompactDecodingError(.truncated, at: offset)
        } catch {
            throw CompactDecodingError(.numberOutOfRange, at: start)
        }
    }

    /// Reads a value.
    @inline(__always)
    public mutating func read<T: CompactCodable>(_ type: T.Type) throws(CompactDecodingError) -> T {
        try T(from: &self)
    }

    /// Reads a presence byte, then the value when it says there is one.
    @inline(__always)
    public mutating func readOptional<T: CompactCodable>(_ type: T.Type) throws(CompactDecodingError) -> T? {
        switch try readByte() {
        case 0: return nil
        case 1: return try T(from: &self)
        case let other: throw CompactDecodingError(.invalidTag(other), at: offset - 1)
        }
    }

    /// Reads a length or count, refusing one larger than the bytes left (every element takes at
    /// least one byte) or than `maximumCount`.
    @inline(__always)
    mutating func readCount() throws(CompactDecodingError) -> Int {
        let start = offset
        let count = try readVarint()
        guard count <= UInt64(min(remaining, Self.maximumCount)) else {
            throw CompactDecodingError(.countTooLarge(count), at: start)
        }
        return Int(count)
    }

    /// Reads a string: its UTF-8 length and bytes, which must be valid UTF-8.
    mutating func readString() throws(CompactDecodingError) -> String {
        let count = try readCount()
        let start = offset
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)])
        offset += count
        if let string = Self.validatedString(bytes) { return string }
        throw CompactDecodingError(.invalidUTF8, at: start)
    }

    private static func validatedString(_ bytes: UnsafeRawBufferPointer) -> String? {
        let utf8 = bytes.assumingMemoryBound(to: UInt8.self)
        // `String(validating:as:)` is generic and unspecialized, and costs more than the rest of a
        // decode. Decoding with repair is specialized and fast; repair replaces each invalid
        // sequence with U+FFFD, so the input was valid exactly when the bytes come back unchanged.
        var string = String(decoding: utf8, as: UTF8.self)
        let unchanged = string.withUTF8 { decoded in
            guard decoded.count == utf8.count else { return false }
            guard let decodedStart = decoded.baseAddress, let inputStart = utf8.baseAddress else { return true }
            return memcmp(decodedStart, inputStart, utf8.count) == 0
        }
        return unchanged ? string : nil
    }

    /// Reads the 8 bytes of a little-endian `UInt64`.
    @inline(__always)
    mutating func readUInt64() throws(CompactDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw CompactDecodingError(.truncated, at: offset) }
        let value = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: value)
    }

    /// Enters a JSON array or object, refusing to nest deeper than `maximumDepth`.
    @inline(__always)
    mutating func enterNested() throws(CompactDecodingError) {
        guard depth < Self.maximumDepth else { throw CompactDecodingError(.nestedTooDeep, at: offset) }
        depth += 1
    }

    /// The bytes from `start` to the current offset.
    func bytes(from start: Int) -> [UInt8] {
        Array(buffer[start..<offset])
    }

    /// Leaves a JSON array or object.
    @inline(__always)
    mutating func leaveNested() {
        depth -= 1
    }
}

// MARK: - Standard types

extension Int: CompactCodable {
    /// Writes the zig-zag varint: small magnitudes, negative or not, take few bytes.
    @inline(__always)
    public func write(to writer: inout CompactWriter) {
        let value = Int64(self)
        writer.writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inline(__always)
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        let start = reader.offset
        let zigzag = try reader.readVarint()
        let value = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
        guard let int = Int(exactly: value) else { throw CompactDecodingError(.numberOutOfRange, at: start) }
        self = int
    }
}

extension Double: CompactCodable {
    /// Writes the IEEE 754 bit pattern, 8 bytes little-endian, so every value comes back exactly.
    @inline(__always)
    public func write(to writer: inout CompactWriter) {
        var bits = bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { writer.appendRaw($0) }
    }

    @inline(__always)
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self = Double(bitPattern: try reader.readUInt64())
    }
}

extension CompactWriter {
    /// Appends bytes as they are.
    mutating func appendBytes(_ raw: UnsafeRawBufferPointer) {
        appendRaw(raw)
    }

    @inline(__always)
    fileprivate mutating func appendRaw(_ raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
    }
}

extension Bool: CompactCodable {
    /// Writes one byte, 0 or 1.
    @inline(__always)
    public func write(to writer: inout CompactWriter) {
        writer.writeByte(self ? 1 : 0)
    }

    @inline(__always)
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        switch try reader.readByte() {
        case 0: self = false
        case 1: self = true
        case let other: throw CompactDecodingError(.invalidTag(other), at: reader.offset - 1)
        }
    }
}

extension String: CompactCodable {
    /// Writes the UTF-8 length as a varint, then the bytes.
    @inline(__always)
    public func write(to writer: inout CompactWriter) {
        writer.writeString(self)
    }

    @inline(__always)
    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self = try reader.readString()
    }
}

extension Array: CompactCodable where Element: CompactCodable {
    /// Writes the count, then the elements in order.
    public func write(to writer: inout CompactWriter) {
        writer.writeCount(count)
        for element in self { element.write(to: &writer) }
    }

    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        let count = try reader.readCount()
        var elements: [Element] = []
        elements.reserveCapacity(Swift.min(count, CompactReader.maximumReservation))
        for _ in 0..<count { elements.append(try Element(from: &reader)) }
        self = elements
    }
}

extension Set: CompactCodable where Element == String {
    /// Writes the count, then the strings sorted, so equal sets give equal bytes.
    public func write(to writer: inout CompactWriter) {
        writer.writeCount(count)
        for element in sorted() { writer.writeString(element) }
    }

    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        let count = try reader.readCount()
        var elements = Set<String>(minimumCapacity: Swift.min(count, CompactReader.maximumReservation))
        for _ in 0..<count {
            let start = reader.offset
            guard elements.insert(try reader.readString()).inserted else {
                throw CompactDecodingError(.duplicateKey, at: start)
            }
        }
        self = elements
    }
}

extension Dictionary: CompactCodable where Key == String, Value: CompactCodable {
    /// Writes the count, then key and value pairs with the keys sorted, so equal maps give equal bytes.
    public func write(to writer: inout CompactWriter) {
        writer.writeCount(count)
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            writer.writeString(key)
            value.write(to: &writer)
        }
    }

    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        let count = try reader.readCount()
        var members = [String: Value](minimumCapacity: Swift.min(count, CompactReader.maximumReservation))
        for _ in 0..<count {
            let start = reader.offset
            let key = try reader.readString()
            let value = try Value(from: &reader)
            guard members.updateValue(value, forKey: key) == nil else {
                throw CompactDecodingError(.duplicateKey, at: start)
            }
        }
        self = members
    }
}

// MARK: - Support types

extension OpenEnum {
    /// Writes the raw string, so a value this version does not know survives.
    public func write(to writer: inout CompactWriter) {
        writer.writeString(rawValue)
    }

    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self.init(rawValue: try reader.readString())
    }
}

extension JSONValue: CompactCodable {
    /// The byte before each JSON value that says what follows.
    enum CompactTag: UInt8 {
        case null = 0, `false`, `true`, int, double, string, array, object
    }

    /// Writes the tag, then the payload: nothing, a zig-zag varint, 8 bytes, a string, or a count
    /// and the elements (object members sorted by key).
    public func write(to writer: inout CompactWriter) {
        switch self {
        case .null: writer.writeByte(CompactTag.null.rawValue)
        case .bool(let value): writer.writeByte((value ? CompactTag.true : CompactTag.false).rawValue)
        case .int(let value):
            writer.writeByte(CompactTag.int.rawValue)
            value.write(to: &writer)
        case .double(let value):
            writer.writeByte(CompactTag.double.rawValue)
            value.write(to: &writer)
        case .string(let value):
            writer.writeByte(CompactTag.string.rawValue)
            writer.writeString(value)
        case .array(let values):
            writer.writeByte(CompactTag.array.rawValue)
            values.write(to: &writer)
        case .object(let members):
            writer.writeByte(CompactTag.object.rawValue)
            members.write(to: &writer)
        }
    }

    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        let byte = try reader.readByte()
        guard let tag = CompactTag(rawValue: byte) else {
            throw CompactDecodingError(.invalidTag(byte), at: reader.offset - 1)
        }
        switch tag {
        case .null: self = .null
        case .false: self = .bool(false)
        case .true: self = .bool(true)
        case .int: self = .int(try Int(from: &reader))
        case .double: self = .double(try Double(from: &reader))
        case .string: self = .string(try reader.readString())
        case .array:
            try reader.enterNested()
            self = .array(try [JSONValue](from: &reader))
            reader.leaveNested()
        case .object:
            try reader.enterNested()
            self = .object(try [String: JSONValue](from: &reader))
            reader.leaveNested()
        }
    }
}

extension TargetingSpec: CompactCodable {
    /// Writes the entries as a map (keys sorted).
    public func write(to writer: inout CompactWriter) {
        entries.write(to: &writer)
    }

    public init(from reader: inout CompactReader) throws(CompactDecodingError) {
        self.init(entries: try [String: JSONValue](from: &reader))
    }
}
