import Crypto

/// One-way fingerprints (SHA-256 from swift-crypto), used to name local files after a token or an
/// account without revealing it.
public enum Fingerprint {
    /// The SHA-256 digest of the UTF-8 bytes of `text`, as 64 lowercase hex digits.
    public static func sha256Hex(_ text: String) -> String {
        Hex.string(SHA256.hash(data: Array(text.utf8)))
    }
}
