import Testing
@testable import PinterestAds

@Suite("XXH64")
struct XXH64Tests {
    /// The sanity buffer of xxHash's own checks (cli/xsum_sanity_check.c): each byte is the top byte
    /// of a generator that starts at PRIME32 and is multiplied by PRIME64 after each byte.
    static let sanityBuffer: [UInt8] = {
        var generator: UInt64 = 2_654_435_761
        return (0..<222).map { _ in
            defer { generator &*= 11_400_714_785_074_694_797 }
            return UInt8(generator >> 56)
        }
    }()

    /// xxHash's published XXH64 vectors, (length of the sanity buffer, seed, hash). The lengths
    /// take every path: empty, the byte tail, the 4-byte and 8-byte steps, and the 32-byte stripes.
    @Test(arguments: [
        (0, 0, 0xEF46_DB37_51D8_E999), (0, 2_654_435_761, 0xAC75_FDA2_929B_17EF),
        (1, 0, 0xE934_A84A_DB05_2768), (1, 2_654_435_761, 0x5014_6076_43A9_B4C3),
        (4, 0, 0x9136_A0DC_A574_57EE),
        (14, 0, 0x8282_DCC4_994E_35C8), (14, 2_654_435_761, 0xC3BD_6BF6_3DEB_6DF0),
        (222, 0, 0xB641_AE8C_B691_C174), (222, 2_654_435_761, 0x20CB_8AB7_AE10_C14A),
    ] as [(Int, UInt64, UInt64)])
    func publishedVectors(_ length: Int, _ seed: UInt64, _ expected: UInt64) {
        let hash = Self.sanityBuffer.prefix(length).withUnsafeBytes { XXH64.hash($0, seed: seed) }
        #expect(hash == expected, "length \(length), seed \(seed)")
    }
}
