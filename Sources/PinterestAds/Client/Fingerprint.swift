import Crypto

/// One-way fingerprints (SHA-256 from swift-crypto), used to name local files after a token or an
/// account without revealing it.
public enum Fingerprint {
    /// The SHA-256 digest of the UTF-8 bytes of `text`, as 64 lowercase hex digits.
    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// Lowercase hex of bytes.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
