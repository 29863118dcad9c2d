import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

@Suite("Chaos and tokens")
struct ChaosTests {
    static let accountPath = "ad_accounts/\(DemoData.primaryAccountID)/campaigns"

    @Test("every third request is a 429 with Retry-After")
    func rateLimit() async throws {
        try await SandboxHarness.with { sandbox in
            await sandbox.store.setChaos(ChaosSettings(rateLimit: .init(every: 3, retryAfterSeconds: 7)))
            var statuses: [Int] = []
            for _ in 0..<6 {
                let result = try await sandbox.get(Self.accountPath)
                statuses.append(result.status)
                if result.status == 429 {
                    #expect(result.header("Retry-After") == "7")
                    #expect(try result.object()["code"] is Int)
                }
            }
            #expect(statuses == [200, 200, 429, 200, 200, 429])
        }
    }

    @Test("a 5xx rate fails about that share of requests, deterministically")
    func serverErrors() async throws {
        func run() async throws -> [Int] {
            try await SandboxHarness.with { sandbox in
                await sandbox.store.setChaos(ChaosSettings(serverErrors: .init(rate: 0.5), seed: 7))
                var statuses: [Int] = []
                for _ in 0..<40 { statuses.append(try await sandbox.get(Self.accountPath).status) }
                return statuses
            }
        }
        let first = try await run()
        let failures = first.filter { $0 >= 500 }.count
        #expect((8...32).contains(failures))
        #expect(Set(first).isSubset(of: [200, 500, 502, 503]))
        #expect(try await run() == first)
    }

    @Test("chaos scoped to a path leaves other paths alone")
    func scoped() async throws {
        try await SandboxHarness.with { sandbox in
            await sandbox.store.setChaos(ChaosSettings(serverErrors: .init(rate: 1, scope: .pathContains("/ads"))))
            let campaigns = try await sandbox.get(Self.accountPath)
            let ads = try await sandbox.get("ad_accounts/\(DemoData.primaryAccountID)/ads")
            #expect(campaigns.status == 200)
            #expect(ads.status >= 500)
        }
    }

    @Test("truncated JSON is cut, HTML is HTML, a reset drops the connection")
    func bodyFaults() async throws {
        try await SandboxHarness.with { sandbox in
            await sandbox.store.setChaos(ChaosSettings(faults: [.init(.truncatedJSON)]))
            let truncated = try await sandbox.get(Self.accountPath)
            #expect(truncated.status == 200)
            #expect(!truncated.body.isEmpty)
            #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: truncated.body) }

            await sandbox.store.setChaos(ChaosSettings(faults: [.init(.htmlBody)]))
            let html = try await sandbox.get(Self.accountPath)
            #expect(html.status == 200)
            #expect(html.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(html.text.contains("<html>"))

            await sandbox.store.setChaos(ChaosSettings(faults: [.init(.connectionReset)]))
            await #expect(throws: (any Error).self) { try await sandbox.get(Self.accountPath) }

            await sandbox.store.setChaos(.none)
            #expect(try await sandbox.get(Self.accountPath).status == 200)
        }
    }

    @Test("a hanging answer times the client out; a slow one arrives late")
    func hangAndSlow() async throws {
        try await SandboxHarness.with { sandbox in
            await sandbox.store.setChaos(ChaosSettings(faults: [.init(.hang, scope: .pathContains("/ads"))]))
            let start = Date()
            await #expect(throws: (any Error).self) {
                try await sandbox.get("ad_accounts/\(DemoData.primaryAccountID)/ads", timeout: 1)
            }
            #expect(Date().timeIntervalSince(start) >= 0.9)
            await sandbox.store.setChaos(ChaosSettings(faults: [.init(.slowResponse(seconds: 0.5))]))
            let slowStart = Date()
            let slow = try await sandbox.get(Self.accountPath)
            #expect(slow.status == 200)
            #expect(Date().timeIntervalSince(slowStart) >= 0.45)
        }
    }

    @Test("an ignored PATCH answers success with the new status but changes nothing")
    func ignoredWrite() async throws {
        try await SandboxHarness.with { sandbox in
            let group = DemoData.seedAdGroupID
            let path = "ad_accounts/\(DemoData.primaryAccountID)/ad_groups"
            await sandbox.store.setChaos(ChaosSettings(faults: [.init(.ignoreWrite, scope: .method("PATCH", pathContains: "/ad_groups"))]))
            let answer = try await sandbox.patch(path, json: [["id": group, "status": "PAUSED"]])
            #expect(answer.status == 200)
            let item = try #require((answer.object()["items"] as? [[String: Any]])?.first)
            #expect((item["data"] as? [String: Any])?["status"] as? String == "PAUSED")
            #expect(await sandbox.store.snapshot().adGroup(group)?.status == .active)

            await sandbox.store.setChaos(.none)
            #expect(try await sandbox.patch(path, json: [["id": group, "status": "PAUSED"]]).status == 200)
            #expect(await sandbox.store.snapshot().adGroup(group)?.status == .paused)
        }
    }

    @Test("expired tokens answer 401 until /oauth/token issues a new one")
    func expiryAndRefresh() async throws {
        try await SandboxHarness.with { sandbox in
            #expect(try await sandbox.get("ad_accounts").status == 200)
            await sandbox.store.setChaos(ChaosSettings(expireTokens: true))
            #expect(try await sandbox.get("ad_accounts").status == 401)

            let basic = Data("client-id:client-secret".utf8).base64EncodedString()
            let noAuth = try await sandbox.send("POST", "oauth/token", body: Data("grant_type=refresh_token&refresh_token=r1".utf8),
                                                headers: ["Content-Type": "application/x-www-form-urlencoded"], token: .some(nil))
            #expect(noAuth.status == 401)
            let refreshed = try await sandbox.send(
                "POST", "oauth/token", body: Data("grant_type=refresh_token&refresh_token=r1".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic \(basic)"],
                token: .some(nil))
            #expect(refreshed.status == 200)
            let body = try refreshed.object()
            #expect(body["token_type"] as? String == "bearer")
            #expect(body["expires_in"] as? Int == 2_592_000)
            #expect(body["scope"] is String)
            let token = try #require(body["access_token"] as? String)
            #expect(try await sandbox.get("ad_accounts", token: token).status == 200)
            #expect(try await sandbox.get("ad_accounts").status == 401)
        }
    }
}
