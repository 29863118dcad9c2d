import AdsCache
import Foundation
import MetricsExport
import PinterestAds
import PinwatchTestSupport
import Synchronization
import Testing

@Suite("Exporter")
struct MetricsExporterTests {
    static let token = "pina_SECRET-token-7c1e0b"

    /// The exporter's text after `snapshots` were published, one after the other, to its store.
    func text(after snapshots: [Snapshot]) -> String {
        let store = SnapshotStore()
        let exporter = MetricsExporter(store: store, accountID: Sample.accountID, requests: nil, now: { Sample.now })
        defer { exporter.close() }
        for snapshot in snapshots { store.publish(snapshot) }
        exporter.catchUp()
        return exporter.text()
    }

    @Test("Follows the store: the latest snapshot's series, failed refreshes counted from each one published")
    func followsStore() throws {
        var fetching = Sample.snapshot()
        fetching.collections[.ads] = CollectionStatus(isFetching: true, fetchStarted: Sample.now)
        var failed = fetching
        failed.collections[.ads] = CollectionStatus(lastError: "HTTP 500", consecutiveFailures: 1)
        var changed = failed
        changed.adGroups[0].budgetInMicroCurrency = 7_500_000
        let text = try Exposition(text(after: [fetching, failed, changed]))
        #expect(text.value("pinwatch_ad_group_budget", ["ad_group_id": "g1"]) == 7.5)
        #expect(text.value("pinwatch_refresh_errors_total", ["collection": "ads"]) == 1)
        #expect(text.value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 0)
    }

    @Test("A removed ad group leaves no series behind")
    func noStaleSeries() throws {
        var removed = Sample.snapshot()
        removed.adGroups.removeFirst()
        removed.adsByAdGroup = [:]
        removed.adBriefs = [:]
        let text = try Exposition(text(after: [Sample.snapshot(), removed]))
        #expect(text.samples.allSatisfy { $0.labels["ad_group_id"] != "g1" })
        #expect(text.samples("pinwatch_ad_group_info").count == 1)
    }

    /// Requests as the session's budget gives them: totals, and a ledger measured against `budget`.
    final class Accounting: RequestAccounting {
        let ledger = InMemoryRequestLedger()
        let budget: RequestBudget?
        let totals = Mutex<[RateLimitCategory: Int]>([:])
        init(budget: RequestBudget?) { self.budget = budget }

        func record(_ category: RateLimitCategory, count: Int, at date: Date) {
            totals.withLock { $0[category, default: 0] += count }
            for _ in 0..<count { ledger.record(category, at: date) }
        }

        var requestTotals: [RateLimitCategory: Int] { totals.withLock { $0 } }

        func budgetState(at now: Date) -> BudgetState? {
            budget.map { BudgetState(budget: $0, usage: ledger.usage(at: now)) }
        }
    }

    func exposition(_ accounting: Accounting) throws -> Exposition {
        let exporter = MetricsExporter(store: SnapshotStore(), accountID: Sample.accountID, requests: accounting,
                                       now: { Sample.now })
        defer { exporter.close() }
        return try Exposition(exporter.text())
    }

    @Test("Requests: totals since start per category as a counter; each budgeted category's share of its minute")
    func requestsStandard() throws {
        let accounting = Accounting(budget: RequestBudget(tier: .standard))
        accounting.record(.adsRead, count: 40, at: Sample.now.addingTimeInterval(-60))
        accounting.record(.adsRead, count: 250, at: Sample.now)
        accounting.record(.adsAnalytics, count: 3, at: Sample.now)
        accounting.record(.unclassified, count: 1, at: Sample.now)
        let text = try exposition(accounting)
        #expect(text.types["pinwatch_api_requests_total"] == "counter")
        #expect(text.value("pinwatch_api_requests_total", ["category": "ads_read"]) == 290, "the last minute's too")
        #expect(text.value("pinwatch_api_requests_total", ["category": "ads_analytics"]) == 3)
        #expect(text.value("pinwatch_api_requests_total", ["category": "ads_write"]) == 0, "reported before the first")
        #expect(text.value("pinwatch_api_requests_total", ["category": "unclassified"]) == 1)
        #expect(text.value("pinwatch_api_budget_used_ratio", ["category": "ads_read"]) == 0.25, "250 of 1,000 this minute")
        #expect(text.value("pinwatch_api_budget_used_ratio", ["category": "ads_analytics"]) == 0.01, "3 of 300")
        #expect(text.value("pinwatch_api_budget_used_ratio", ["category": "ads_write"]) == 0)
        #expect(text.samples("pinwatch_api_budget_used_ratio").count == 3, "only the categories with a budget")
    }

