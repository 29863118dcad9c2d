import Foundation
import PinterestAds

/// The cache's blobs: a format version byte, then a value in its compact form (`CompactCodable`).
/// Each entity, the metrics and the listing pages are stored so, one blob per row.
public enum CompactCodec {
    /// The layout version written at the start of every blob. A blob with another version is refused
    /// (`unsupportedVersion`), so a cache written by another layout is rebuilt, not misread.
    public static let formatVersion: UInt8 = 1

    /// The compact blob of `value`.
    public static func encode<T: CompactCodable>(_ value: T) -> Data {
        var writer = CompactWriter()
        writer.writeByte(formatVersion)
        value.write(to: &writer)
        return Data(writer.bytes)
    }

    /// Decodes a blob written by `encode(_:)`. Throws `CompactDecodingError` for any malformed,
    /// truncated or over-long input or another format version; never traps.
    @inlinable  // specialized where it is called: no generic copies of large models
    public static func decode<T: CompactCodable>(
        _ type: T.Type, from bytes: some ContiguousBytes
    ) throws(CompactDecodingError) -> T {
        // The value comes straight out of the closure (no Optional or Result around it, which
        // would copy every field of a large model); only a failure pays for boxing its error.
        do {
            return try bytes.withUnsafeBytes { buffer in
                var reader = CompactReader(buffer)
                return try reader.readBlob(T.self)
            }
        } catch let error as CompactDecodingError {
            throw error
        } catch {
            // Unreachable: the closure throws nothing else.
            throw CompactDecodingError(.truncated, at: 0)
        }
    }
}

extension CompactReader {
    /// Reads a whole blob: the format version, the value, and nothing after it.
    @usableFromInline
    mutating func readBlob<T: CompactCodable>(_ type: T.Type) throws(CompactDecodingError) -> T {
        let version = try readByte()
        guard version == CompactCodec.formatVersion else {
            throw CompactDecodingError(.unsupportedVersion(version), at: 0)
        }
        let value = try T(from: &self)
        guard remaining == 0 else { throw CompactDecodingError(.trailingBytes(remaining), at: offset) }
        return value
    }
}
