import Foundation
import PinterestAds
import PinwatchTestSupport
import Synchronization
import Testing

/// Random mutations of the seed payloads and of whole list pages: decoding never crashes and
/// fails only with `DecodingError`. The seed is fixed so a failure reproduces; set
/// `PINWATCH_FUZZ_ITERATIONS` for a longer run and `PINWATCH_FUZZ_SEED` for another sequence.
@Suite("Decoding fuzz", .tags(.slow))
struct DecodeFuzzTests {
    struct Page<Item: Decodable>: Decodable {
        var items: [Item]
        var bookmark: String?
    }

    static var iterations: Int {
        ProcessInfo.processInfo.environment["PINWATCH_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 100_000
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["PINWATCH_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5eed_f00d
    }

    @Test("100,000 mutated payloads decode or fail with DecodingError")
    func mutatedPayloadsNeverCrash() async throws {
        let adPage = try makePage(of: try Fixtures.seed("ad_response.json"), count: 5)
        let total = Self.iterations
        let start = Date()
        // Tens of seconds on both cores: on threads of their own, not on the pool other tests' servers need.
        let result = try await offPool { try Self.fuzz(adPage: adPage, total: total) }
        let seconds = Date().timeIntervalSince(start)
        #expect(result.failures.isEmpty, "untyped errors: \(result.failures.prefix(3))")
        #expect(result.decoded + result.rejected + result.failures.count == total)
        // Both outcomes must occur, or the mutator is not exercising the decoder.
        #expect(result.decoded > total / 50, "only \(result.decoded) mutants decoded")
        #expect(result.rejected > total / 50, "only \(result.rejected) mutants were rejected")
        print("fuzz: \(total) iterations in \(String(format: "%.1f", seconds)) s, \(result.decoded) decoded, \(result.rejected) rejected")
    }

    struct Tally: Sendable {
        var decoded = 0
        var rejected = 0
        var failures: [String] = []
    }

    /// Decodes `total` mutants in 8 chunks on all cores; each chunk has its own fixed seed, so every
    /// run sees the same inputs.
    static func fuzz(adPage: Data, total: Int) throws -> Tally {
        let adGroupPage = try Fixtures.seed("ad_groups_list_response.json")
        let ad = try Fixtures.seed("ad_response.json")
        let chunks = 8
        let tally = Mutex(Tally())
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var rng = SplitMix64(seed: Self.seed &+ UInt64(chunk))
            let decoder = JSONDecoder()
            var decoded = 0, rejected = 0
            var failures: [String] = []
            for iteration in stride(from: chunk, to: total, by: chunks) {
                let which = iteration % 10
                let base = which < 5 ? adGroupPage : which < 9 ? ad : adPage
                let input = Mutator.mutate(base, rng: &rng)
                do {
                    switch which {
                    case 0..<5: _ = try decoder.decode(Page<AdGroup>.self, from: input)
                    case 5..<9: _ = try decoder.decode(Ad.self, from: input)
                    default: _ = try decoder.decode(Page<Ad>.self, from: input)
                    }
                    decoded += 1
                } catch is DecodingError {
                    rejected += 1
                } catch {
                    failures.append("chunk \(chunk) iteration \(iteration): \(type(of: error)): \(error)")
                }
            }
            tally.withLock {
                $0.decoded += decoded
                $0.rejected += rejected
                $0.failures += failures
            }
        }
        return tally.withLock { $0 }
    }

    private func makePage(of item: Data, count: Int) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: item)
        return try JSONSerialization.data(withJSONObject: ["items": Array(repeating: object, count: count), "bookmark": NSNull()])
    }
}

/// Deterministic pseudo-random numbers (SplitMix64), so fuzz runs reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations at the byte level and at the JSON token level.
enum Mutator {
    /// Values that stress decoders: wrong types, extremes, escapes, invalid UTF-8.
    static let replacements: [String] = [
        "null", "true", "false", "0", "-1", "1e309", "-9223372036854775809", "9223372036854775808",
        "1.5", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u001b[2J\"", "[]", "{}", "[null]",
        "{\"a\":{\"b\":{\"c\":[[[[[]]]]]}}}", "\"FROZEN\"", "\"\u{202E}evil\"", "\"\u{FFFF}\"",
    ]

    static func mutate(_ input: Data, rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](input)
        let rounds = Int.random(in: 1...3, using: &rng)
        for _ in 0..<rounds where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<9, using: &rng) {
            case 0: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1: bytes.remove(at: position)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
            case 3: bytes.removeSubrange(position...)  // truncation
            case 4: bytes.insert(contentsOf: Array("\"\u{1B}]52;c;ZXZpbA==\u{07}\"".utf8), at: position)
            default: replaceValue(in: &bytes, rng: &rng)
            }
        }
        return Data(bytes)
    }

    /// Replaces the value after a random `:` with another JSON value, keeping the rest valid,
    /// so mutants get past the parser and exercise the model decoders.
    private static func replaceValue(in bytes: inout [UInt8], rng: inout SplitMix64) {
        // Counted and found by plain loops over the bytes: a filtered index list cost most of the
        // fuzz run's time in debug builds.
        let colonCount = bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            for byte in buffer where byte == UInt8(ascii: ":") { count += 1 }
            return count
        }
        guard colonCount > 0 else { return }
        let chosen = Int.random(in: 0..<colonCount, using: &rng)
        let colon = bytes.withUnsafeBufferPointer { buffer -> Int in
            var seen = 0
            for index in buffer.indices where buffer[index] == UInt8(ascii: ":") {
                if seen == chosen { return index }
                seen += 1
            }
            return 0
        }
        var end = colon + 1
        var depth = 0
        var inString = false
        while end < bytes.count {
            let byte = bytes[end]
            if inString {
                if byte == UInt8(ascii: "\\") { end += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth == 0 {
                break
            }
            end += 1
        }
        let replacement = replacements.randomElement(using: &rng) ?? "null"
        bytes.replaceSubrange((colon + 1)..<min(end, bytes.count), with: Array(replacement.utf8))
    }
}
