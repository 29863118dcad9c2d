import AdsCache
import Foundation
import MetricsExport
import PinterestAds
import PinwatchTestSupport
import Synchronization
import Testing

/// Request counts given by a test.
final class FixedUsage: RequestUsageSource {
    let usages: [RequestUsage]
    init(_ usages: [RequestUsage]) { self.usages = usages }
    func requestUsage(now: Date) -> [RequestUsage] { usages }
}

@Suite("Exporter")
struct MetricsExporterTests {
    static let token = "pina_SECRET-token-7c1e0b"

    @Test("Follows the store: the latest snapshot's series, failed refreshes counted from each one published")
    func followsStore() throws {
        let store = SnapshotStore()
        let exporter = MetricsExporter(store: store, accountID: Sample.accountID, requests: nil, now: { Sample.now })
        defer { exporter.close() }
        var snapshot = Sample.snapshot()
        snapshot.collections[.ads] = CollectionStatus(isFetching: true, fetchStarted: Sample.now)
        store.publish(snapshot)
        snapshot.collections[.ads] = CollectionStatus(lastError: "HTTP 500", consecutiveFailures: 1)
        store.publish(snapshot)
        snapshot.adGroups[0].budgetInMicroCurrency = 7_500_000
        store.publish(snapshot)
        exporter.catchUp()
        let text = try Exposition(exporter.text())
        #expect(text.value("pinwatch_ad_group_budget", ["ad_group_id": "g1"]) == 7.5)
        #expect(text.value("pinwatch_refresh_errors_total", ["collection": "ads"]) == 1)
        #expect(text.value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 0)
    }

    @Test("A removed ad group leaves no series behind")
    func noStaleSeries() throws {
        let store = SnapshotStore()
        let exporter = MetricsExporter(store: store, accountID: Sample.accountID, requests: nil, now: { Sample.now })
        defer { exporter.close() }
        var snapshot = Sample.snapshot()
        store.publish(snapshot)
        snapshot.adGroups.removeFirst()
        snapshot.adsByAdGroup = [:]
        snapshot.adBriefs = [:]
        store.publish(snapshot)
        exporter.catchUp()
        let text = try Exposition(exporter.text())
        #expect(text.samples.allSatisfy { $0.labels["ad_group_id"] != "g1" })
        #expect(text.samples("pinwatch_ad_group_info").count == 1)
    }

    @Test("Request counts per category as a counter; the budget's share clamped to 0…1 and left out when unknown")
    func requests() throws {
        let usage = FixedUsage([RequestUsage(category: "ads_read", requests: 17, budgetUsedRatio: 0.25),
                                RequestUsage(category: "ads_analytics", requests: 3, budgetUsedRatio: 1.7),
                                RequestUsage(category: "ads_write", requests: 0, budgetUsedRatio: nil)])
        let exporter = MetricsExporter(store: SnapshotStore(), accountID: Sample.accountID, requests: usage, now: { Sample.now })
        defer { exporter.close() }
        let text = try Exposition(exporter.text())
        #expect(text.types["pinwatch_api_requests_total"] == "counter")
        #expect(text.value("pinwatch_api_requests_total", ["category": "ads_read"]) == 17)
        #expect(text.value("pinwatch_api_requests_total", ["category": "ads_write"]) == 0)
        #expect(text.value("pinwatch_api_budget_used_ratio", ["category": "ads_read"]) == 0.25)
        #expect(text.value("pinwatch_api_budget_used_ratio", ["category": "ads_analytics"]) == 1)
        #expect(text.samples("pinwatch_api_budget_used_ratio", ["category": "ads_write"]).isEmpty)
    }

    @Test("No secret in the text: not even an error message that quoted the token")
    func noSecret() throws {
        let store = SnapshotStore()
        let exporter = MetricsExporter(store: store, accountID: Sample.accountID, requests: nil, now: { Sample.now })
        defer { exporter.close() }
        var snapshot = Sample.snapshot()
        snapshot.collections[.adGroups] = CollectionStatus(isFetching: true)
        store.publish(snapshot)
        snapshot.collections[.adGroups] = CollectionStatus(lastError: "401 for Bearer \(Self.token)", consecutiveFailures: 1)
        store.publish(snapshot)
        exporter.catchUp()
        let text = exporter.text()
        #expect(try Exposition(text).value("pinwatch_refresh_errors_total", ["collection": "ad_groups"]) == 1)
        #expect(!text.contains(Self.token) && !text.contains("Bearer"))
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
