import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// The real binary in tmux, after a good first load, while the API misbehaves: it keeps answering
/// keys, shows the last data with a stale/offline marker and a readable error, sends nothing while
/// rate-limited, and recovers by itself when the API heals.
@Suite("Fault scenarios, real binary", .tags(.endToEnd, .slow))
struct FaultScenarioTests {
    /// One way for the API to misbehave, and what the header should then say.
    struct Fault: Sendable, CustomTestStringConvertible {
        let name: String
        let chaos: ChaosSettings
        /// Text the header must show while it lasts (a readable error).
        let headerSays: [String]
        var testDescription: String { name }
    }

    static let faults: [Fault] = [
        Fault(name: "5xx burst", chaos: ChaosSettings(serverErrors: .init(rate: 1)),
              headerSays: ["offline", "Pinterest API error 50"]),
        Fault(name: "responses take 30 s", chaos: ChaosSettings(faults: [.init(.slowResponse(seconds: 30))]),
              headerSays: ["no answer from Pinterest for", "data from"]),
        Fault(name: "requests never answer", chaos: ChaosSettings(faults: [.init(.hang)]),
              headerSays: ["no answer from Pinterest for", "data from"]),
        Fault(name: "truncated JSON", chaos: ChaosSettings(faults: [.init(.truncatedJSON)]),
              headerSays: ["offline", "Unexpected response"]),
        Fault(name: "200 with an HTML body", chaos: ChaosSettings(faults: [.init(.htmlBody)]),
              headerSays: ["offline", "Unexpected response"]),
        Fault(name: "connection reset mid-body", chaos: ChaosSettings(faults: [.init(.connectionReset)]),
              headerSays: ["offline"]),
        Fault(name: "expired token, no refresh credentials", chaos: ChaosSettings(expireTokens: true),
              headerSays: ["offline", "Unauthorized"]),
    ]

    /// A row of the demo data that must stay on screen while offline.
    static let knownRow = "Rain jackets — Catalog · US"
    /// Its name after a change made while the API misbehaves: recovery is judged by this reaching the
    /// screen, since a header can say "updated" while the rows under it are still the old ones.
    static let renamedRow = "Rain coats — Catalog · US"

    /// Renames the known row's ad group in the sandbox (only a fetch that succeeds can show it).
    static func renameKnownRow(_ store: SandboxStore) async {
        await store.mutate { data in
            if let index = data.adGroups.firstIndex(where: { $0.name == knownRow }) {
                data.adGroups[index].name = renamedRow
            }
        }
    }

    @Test("keeps the last data, marks it, answers keys and recovers", arguments: faults)
    func fault(_ fault: Fault) async throws {
        try await LiveDashboard.with { dashboard in
            try await Self.run(fault, on: dashboard)
        }
    }

    private static func run(_ fault: Fault, on dashboard: LiveDashboard) async throws {
        try await dashboard.waitForFirstLoad()
        await dashboard.sandbox.store.setChaos(fault.chaos)
        let faultStart = Date()
        let marked = try await dashboard.waitFor("a stale marker saying \(fault.headerSays)", timeout: 40) { screen in
            screen.showsStaleMarker && fault.headerSays.allSatisfy { screen.freshness.contains($0) }
        }
        let markerAfter = Date().timeIntervalSince(faultStart)
        #expect(marked.contains(knownRow), "the last known data stays on screen")

        let latencies = try await dashboard.keyLatencies()
        let worst = latencies.max() ?? .infinity
        expectResponsive(latencies, while: fault.name)

        await renameKnownRow(dashboard.sandbox.store)
        await dashboard.sandbox.store.setChaos(.none)
        let healed = Date()
        // The rows come back with the first ad groups fetch after the backoff the outage built up
        // (5 s doubling per failure, a hung request counting only after its 20 s timeout), not with
        // the first collection that succeeds: allow for a few doublings.
        let recovered = try await dashboard.waitFor("recovery without a key press: the renamed row", timeout: 90) { screen in
            !screen.showsStaleMarker && screen.contains(renamedRow)
        }
        let recoveryTime = Date().timeIntervalSince(healed)
        #expect(recovered.contains(renamedRow))
        Report.line("fault=\(fault.name) | marker after \(Report.seconds(markerAfter)) | key latency max "
            + "\(Report.ms(worst)) (all: \(latencies.map(Report.ms).joined(separator: ", "))) | recovered "
            + "\(Report.seconds(recoveryTime)) after healing | header: \(marked.freshness.trimmed)")
    }

    /// Each probe includes spawning tmux clients to send and capture, on a 2-core machine that
    /// runs the rest of the suite at the same time: the typical press must show within the
    /// budget, and none may take long enough to suggest the UI waited on the network.
    static func expectResponsive(_ latencies: [Double], while what: String) {
        let worst = latencies.max() ?? .infinity
        let median = latencies.sorted()[latencies.count / 2]
        #expect(median < LiveDashboard.keyBudgetMs, "keys took \(median) ms (median) to show while \(what)")
        #expect(worst < 3 * LiveDashboard.keyBudgetMs, "a key took \(worst) ms to show while \(what)")
    }

