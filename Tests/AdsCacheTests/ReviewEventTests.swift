import AdsCache
import Foundation
import PinterestAds
import Testing

/// A review that resolves is reported once, whichever refresh sees it first.
@Suite("Review events")
struct ReviewEventTests {
    @Test("an ad approved in the ad group in view: one event from the in-view refresh, none again from the whole listing")
    func approvalReportedOnce() async {
        let harness = Harness()
        harness.api.editAds { ads in
            ads[0].reviewStatus = .pending
            ads[0].summaryStatus = .pending
        }
        await harness.start()
        harness.engine.setAdGroupInView("g1")
        await harness.engine.waitForIdle()
        let before = harness.events.all.count
        harness.api.editAds { ads in
            ads[0].reviewStatus = .approved
            ads[0].summaryStatus = .approved
        }
        await harness.engine.refresh([.adsInView])
        await harness.engine.refresh([.ads])
        let events = harness.events.all.dropFirst(before)
        #expect(events.count == 1, "\(events)")
        #expect(events.first?.entityID == "a1")
        #expect(events.first?.change(of: .reviewStatus)?.new == "APPROVED")
    }
}
