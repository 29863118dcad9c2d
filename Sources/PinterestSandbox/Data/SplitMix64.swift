import Foundation

/// A tiny, seedable pseudo-random generator (SplitMix64), so demo data and chaos are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// Creates a generator from a seed; the same seed always gives the same sequence.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates a generator seeded from a string (FNV-1a), e.g. an entity id.
    public init(hashing text: String) {
        self.init(seed: StableHash.fnv1a(text))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in `0..<1`.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}

/// A hash that is the same in every process (unlike `Hasher`), for per-id deterministic choices.
enum StableHash {
    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A deterministic double in `0..<1` for a key and a salt.
    static func unit(_ key: String, salt: String) -> Double {
        var generator = SplitMix64(hashing: salt + ":" + key)
        return generator.nextUnit()
    }
}
