import AdsCache
import Foundation
import PinterestAds
import Testing

/// What the rules cost on a large account: they run on every snapshot the engine publishes.
@Suite("Alert rules on a large account", .tags(.slow))
struct AlertCostTests {
    @Test("10,000 ad groups and 50,000 ads, one ad rejected: one alert, in well under the time of a diff")
    func large() {
        let before = LargeSnapshot.make()
        var after = before
        let group = after.adGroups[4_321].id
        var ads = Array(after.adBriefs[group] ?? [])
        ads[2].reviewStatus = .rejected
        ads[2].rejectedReasons = [.clickbait]
        after.adBriefs[group] = AdBriefs(ads)
        let input = AlertInput(accountID: "1", before: before, after: after, now: Date(),
                               timeZone: TimeZone(identifier: "UTC") ?? .current)
        var alerts: [Alert] = []
        let clock = ContinuousClock()
        var times: [Duration] = []
        for _ in 0..<5 {
            times.append(clock.measure { alerts = AlertRules.evaluate(input) })
        }
        let median = times.sorted()[2]
        print("alert rules, 10,000 ad groups + 50,000 ads: median \(median) of 5")
        #expect(alerts.map(\.entityID) == [ads[2].id])
        #expect(median < .milliseconds(200))
    }
}
