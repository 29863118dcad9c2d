import Foundation
import Testing
@testable import PinterestAds
import PinwatchTestSupport

/// The client against a real HTTP server on 127.0.0.1: paths, parameters, pagination, retries,
/// rate limits, token refresh and decoding failures.
@Suite("PinterestClient over HTTP")
struct ClientHTTPTests {
    typealias Reply = ScriptedHTTPServer.Reply
    let account = "549755885175"

    @Test func paginationFollowsBookmarksAcrossThreePages() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(pageJSON(ids: ["1", "2"], bookmark: "b1")),
            .json(pageJSON(ids: ["3", "4"], bookmark: "b2")),
            .json(pageJSON(ids: ["5"], bookmark: nil)),
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock())
        let groups = try await client.listAdGroups(accountID: account, filter: .none)
        #expect(groups.map(\.id) == ["1", "2", "3", "4", "5"])
        let requests = await server.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.method == "GET" && $0.path == "/v5/ad_accounts/\(account)/ad_groups" })
        #expect(requests.map { $0.queryValues("bookmark") } == [[], ["b1"], ["b2"]])
        #expect(requests.allSatisfy { $0.queryValues("page_size") == ["250"] })
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer \(secretToken)" })
    }

    @Test func emptyBookmarkEndsTheListing() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(pageJSON(ids: ["1"], bookmark: "b1")),
            .json(pageJSON(ids: ["2"], bookmark: "")),
        ])
        defer { Task { await server.stop() } }
        let accounts = try await makeClient(server, clock: TestClock()).listAdAccounts()
        #expect(accounts.map(\.id) == ["1", "2"])
        #expect(await server.requests.map(\.path) == ["/v5/ad_accounts", "/v5/ad_accounts"])
    }

    @Test func repeatedBookmarkIsDetected() async throws {
        // The fallback would repeat "b1" forever if the client did not notice.
        let server = try await ScriptedHTTPServer(replies: [
            .json(pageJSON(ids: ["1"], bookmark: "b1")),
            .json(pageJSON(ids: ["2"], bookmark: "b2")),
        ], fallback: .json(pageJSON(ids: ["3"], bookmark: "b1")))
        defer { Task { await server.stop() } }
        let error = await capture { () async throws(PinterestError) in
            try await makeClient(server, clock: TestClock()).listCampaigns(accountID: account, filter: .none)
        }
        #expect(error == .repeatedBookmark(path: "/ad_accounts/\(account)/campaigns"))
        #expect(await server.requests.count == 3)
    }

    @Test func arrayParametersAreSentAsRepeatedKeys() async throws {
        let server = try await ScriptedHTTPServer(replies: [.json(pageJSON(ids: ["9"], bookmark: nil))])
        defer { Task { await server.stop() } }
        let filter = ListFilter(campaignIDs: ["11", "12"], adGroupIDs: ["21", "22", "23"], adIDs: ["31"],
                                entityStatuses: [.active, .paused])
        _ = try await makeClient(server, clock: TestClock()).listAds(accountID: account, filter: filter)
        let request = try #require(await server.requests.first)
        #expect(request.path == "/v5/ad_accounts/\(account)/ads")
        #expect(request.queryValues("campaign_ids") == ["11", "12"])
        #expect(request.queryValues("ad_group_ids") == ["21", "22", "23"])
        #expect(request.queryValues("ad_ids") == ["31"])
        #expect(request.queryValues("entity_statuses") == ["ACTIVE", "PAUSED"])
    }

    @Test func idFiltersOver250AreSplitAndMerged() async throws {
        let ids = (1...300).map { String(1000 + $0) }
        let server = try await ScriptedHTTPServer(replies: [
            .json(pageJSON(ids: ["1", "2"], bookmark: nil)),
            .json(pageJSON(ids: ["2", "3"], bookmark: nil)),
        ])
        defer { Task { await server.stop() } }
        let groups = try await makeClient(server, clock: TestClock())
            .listAdGroups(accountID: account, filter: ListFilter(adGroupIDs: ids))
        #expect(groups.map(\.id) == ["1", "2", "3"])
        let requests = await server.requests
        #expect(requests.map { $0.queryValues("ad_group_ids").count } == [250, 50])
        #expect(requests.flatMap { $0.queryValues("ad_group_ids") } == ids)
    }

    @Test func analyticsSendsColumnsCommaSeparatedAndIdsInBatches() async throws {
        let ids = (1...260).map(String.init)
        let rows = #"[{"AD_GROUP_ID": "1", "DATE": "2026-11-01", "SPEND_IN_MICRO_DOLLAR": 1200000, "CTR": 0.25, "NOTE": "x"}]"#
        let server = try await ScriptedHTTPServer(replies: [.json(rows), .json("[]")])
        defer { Task { await server.stop() } }
        let result = try await makeClient(server, clock: TestClock()).analytics(
            .adGroup, accountID: account, ids: ids, from: APIDate(year: 2026, month: 11, day: 1),
            to: APIDate(year: 2026, month: 11, day: 7), columns: ["SPEND_IN_MICRO_DOLLAR", "CTR"], granularity: .day)
        #expect(result == [AnalyticsRow(entityID: "1", date: "2026-11-01",
                                        metrics: ["SPEND_IN_MICRO_DOLLAR": 1_200_000, "CTR": 0.25])])
        let requests = await server.requests
        #expect(requests.count == 2)
        let first = try #require(requests.first)
        #expect(first.path == "/v5/ad_accounts/\(account)/ad_groups/analytics")
        #expect(first.queryValues("columns") == ["SPEND_IN_MICRO_DOLLAR,CTR"])
        #expect(first.queryValues("start_date") == ["2026-11-01"])
        #expect(first.queryValues("end_date") == ["2026-11-07"])
        #expect(first.queryValues("granularity") == ["DAY"])
        #expect(requests.map { $0.queryValues("ad_group_ids").count } == [250, 10])
    }

    @Test("analytics request by request: each answer is handed over alone, with the ids it was asked for")
    func analyticsHandsOverEachAnswer() async throws {
        let ids = (1...510).map(String.init)
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"[{"AD_GROUP_ID": "1", "DATE": "2026-11-01", "SPEND_IN_MICRO_DOLLAR": 1}]"#),
            .json(#"[{"AD_GROUP_ID": "251", "DATE": "2026-11-01", "SPEND_IN_MICRO_DOLLAR": 2}]"#),
            .json("[]"),
        ])
        defer { Task { await server.stop() } }
        var handed: [(ids: [String], rows: [String])] = []
        try await makeClient(server, clock: TestClock()).analytics(
            .adGroup, accountID: account, ids: ids, from: APIDate(year: 2026, month: 11, day: 1),
            to: APIDate(year: 2026, month: 11, day: 1), columns: ["SPEND_IN_MICRO_DOLLAR"], granularity: .day
        ) { chunk, rows in
            handed.append((chunk, rows.map(\.entityID)))
        }
        #expect(handed.map(\.ids) == [Array(ids[0..<250]), Array(ids[250..<500]), Array(ids[500...])])
        #expect(handed.map(\.rows) == [["1"], ["251"], []])
        #expect(await server.requests.count == 3)
    }

    @Test func singleEntitiesUseTheirPaths() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"id": "77", "budget_in_micro_currency": 5000000}"#), .json(#"{"id": "88"}"#),
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock())
        #expect(try await client.adGroup(accountID: account, id: "77").budgetInMicroCurrency == 5_000_000)
        #expect(try await client.ad(accountID: account, id: "88").id == "88")
        #expect(await server.requests.map(\.path) == ["/v5/ad_accounts/\(account)/ad_groups/77",
                                                      "/v5/ad_accounts/\(account)/ads/88"])
    }

    @Test func rateLimitIsWaitedOutThenTheRequestSucceeds() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 8, "message": "slow down"}"#, status: 429, headers: ["Retry-After": "2"]),
            .json(pageJSON(ids: ["1"], bookmark: nil)),
        ])
        defer { Task { await server.stop() } }
        let clock = TestClock()
        let accounts = try await makeClient(server, clock: clock).listAdAccounts()
        #expect(accounts.map(\.id) == ["1"])
        #expect(clock.sleeps == [2])
        #expect(await server.requests.count == 2)
    }

    @Test func nothingIsSentBeforeTheRateLimitDeadline() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 8, "message": "slow down"}"#, status: 429, headers: ["Retry-After": "2"]),
            .json(pageJSON(ids: ["1"], bookmark: nil)),
        ])
        defer { Task { await server.stop() } }
        let clock = TestClock()
        let start = clock.now
        let client = makeClient(server, clock: clock, configuration: clock.configuration(maxRateLimitWait: 0))
        let first = await capture { () async throws(PinterestError) in try await client.listAdAccounts() }
        #expect(first == .rateLimited(until: start.addingTimeInterval(2)))
        clock.advance(by: 1.5)
        let second = await capture { () async throws(PinterestError) in
            try await client.updateStatus(.ad, accountID: account, ids: ["1"], to: .paused)
        }
        #expect(second == .rateLimited(until: start.addingTimeInterval(2)))
        #expect(await server.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
        clock.advance(by: 0.5)
        #expect(try await client.listAdAccounts().map(\.id) == ["1"])
        #expect(await server.requests.count == 2)
    }

    @Test func rateLimitHeadersAreRead() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HTTPErrorMapping.rateLimitDeadline(["Retry-After": "2"], now: now) == now.addingTimeInterval(2))
        #expect(HTTPErrorMapping.rateLimitDeadline(["x-ratelimit-reset": "7"], now: now) == now.addingTimeInterval(7))
        #expect(HTTPErrorMapping.rateLimitDeadline([:], now: now) == now.addingTimeInterval(60))
        let date = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(HTTPErrorMapping.rateLimitDeadline(["retry-after": "Sun, 06 Nov 1994 08:49:37 GMT"],
                                                   now: date.addingTimeInterval(-5)) == date)
    }

    @Test func unauthorizedRefreshesTheTokenAndRetries() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 2, "message": "Authentication failed."}"#, status: 401),
            .json(#"{"access_token": "new-token-1", "refresh_token": "refresh-2", "token_type": "bearer"}"#),
            .json(pageJSON(ids: ["1"], bookmark: nil)),
        ])
        defer { Task { await server.stop() } }
        let refreshed = Locked<[String]>([])
        let client = makeClient(server, clock: TestClock(),
                                credentials: Credentials(accessToken: secretToken, refreshToken: "refresh-1 /+",
                                                         appID: "1234", appSecret: "app-secret"),
                                onTokenRefreshed: { token in refreshed.withValue { $0.append(token) } })
        #expect(try await client.listAdAccounts().map(\.id) == ["1"])
        let requests = await server.requests
        #expect(requests.count == 3)
        let refresh = try #require(requests.dropFirst().first)
        #expect(refresh.method == "POST" && refresh.path == "/v5/oauth/token")
        #expect(refresh.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(refresh.headers["authorization"] == "Basic " + Data("1234:app-secret".utf8).base64EncodedString())
        #expect(String(decoding: refresh.body, as: UTF8.self)
            == "grant_type=refresh_token&refresh_token=refresh-1%20%2F%2B")
        #expect(requests[2].headers["authorization"] == "Bearer new-token-1")
        #expect(requests[2].path == "/v5/ad_accounts")
        #expect(refreshed.current == ["new-token-1"])
    }

    @Test func unauthorizedWithoutRefreshCredentialsFails() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 2, "message": "Authentication failed."}"#, status: 401),
        ])
        defer { Task { await server.stop() } }
        let error = await capture { () async throws(PinterestError) in
            try await makeClient(server, clock: TestClock()).listAdAccounts()
        }
        #expect(error == .unauthorized(message: "Authentication failed."))
        #expect(await server.requests.count == 1)
    }

    @Test func failedRefreshIsUnauthorized() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 2, "message": "Authentication failed."}"#, status: 401),
            .json(#"{"code": 1, "message": "Invalid refresh token"}"#, status: 400),
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock(),
                                credentials: Credentials(accessToken: secretToken, refreshToken: "r",
                                                         appID: "1", appSecret: "s"))
        let error = await capture { () async throws(PinterestError) in try await client.listAdAccounts() }
        guard case .unauthorized(let message)? = error else {
            Issue.record("expected unauthorized, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Invalid refresh token"))
        #expect(await server.requests.count == 2)
    }

    @Test func serverErrorsAreRetriedWithCappedBackoff() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 1, "message": "oops"}"#, status: 503),
            .json("<html>bad gateway</html>", status: 502),
            .json(pageJSON(ids: ["1"], bookmark: nil)),
        ])
        defer { Task { await server.stop() } }
        let clock = TestClock()
        #expect(try await makeClient(server, clock: clock).listAdAccounts().map(\.id) == ["1"])
        #expect(await server.requests.count == 3)
        // base 0.5 s, jitter fixed at 0.5: half fixed plus a quarter.
        #expect(clock.sleeps == [0.375, 0.75])
        let capped = ClientConfiguration(backoffBase: 0.5, backoffCap: 8, jitter: { 1 })
        #expect(capped.backoffDelay(attempt: 10) == 8)
    }

    @Test func retriesStopAfterTheLimit() async throws {
        let server = try await ScriptedHTTPServer(replies: [],
                                                  fallback: .json(#"{"code": 7, "message": "down"}"#, status: 500))
        defer { Task { await server.stop() } }
        let clock = TestClock()
        let error = await capture { () async throws(PinterestError) in
            try await makeClient(server, clock: clock).listAdAccounts()
        }
        #expect(error == .server(status: 500, code: 7, message: "down"))
        #expect(await server.requests.count == 4)
        #expect(clock.sleeps.count == 3)
    }

    @Test func slowServerTimesOut() async throws {
        let server = try await ScriptedHTTPServer(replies: [.json(pageJSON(ids: ["1"], bookmark: nil), delay: 1.5)])
        defer { Task { await server.stop() } }
        let clock = TestClock()
        let client = makeClient(server, clock: clock, configuration: clock.configuration(timeout: 0.3, retries: 0))
        let error = await capture { () async throws(PinterestError) in try await client.listAdAccounts() }
        guard case .transport(let kind, _)? = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(kind == .timedOut)
    }

    @Test func htmlOrTruncatedBodiesAreDecodingErrors() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            Reply(status: 200, headers: ["Content-Type": "text/html"],
                  body: Data("<html><body>Service temporarily unavailable</body></html>".utf8)),
            .json(#"{"items": [{"id": "1", "name": "trunc"#),
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock())
        let html = await capture { () async throws(PinterestError) in try await client.listAdAccounts() }
        guard case .decoding(_, _, let snippet)? = html else {
            Issue.record("expected decoding, got \(String(describing: html))")
            return
        }
        #expect(snippet.hasPrefix("<html><body>Service"))
        let truncated = await capture { () async throws(PinterestError) in try await client.listAdAccounts() }
        guard case .decoding? = truncated else {
            Issue.record("expected decoding, got \(String(describing: truncated))")
            return
        }
    }

    @Test func decodingErrorsNameTheJSONPath() async throws {
        let items = (0..<4).map { index in
            #"{"id": "\#(index)", "budget_in_micro_currency": \#(index == 3 ? #""lots""# : "5000000")}"#
        }
        let server = try await ScriptedHTTPServer(replies: [.json(#"{"items": [\#(items.joined(separator: ", "))]}"#)])
        defer { Task { await server.stop() } }
        let error = await capture { () async throws(PinterestError) in
            try await makeClient(server, clock: TestClock()).listAdGroups(accountID: account, filter: .none)
        }
        guard case .decoding(let path, _, let snippet)? = error else {
            Issue.record("expected decoding, got \(String(describing: error))")
            return
        }
        #expect(path == "items[3].budget_in_micro_currency")
        #expect(snippet.count <= 80)
        #expect(snippet.contains(#""lots""#))
    }

    @Test func errorStatusesMapToTheirCases() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 29, "message": "You are not permitted"}"#, status: 403),
            .json(#"{"code": 30, "message": "Ad account not found"}"#, status: 404),
            .json(#"{"code": 1, "message": "Invalid parameters"}"#, status: 400),
            Reply(status: 418, body: Data("short and stout".utf8)),
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock())
        var errors: [PinterestError?] = []
        for _ in 0..<4 {
            errors.append(await capture { () async throws(PinterestError) in try await client.listAdAccounts() })
        }
        #expect(errors[0] == .forbidden(message: "You are not permitted"))
        #expect(errors[1] == .notFound(message: "Ad account not found"))
        #expect(errors[2] == .server(status: 400, code: 1, message: "Invalid parameters"))
        #expect(errors[3] == .server(status: 418, code: nil, message: "HTTP 418: short and stout"))
    }
}

/// Pages that come back byte for byte the same are not decoded again; a changed page is.
@Suite("Page reuse")
struct PageReuseTests {
    @Test("query and path encoding gives what Foundation's percent-encoding gives for the same allowed set")
    func percentEncoding() {
        let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
        let samples = ["2680060704746", "SPEND_IN_DOLLAR,TOTAL_IMPRESSION", "a b&c=d+e/f?g#h%i", "Café ☀ 東京 🎁",
                       "\u{0}\u{1F}\u{7F}\u{202E}", "", "~-._,", String(repeating: "9", count: 3_000)]
        for sample in samples {
            #expect(PinterestClient.encodeQuery(sample)
                    == sample.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: unreserved + ",")))
            #expect(PinterestClient.segment(sample)
                    == sample.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: unreserved)))
        }
    }

    @Test("a page digest is the same in every run, and any change to the bytes changes it")
    func digestsAreStable() {
        let body = Data(pageJSON(ids: ["1", "2"], bookmark: "b1").utf8)
        // Fixed, so digests kept in a cache by one run are understood by the next.
        let digest = PageDigest(of: body)
        #expect(digest == PageDigest(high: 0x8CCA_56FB_326F_DE63, low: UInt64(body.count)))
        var seen: Set<PageDigest> = [digest, PageDigest(of: Data())]
        for index in body.indices {
            var changed = body
            changed[index] ^= 0x01
            #expect(seen.insert(PageDigest(of: changed)).inserted, "flipping byte \(index) gave a digest seen before")
        }
        #expect(seen.insert(PageDigest(of: body + Data([0]))).inserted, "a trailing zero byte must change the digest")
        #expect(seen.insert(PageDigest(of: body.dropLast())).inserted)
    }

    @Test("an unchanged page is reused, a changed one decoded; other listings do not share pages")
    func unchangedPagesAreReused() async throws {
        let first = pageJSON(ids: ["1", "2"], bookmark: "b1")
        let second = pageJSON(ids: ["3"], bookmark: nil)
        let changed = #"{"items": [{"id": "3", "status": "PAUSED"}], "bookmark": null}"#
        let server = try await ScriptedHTTPServer(replies: [
            .json(first), .json(second),    // first listing: both decoded
            .json(first), .json(second),    // same bytes: both reused
            .json(first), .json(changed),   // the second page changed
            .json(second),                  // another listing (a filter): its own page
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock())
        let account = "549755885175"
        let initial = try await client.listAdGroups(accountID: account, filter: .none)
        #expect(client.pageMemo.reused.load(ordering: .relaxed) == 0)
        let again = try await client.listAdGroups(accountID: account, filter: .none)
        #expect(again == initial)
        // The very array of the first listing: a caller's comparison costs nothing.
        #expect(again.withUnsafeBufferPointer { $0.baseAddress } == initial.withUnsafeBufferPointer { $0.baseAddress })
        #expect(client.pageMemo.reused.load(ordering: .relaxed) == 2)
        let after = try await client.listAdGroups(accountID: account, filter: .none)
        #expect(after.map(\.id) == ["1", "2", "3"])
        #expect(after.last?.status == .paused)
        #expect(client.pageMemo.reused.load(ordering: .relaxed) == 3)
        let filtered = try await client.listAdGroups(accountID: account, filter: ListFilter(adGroupIDs: ["3"]))
        #expect(filtered.map(\.status) == [.active])
        #expect(client.pageMemo.reused.load(ordering: .relaxed) == 3)
        #expect(await server.requests.count == 7)
    }
}
