import Foundation
import Testing
@testable import PinterestAds
import PinwatchTestSupport

/// The access token must never appear in an error or a log line, whatever the server sends back.
@Suite("The token never leaks")
struct SecretLeakTests {
    @Test func tokenIsAbsentFromErrorsAndLogs() async throws {
        let echoed = #"{"code": 2, "message": "Token \#(secretToken) is invalid"}"#
        let server = try await ScriptedHTTPServer(replies: [
            .json(echoed, status: 401),
            .json(echoed, status: 400),
            .json(echoed, status: 403),
            Reply(status: 500, body: Data("<html>\(secretToken)</html>".utf8)),
            Reply(status: 200, body: Data("<html>token=\(secretToken)</html>".utf8)),
            .json(#"{"items": [{"id": 5, "note": "\#(secretToken)"}]}"#),
            .json(pageJSON(ids: ["1"], bookmark: nil), delay: 1.5),
        ])
        defer { Task { await server.stop() } }
        let lines = Locked<[String]>([])
        let clock = TestClock()
        let logger = CapturingLogHandler.logger(into: lines)
        let client = makeClient(server, clock: clock, configuration: clock.configuration(retries: 0), logger: logger)
        // A separate client with a short timeout, so only the delayed reply times out under load.
        let impatient = makeClient(server, clock: clock, configuration: clock.configuration(timeout: 0.3, retries: 0),
                                   logger: logger)
        var errors: [PinterestError] = []
        for index in 0..<7 {
            let current = index == 6 ? impatient : client
            if let error = await capture({ () async throws(PinterestError) in try await current.listAdAccounts() }) {
                errors.append(error)
            }
        }
        #expect(errors.count == 7)
        for error in errors {
            var dumped = ""
            dump(error, to: &dumped)
            for text in [error.description, String(reflecting: error), String(describing: error),
                         error.localizedDescription, dumped] {
                #expect(!text.contains(secretToken), "leaked in \(text)")
            }
        }
        var dumpedClient = ""
        dump(client, to: &dumpedClient)
        #expect(!String(reflecting: client).contains(secretToken))
        let logged = lines.current
        #expect(logged.count >= 7)
        #expect(logged.contains { $0.contains("GET /ad_accounts") && $0.contains("401") }, "\(logged)")
        #expect(logged.allSatisfy { !$0.contains(secretToken) && !$0.contains("Bearer") })
    }

    typealias Reply = ScriptedHTTPServer.Reply
}
