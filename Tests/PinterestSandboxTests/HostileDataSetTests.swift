import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// The hostile data set holds what issue 6 lists, and survives being served: encoded and decoded
/// as a data file, with explicit nulls and unknown enum values kept.
@Suite("Hostile data set")
struct HostileDataSetTests {
    let data = HostileData.make(now: SandboxHarness.referenceDate)

    @Test("has every kind of hostile value the issue lists")
    func coverage() throws {
        let names = Set(data.adGroups.compactMap(\.name))
        for payload in HostileData.payloads {
            #expect(names.contains(payload.text), "no ad group is named \(payload.tag)")
        }
        #expect(names.contains { $0.count == 5_000 }, "a 5,000-character name")
        #expect(names.contains(""), "an empty name")
        let text = (names.joined() + data.campaigns.compactMap(\.name).joined()).unicodeScalars.map(\.value)
        for scalar: UInt32 in [0x1B, 0x07, 0x08, 0x0D, 0x0A, 0x09, 0x7F, 0x9B, 0x9D, 0x85, 0x202E, 0x2066,
                               0x2069, 0x200B, 0x200D, 0xFEFF, 0x0301] {
            #expect(text.contains(scalar), "no U+\(String(scalar, radix: 16, uppercase: true)) in the names")
        }
        #expect(data.adGroups.contains { $0.summaryStatus == .unknown(HostileData.unknownSummaryStatus) })
        #expect(data.ads.contains { $0.reviewStatus == .unknown(HostileData.unknownReviewStatus) })
        #expect(data.adGroups.contains { $0.budgetInMicroCurrency == Int.max })
        #expect(data.adGroups.contains { $0.budgetInMicroCurrency == Int.min })
        let hostileAds = data.ads.filter { $0.adGroupId == HostileData.hostileAdsAdGroupID }
        #expect(hostileAds.count == HostileData.payloads.count + 1)
    }

    @Test("all-null objects and unknown values round-trip through a data file")
    func roundTrip() throws {
        let decoded = try SandboxData.decode(try data.encoded())
        #expect(decoded == data)
        let group = try #require(decoded.adGroup(HostileData.nullAdGroupID))
        #expect(group.name == nil && group.campaignId == nil && group.budgetInMicroCurrency == nil)
        #expect(group.explicitNulls.contains("name") && group.status == .active)
        let ad = try #require(decoded.ad(HostileData.nullAdID))
        #expect(ad.name == nil && ad.reviewStatus == nil && ad.explicitNulls.contains("name"))
        let second = try #require(decoded.account(DemoData.secondaryAccountID))
        #expect(second.name == nil && second.currency == nil && second.explicitNulls.contains("currency"))
    }
}
