import Foundation
import Testing
@testable import PinterestAds

/// An in-process transport: 401 for the old token, pages for the new token, and a token endpoint
/// that answers only once `holdRefreshUntilRejected` requests were refused (or after 10 s), so
/// every one of them is refused while the refresh is in flight, however the tasks are scheduled.
private struct RefreshingTransport: HTTPTransport {
    let holdRefreshUntilRejected: Int
    let refreshes = Locked(0)
    let rejected = Locked(0)

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.path.hasSuffix("/oauth/token") {
            refreshes.withValue { $0 += 1 }
            let deadline = ContinuousClock.now + .seconds(10)
            while rejected.current < holdRefreshUntilRejected, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            return HTTPResponse(status: 200, body: Data(#"{"access_token": "fresh-token"}"#.utf8))
        }
        guard request.headers["authorization"] == "Bearer fresh-token" else {
            rejected.withValue { $0 += 1 }
            return HTTPResponse(status: 401, body: Data(#"{"code": 2, "message": "expired"}"#.utf8))
        }
        return HTTPResponse(status: 200, body: Data(pageJSON(ids: ["1"], bookmark: nil).utf8))
    }
}

@Suite("Token refresh under concurrency")
struct ConcurrentRefreshTests {
    @Test func concurrentUnauthorizedRequestsShareOneRefresh() async throws {
        let transport = RefreshingTransport(holdRefreshUntilRejected: 6)
        let notified = Locked<[String]>([])
        let clock = TestClock()
        let client = PinterestClient(
            baseURL: try #require(URL(string: "https://api.pinterest.test/v5")),
            credentials: Credentials(accessToken: secretToken, refreshToken: "r", appID: "a", appSecret: "s"),
            transport: transport, configuration: clock.configuration(),
            onTokenRefreshed: { token in notified.withValue { $0.append(token) } })
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask { try await client.listAdAccounts().count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 1, count: 6))
        #expect(transport.refreshes.current == 1)
        #expect(notified.current == ["fresh-token"])
        #expect(transport.rejected.current == 6, "all six were refused before the one refresh answered")
    }
}
