import Foundation
import Testing
@testable import PinterestAds
import PinwatchTestSupport

/// Status updates (PATCH) over HTTP: chunking, per-item outcomes, and unknown outcomes.
@Suite("PinterestClient status updates")
struct ClientUpdateTests {
    typealias Reply = ScriptedHTTPServer.Reply
    let account = "549755885175"

    /// A bulk-update reply confirming every id.
    static func echo(_ ids: [String], status: String = "PAUSED") -> Reply {
        .json(#"{"items": [\#(ids.map { #"{"data": {"id": "\#($0)", "status": "\#(status)"}, "exceptions": []}"# }.joined(separator: ","))]}"#)
    }

    @Test func sixtyFiveIdsGoInChunksOfThirtyThirtyFive() async throws {
        let ids = (1...65).map { String(500 + $0) }
        let server = try await ScriptedHTTPServer(replies: [
            Self.echo(Array(ids[0..<30])), Self.echo(Array(ids[30..<60])), Self.echo(Array(ids[60...])),
        ])
        defer { Task { await server.stop() } }
        let result = try await makeClient(server, clock: TestClock())
            .updateStatus(.adGroup, accountID: account, ids: ids, to: .paused)
        #expect(result.confirmed.count == 65)
        #expect(result.confirmed.values.allSatisfy { $0 == .paused })
        #expect(result.failed.isEmpty && result.unknown.isEmpty && result.unknownReason == nil)
        let requests = await server.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.method == "PATCH" && $0.path == "/v5/ad_accounts/\(account)/ad_groups" })
        #expect(requests.allSatisfy { $0.headers["content-type"] == "application/json" })
        let bodies = requests.compactMap { $0.jsonBody as? [[String: String]] }
        #expect(bodies.map(\.count) == [30, 30, 5])
        #expect(bodies.flatMap { $0.compactMap { $0["id"] } } == ids)
        #expect(bodies.flatMap { $0 }.allSatisfy { $0["status"] == "PAUSED" })
        let contract = try OpenAPIContract()
        for request in requests {
            let problems = contract.requestProblems(method: request.method, path: request.path,
                                                    query: request.query.map { ($0.name, $0.value) }, body: request.body)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    /// The spec's `CampaignUpdateRequest` requires `ad_account_id` in every item, which ad group
    /// and ad updates do not: each kind's body is checked against its own schema.
    @Test(arguments: EntityKind.allCases)
    func everyKindsBodyFollowsItsUpdateRequestSchema(_ kind: EntityKind) async throws {
        let ids = ["626736533506", "626736533507"]
        let server = try await ScriptedHTTPServer(replies: [Self.echo(ids)])
        defer { Task { await server.stop() } }
        let result = try await makeClient(server, clock: TestClock())
            .updateStatus(kind, accountID: account, ids: ids, to: .paused)
        #expect(result.confirmed.count == 2)
        let request = try #require(await server.requests.first)
        let problems = try OpenAPIContract().requestProblems(method: request.method, path: request.path,
                                                             query: [], body: request.body)
        #expect(problems.isEmpty, "\(problems)")
        let items = try #require(request.jsonBody as? [[String: String]])
        #expect(items.map { $0["ad_account_id"] } == (kind == .campaign ? [account, account] : [nil, nil]))
    }

    @Test func anItemExceptionFailsOnlyThatId() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"""
            {"items": [
              {"data": {"id": "1", "status": "PAUSED"}, "exceptions": []},
              {"exceptions": [{"code": 2402, "message": "Ad group is archived"}]},
              {"data": {"id": "3", "status": "PAUSED"}}
            ]}
            """#),
            // Ads send `exceptions` as a single object.
            .json(#"{"items": [{"data": {"id": "8", "status": "ACTIVE"}, "exceptions": {"code": 9, "message": "Rejected ad"}}]}"#),
        ])
        defer { Task { await server.stop() } }
        let client = makeClient(server, clock: TestClock())
        let groups = try await client.updateStatus(.adGroup, accountID: account, ids: ["1", "2", "3"], to: .paused)
        #expect(groups.confirmed == ["1": .paused, "3": .paused])
        #expect(groups.failed == ["2": ItemFailure(code: 2402, message: "Ad group is archived")])
        #expect(groups.unknown.isEmpty)
        let ads = try await client.updateStatus(.ad, accountID: account, ids: ["8"], to: .active)
        #expect(ads.failed == ["8": ItemFailure(code: 9, message: "Rejected ad")])
        #expect(ads.confirmed.isEmpty)
    }

    @Test func aTimedOutPatchIsUnknownAndNotResent() async throws {
        let ids = (1...35).map(String.init)
        // Generous timings: on a loaded machine the request must reach the server before the
        // client gives up, or "sent once" could not be observed.
        let server = try await ScriptedHTTPServer(replies: [Self.echo(Array(ids[0..<30])).delayed(4)],
                                                  fallback: Self.echo(Array(ids[30...])))
        defer { Task { await server.stop() } }
        let clock = TestClock()
        let client = makeClient(server, clock: clock, configuration: clock.configuration(timeout: 1))
        let result = try await client.updateStatus(.campaign, accountID: account, ids: ids, to: .paused)
        #expect(result.confirmed.isEmpty && result.failed.isEmpty)
        #expect(result.unknown == ids)
        guard case .transport(let kind, _)? = result.unknownReason else {
            Issue.record("expected a transport reason, got \(String(describing: result.unknownReason))")
            return
        }
        #expect(kind == .timedOut)
        // A resend would leave before `updateStatus` returned; a marker sent afterwards, once seen
        // by the server, shows that everything sent before it has arrived.
        _ = try await client.updateStatus(.campaign, accountID: account, ids: ["999"], to: .paused)
        let isMarker: @Sendable (ScriptedHTTPServer.Recorded) -> Bool = { request in
            (request.jsonBody as? [[String: String]])?.first?["id"] == "999"
        }
        try await waitUntil("the marker request") { await server.requests.contains(where: isMarker) }
        let requests = await server.requests.filter { !isMarker($0) }
        #expect(requests.count == 1)
        #expect((requests.first?.jsonBody as? [Any])?.count == 30)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aServerErrorLeavesThatChunkUnknownAndTheNextIsSent() async throws {
        // A 502 may come from a gateway after the change was made: only reading back can tell.
        let ids = (1...31).map(String.init)
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 1, "message": "Bad gateway"}"#, status: 502), Self.echo(["31"]),
        ])
        defer { Task { await server.stop() } }
        let result = try await makeClient(server, clock: TestClock())
            .updateStatus(.ad, accountID: account, ids: ids, to: .paused)
        #expect(result.unknown == Array(ids.prefix(30)))
        #expect(result.failed.isEmpty)
        #expect(result.confirmed == ["31": .paused])
        #expect(await server.requests.count == 2)
    }

    @Test func aDefiniteClientErrorFailsThatChunkOnly() async throws {
        let ids = (1...31).map(String.init)
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 1, "message": "Invalid status"}"#, status: 400), Self.echo(["31"]),
        ])
        defer { Task { await server.stop() } }
        let result = try await makeClient(server, clock: TestClock())
            .updateStatus(.ad, accountID: account, ids: ids, to: .paused)
        #expect(result.failed.count == 30)
        #expect(result.failed["1"] == ItemFailure(code: 1, message: "Invalid status"))
        #expect(result.confirmed == ["31": .paused])
    }

    @Test func refusalOnTheFirstChunkThrows() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .json(#"{"code": 29, "message": "Not permitted"}"#, status: 403),
        ])
        defer { Task { await server.stop() } }
        let error = await capture { () async throws(PinterestError) in
            try await makeClient(server, clock: TestClock()).updateStatus(.ad, accountID: account, ids: ["1"], to: .paused)
        }
        #expect(error == .forbidden(message: "Not permitted"))
    }
}

extension ScriptedHTTPServer.Reply {
    /// The same reply, sent after `seconds`.
    func delayed(_ seconds: TimeInterval) -> Self {
        var copy = self
        copy.delay = seconds
        return copy
    }
}
