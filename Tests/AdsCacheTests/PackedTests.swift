import AdsCache
import Foundation
import PinterestAds
import Testing

/// Nested values kept in their compact form read back as they were set, and the cache format does
/// not change because of it.
@Suite("Packed nested values")
struct PackedTests {
    static let targeting = TargetingSpec(entries: [
        "GEO": .array([.string("US"), .string("CA")]),
        "AGE_BUCKET": .array([.string("25-34")]),
        "SHOPPING_RETARGETING": .array([.object(["lookback_window": .int(30), "exclusion_window": .null])]),
        "AUDIENCE_INCLUDE'": .array([.string("長い🙂")]),
    ])

    @Test("a value reads back equal; nil takes no bytes; setting a new value replaces it")
    func readsBack() {
        var packed = Packed(wrappedValue: Self.targeting)
        #expect(packed.wrappedValue == Self.targeting)
        #expect((packed.bytes?.count ?? 0) > 0)
        #expect(Packed<TargetingSpec>(wrappedValue: nil).bytes == nil)
        packed.wrappedValue = TargetingSpec(entries: ["GEO": .array([.string("FR")])])
        #expect(packed.wrappedValue?.strings("GEO") == ["FR"])
        packed.wrappedValue = nil
        #expect(packed.bytes == nil && packed.wrappedValue == nil)
    }

    @Test("equal values built in another order are equal and hash alike; other values differ")
    func equality() {
        var reordered: [String: JSONValue] = [:]
        for key in Self.targeting.entries.keys.sorted().reversed() { reordered[key] = Self.targeting.entries[key] }
        let left = Packed(wrappedValue: Self.targeting), right = Packed(wrappedValue: TargetingSpec(entries: reordered))
        #expect(left == right)
        #expect(left.hashValue == right.hashValue)
        #expect(left != Packed(wrappedValue: TargetingSpec(entries: ["GEO": .array([.string("US")])])))
        #expect(left != Packed(wrappedValue: nil))
    }

    @Test("writing a packed value gives the very bytes writing the value gives, and reading checks them")
    func sameFormat() throws {
        for value in [Self.targeting, nil] {
            var direct = CompactWriter(), packed = CompactWriter()
            direct.writeOptional(value)
            packed.writePacked(Packed(wrappedValue: value))
            #expect(direct.bytes == packed.bytes)
        }
        var group = AdGroup(id: "2680059592705", name: "Packed", targetingSpec: Self.targeting,
                            trackingUrls: TrackingURLs(click: ["https://example.com/c?id=1"]))
        group.optimizationGoalMetadata = OptimizationGoalMetadata(
            conversionTagV3GoalMetadata: ConversionTagGoalMetadata(
                attributionWindows: AttributionWindows(clickWindowDays: 30), conversionEvent: .checkout))
        let blob = CompactCodec.encode(group)
        let back = try CompactCodec.decode(AdGroup.self, from: blob)
        #expect(back == group)
        #expect(back.targetingSpec == Self.targeting)
        #expect(back.optimizationGoalMetadata?.conversionTagV3GoalMetadata?.attributionWindows?.clickWindowDays == 30)
        // A blob cut inside a packed value (the tracking URLs) fails when it is read, not later.
        let cut = blob.prefix(blob.count - 30)
        #expect(throws: CompactDecodingError.self) { try CompactCodec.decode(AdGroup.self, from: cut) }
    }
}