    @Test("a 429 storm: nothing is sent before Retry-After, then it resumes by itself")
    func rateLimitStorm() async throws {
        let retryAfter = 12
        try await LiveDashboard.with { dashboard in
            try await dashboard.waitForFirstLoad()
            let store = dashboard.sandbox.store
            await store.setChaos(ChaosSettings(rateLimit: .init(every: 1, retryAfterSeconds: retryAfter)))
            await store.resetLog()
            let stormStart = Date()
            let marked = try await dashboard.waitFor("the rate-limit marker", timeout: 20) {
                $0.freshness.contains("rate limited until") && $0.contains(Self.knownRow)
            }
            let markerAfter = Date().timeIntervalSince(stormStart)
            let latencies = try await dashboard.keyLatencies()
            // Heal at once: the dashboard must still wait out the Retry-After it was given.
            await Self.renameKnownRow(store)
            await store.setChaos(.none)
            let healed = Date()
            try await dashboard.waitFor("recovery after the pause: the renamed row", timeout: Double(retryAfter) + 20) {
                !$0.showsStaleMarker && $0.contains(Self.renamedRow)
            }
            let recovery = Date().timeIntervalSince(healed)

            // Every request of the storm was answered 429; they come in one burst (the fetches in
            // flight together, sent before the first 429 was read; on a busy machine that can take a
            // moment). After it, nothing may arrive before the Retry-After deadline.
            let stormRequests = await store.requests().map(\.time).sorted().filter { $0 <= healed }
            let firstRefusal = try #require(stormRequests.first, "the storm refused at least one request")
            let deadline = firstRefusal.addingTimeInterval(Double(retryAfter))
            // A read already past the client's gate when the first 429 came back may land after
            // the healing and bring fresh data early; the refreshes must still wait for the
            // deadline, so look at the requests once it has passed by a few refresh periods.
            while Date() < deadline.addingTimeInterval(5) { try await Task.sleep(for: .milliseconds(200)) }
            let times = await store.requests().map(\.time).sorted()
            let burstEnd = firstRefusal.addingTimeInterval(1.5)
            let early = times.filter { $0 > burstEnd && $0 < deadline.addingTimeInterval(-0.05) }
            #expect(early.isEmpty, "requests sent while rate-limited, at \(early.map { $0.timeIntervalSince(firstRefusal) }) s; all: \(times.map { $0.timeIntervalSince(firstRefusal) })")
            let resumed = try #require(times.first { $0 >= deadline.addingTimeInterval(-0.05) },
                                       "requests resumed after the deadline")
            let worst = latencies.max() ?? .infinity
            Self.expectResponsive(latencies, while: "rate-limited")
            Report.line("fault=429 storm (Retry-After \(retryAfter) s) | marker after "
                + "\(Report.seconds(markerAfter)) | key latency max \(Report.ms(worst)) "
                + "| requests in the storm burst: \(stormRequests.count), first request after it "
                + "\(Report.seconds(resumed.timeIntervalSince(firstRefusal))) after the first 429 | recovered "
                + "\(Report.seconds(recovery)) after healing | header: \(marked.freshness.trimmed)")
        }
    }

    @Test("an expired token with refresh credentials is refreshed without the operator noticing")
    func expiredTokenWithRefresh() async throws {
        var options = LiveDashboard.Options()
        options.refreshToken = "refresh-secret"
        options.environment = ["PINTEREST_REFRESH_ACCESS_TOKEN": "refresh-secret", "PINTEREST_APP_ID": "1484",
                               "PINTEREST_APP_SECRET": "app-secret"]
        try await LiveDashboard.with(options) { dashboard in
            try await dashboard.waitForFirstLoad()
            let store = dashboard.sandbox.store
            await store.resetLog()
            await store.setChaos(ChaosSettings(expireTokens: true))
            // Watch several refreshes: never offline, and a new token was asked for and used.
            let until = Date().addingTimeInterval(8)
            var sawOffline: String?
            while Date() < until {
                let screen = Screen(text: try await dashboard.capture())
                if screen.showsStaleMarker { sawOffline = screen.freshness }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(sawOffline == nil, "went offline: \(sawOffline ?? "")")
            let requests = await store.requests()
            // Refreshes go on after the new token: judged by the order of the sandbox's log, not by
            // the clock when this test reads it (a loaded run can resume it seconds later).
            let refreshed = try #require(requests.last { $0.method == "POST" && $0.path.hasSuffix("/oauth/token") },
                                         "a new token was asked for")
            #expect(requests.contains { $0.method == "GET" && $0.time > refreshed.time }, "still refreshing with the new token")
            let latencies = try await dashboard.keyLatencies()
            let worst = latencies.max() ?? .infinity
            Self.expectResponsive(latencies, while: "the token was refreshed")
            Report.line("fault=expired token, refresh credentials set | never offline | token refreshed "
                + "(\(requests.filter { $0.path.hasSuffix("/oauth/token") }.count) POST /oauth/token) | key latency max \(Report.ms(worst))")
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}

/// Measured results, printed in one recognisable form so a run can be summarised.
enum Report {
    static func line(_ text: String) {
        print("ROBUSTNESS " + text)
    }

    static func ms(_ value: Double) -> String { String(format: "%.0f ms", value) }
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
}
