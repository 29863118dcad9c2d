/// Bytes as hexadecimal digits, two per byte, high digit first: Pinwatch's one hex encoder
/// (fingerprints, the sign-in's state, percent-encoding, JSON `\uXXXX` escapes).
public enum Hex {
    /// The digits of `bytes`, lowercase unless `uppercase`.
    public static func string(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, uppercase: uppercase, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the two digits of `byte` to `out` as ASCII.
    @inlinable
    public static func append(_ byte: UInt8, uppercase: Bool = false, to out: inout [UInt8]) {
        out.append(digit(byte >> 4, uppercase: uppercase))
        out.append(digit(byte & 0x0F, uppercase: uppercase))
    }

    @inlinable
    static func digit(_ nibble: UInt8, uppercase: Bool) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + nibble - 10
    }
}
