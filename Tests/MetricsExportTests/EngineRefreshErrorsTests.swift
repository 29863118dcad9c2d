import AdsCache
import Foundation
import Logging
import MetricsExport
import PinterestAds
import PinwatchTestSupport
import Testing

/// The exporter on a real engine (fake API, manual clock): the refresh errors it counts are the
/// engine's failed refreshes, one each, as the engine publishes them.
@Suite("Exporter on the engine")
struct EngineRefreshErrorsTests {
    @Test("Each failed ad groups refresh counts once; a success after them counts none and makes the data fresh")
    func failuresCounted() async throws {
        let api = FakeAdsAPI()
        api.setData(accounts: [AdAccount(id: Sample.accountID, currency: .usd, name: "Acme")],
                    adGroups: [Sample.adGroup("g1")], ads: [Sample.ad("a1", group: "g1", review: .rejected)])
        api.failAlways(.listAdGroups, with: .server(status: 503, code: nil, message: "unavailable"))
        let clock = ManualClock()
        let store = SnapshotStore()
        let engine = AdsEngine(api: api, accountID: Sample.accountID, store: store, cache: nil,
                               configuration: RefreshConfiguration(jitter: 0, backoffBase: 5, backoffCap: 40),
                               clock: clock, audit: nil, readOnly: true, logger: Logger(label: "test"), random: { 0.5 })
        let exporter = MetricsExporter(store: store, accountID: Sample.accountID, requests: nil, now: { clock.now })
        defer {
            engine.stop()
            exporter.close()
        }
        func scrape() throws -> Exposition {
            exporter.catchUp()
            return try Exposition(exporter.text())
        }

        engine.start()
        await engine.waitForIdle()
        #expect(try scrape().value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 1)
        #expect(try scrape().value("pinwatch_refresh_errors_total", ["collection": "ads"]) == 0)
        for _ in 0..<5 {  // the first retry is due after 5 s
            clock.advance(by: 1)
            await engine.waitForIdle()
        }
        #expect(try scrape().value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 2)

        api.failAlways(.listAdGroups, with: nil)
        for _ in 0..<10 {  // the next retry, 10 s after the second failure
            clock.advance(by: 1)
            await engine.waitForIdle()
        }
        let text = try scrape()
        #expect(text.value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 2)
        #expect(text.value("pinwatch_ad_group_budget", ["ad_group_id": "g1"]) == 5)
        #expect(text.value("pinwatch_ads", ["ad_group_id": "g1", "review_status": "REJECTED"]) == 1)
        let age = try #require(text.value("pinwatch_data_age_seconds", ["collection": "ad_groups"]))
        #expect(age < 2, "just fetched: \(age)")
    }
}
