/// Unsigned LEB128 varints, 7 bits a byte with the low bits first: the one varint codec of the
/// compact format and of the cache's packed ad briefs.
public enum LEB128 {
    /// Why a varint could not be read.
    public enum ReadError: Error, Sendable, Equatable {
        /// The bytes ended inside it.
        case truncated
        /// It does not fit 64 bits.
        case tooLong
    }

    /// Appends `value` to `bytes`.
    @inlinable @inline(__always)
    public static func append<Bytes: RangeReplaceableCollection<UInt8>>(_ value: UInt64, to bytes: inout Bytes) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Reads the varint at `offset` in `buffer` and moves `offset` past it.
    @inlinable @inline(__always)
    public static func read(_ buffer: UnsafeRawBufferPointer, at offset: inout Int) throws(ReadError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < buffer.count {
            let byte = buffer[offset]
            offset += 1
            let bits = UInt64(byte & 0x7F)
            // The tenth byte may only hold the 64th bit.
            if shift == 63, bits > 1 { throw .tooLong }
            result |= bits << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .tooLong }
        }
        throw .truncated
    }
}