    @Test("Trial: one daily budget for every category; a share past the budget reads 1; no tier, no share")
    func requestsTrial() throws {
        let trial = Accounting(budget: RequestBudget(tier: .trial))
        trial.record(.adsRead, count: 450, at: Sample.now)
        trial.record(.adsAnalytics, count: 50, at: Sample.now)
        let text = try exposition(trial)
        for category in ["ads_read", "ads_analytics", "ads_write", "org_read"] {
            #expect(text.value("pinwatch_api_budget_used_ratio", ["category": category]) == 0.5, "\(category)")
        }
        let tiny = Accounting(budget: RequestBudget(tier: .standard, perMinute: [.adsRead: 100]))
        tiny.record(.adsRead, count: 150, at: Sample.now)
        #expect(try exposition(tiny).value("pinwatch_api_budget_used_ratio", ["category": "ads_read"]) == 1)
        let unknown = Accounting(budget: nil)
        unknown.record(.adsRead, count: 5, at: Sample.now)
        let noTier = try exposition(unknown)
        #expect(noTier.samples("pinwatch_api_budget_used_ratio").isEmpty)
        #expect(noTier.value("pinwatch_api_requests_total", ["category": "ads_read"]) == 5)
    }

    @Test("No secret in the text: not even an error message that quoted the token")
    func noSecret() throws {
        var fetching = Sample.snapshot()
        fetching.collections[.adGroups] = CollectionStatus(isFetching: true)
        var failed = fetching
        failed.collections[.adGroups] = CollectionStatus(lastError: "401 for Bearer \(Self.token)", consecutiveFailures: 1)
        let output = text(after: [fetching, failed])
        #expect(try Exposition(output).value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 1)
        #expect(!output.contains(Self.token) && !output.contains("Bearer"))
    }
}

@Suite("Metrics over HTTP", .tags(.sandbox))
struct MetricsServerTests {
    func withServer(_ body: (URL) async throws -> Void) async throws {
        let calls = Mutex(0)
        let server = try MetricsServer(address: try #require(ListenAddress("127.0.0.1:0")), metrics: {
            calls.withLock { $0 += 1 }
            return PrometheusText.render([MetricSeries(.refreshErrorsTotal, ["ads"], Double(calls.withLock { $0 }))])
        })
        let url = try await server.start()
        do {
            try await body(url)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("GET /metrics answers the text format, built anew at each scrape")
    func scrape() async throws {
        try await withServer { url in
            #expect(url.path == "/metrics" && url.host == "127.0.0.1" && (url.port ?? 0) > 0)
            let first = try await SandboxHarness.request("GET", url)
            #expect(first.status == 200)
            #expect(first.header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(try Exposition(first.text).value("pinwatch_refresh_errors_total", ["collection": "ads"]) == 1)
            let second = try await SandboxHarness.request("GET", url)
            #expect(try Exposition(second.text).value("pinwatch_refresh_errors_total", ["collection": "ads"]) == 2)
        }
    }

    @Test("Other paths are 404, other methods 405")
    func otherRequests() async throws {
        try await withServer { url in
            let other = try #require(URL(string: "/", relativeTo: url)?.absoluteURL)
            #expect(try await SandboxHarness.request("GET", other).status == 404)
            let post = try await SandboxHarness.request("POST", url, body: Data("x".utf8))
            #expect(post.status == 405 && post.header("allow") == "GET")
        }
    }

    @Test("A port in use is an error naming the address")
    func portInUse() async throws {
        try await withServer { url in
            let taken = try #require(ListenAddress("127.0.0.1:\(url.port ?? 0)"))
            let second = try MetricsServer(address: taken, metrics: { "" })
            await #expect(throws: MetricsServerError.self) { _ = try await second.start() }
            await second.stop()
        }
    }
}
