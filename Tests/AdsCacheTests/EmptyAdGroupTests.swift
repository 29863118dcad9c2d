import AdsCache
import Foundation
@testable import PinterestAds
import Testing

/// An ad group with no ads is known to have none once the account's ads are listed: its count is
/// 0 from then on, whether it was opened or not, and not "unknown" after the next listing.
@Suite("Empty ad groups")
struct EmptyAdGroupTests {
    @Test("an ad group the listing found no ad for counts 0, before and after it is opened, across listings")
    func knownEmpty() async {
        let harness = Harness(seed: false)
        harness.api.setData(accounts: [Fixture.account], campaigns: [Fixture.campaign("c1")],
                            adGroups: [Fixture.adGroup("g1"), Fixture.adGroup("empty")],
                            ads: [Fixture.ad("a1", group: "g1")])
        await harness.start()
        #expect(harness.store.current.adCounts(of: "empty") == AdCounts(total: 0))
        #expect(harness.store.current.adCounts(of: "g1") == AdCounts(total: 1))

        harness.engine.setAdGroupInView("empty")
        await harness.engine.waitForIdle()
        #expect(harness.inViewCalls("empty") == 1)
        #expect(harness.store.current.adCounts(of: "empty") == AdCounts(total: 0))

        // An unchanged listing, then one with a changed page: the count stays 0 through both.
        await harness.engine.refresh([.ads])
        #expect(harness.store.current.adCounts(of: "empty") == AdCounts(total: 0))
        harness.api.editAds { ads in ads[0].name = "Renamed" }
        await harness.engine.refresh([.ads])
        #expect(harness.store.current.adCounts(of: "empty") == AdCounts(total: 0))
        #expect(harness.store.current.adCounts(of: "g1") == AdCounts(total: 1))
    }

    @Test("an ad group listed after the ads were is unknown, not 0")
    func unknownUntilListed() async {
        let harness = Harness(seed: false)
        harness.api.setData(accounts: [Fixture.account], campaigns: [Fixture.campaign("c1")],
                            adGroups: [Fixture.adGroup("g1")], ads: [Fixture.ad("a1", group: "g1")])
        await harness.start()
        harness.api.setData(accounts: [Fixture.account], campaigns: [Fixture.campaign("c1")],
                            adGroups: [Fixture.adGroup("g1"), Fixture.adGroup("new")],
                            ads: [Fixture.ad("a1", group: "g1")])
        await harness.engine.refresh([.adGroups])
        #expect(harness.store.current.adGroups.map(\.id).contains("new"))
        #expect(harness.store.current.adCounts(of: "new") == nil)
    }
}
