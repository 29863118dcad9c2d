import AdsCache
import Foundation
import PinterestAds
import PinwatchTestSupport
import Testing

@Suite("Audit log")
struct AuditLogTests {
    /// The client carries the token to a sandbox that refuses any other: every action that succeeds
    /// proves the token went through the engine, and none of the files it wrote may hold it.
    @Test("one parseable JSON line per action, 0600 in a 0700 directory, without the token")
    func linesPermissionsNoToken() async throws {
        let token = SandboxIntegrationTests.token
        let (g1, g3, a2) = (SandboxIntegrationTests.g1, SandboxIntegrationTests.g3, SandboxIntegrationTests.a2)
        let directory = Fixture.temporaryDirectory().appendingPathComponent("state/pinwatch")
        let audit = AuditLog(fileURL: directory.appendingPathComponent("audit.log"))
        let cacheDirectory = Fixture.temporaryDirectory()
        let cache = try CacheDatabase(directory: cacheDirectory, accountID: Fixture.accountID,
                                      identity: Credentials(accessToken: token).fingerprint)
        try await SandboxIntegrationTests.withEngine(cache: cache, audit: audit) { engine, _, _ in
            engine.start()
            await engine.waitForIdle()
            let groups = await engine.perform(StatusAction(kind: .adGroup, ids: [g1, g3], target: .paused))
            #expect(groups[g1] == .succeeded, "the request carried the token the sandbox requires")
            let ad = await engine.perform(StatusAction(kind: .ad, ids: [a2], target: .paused))
            #expect(ad == .completed([a2: .succeeded]))
        }

        let text = try String(contentsOf: audit.fileURL, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["account"] as? String == Fixture.accountID)
        #expect(first["entity_type"] as? String == "ad_group")
        #expect(first["ids"] as? [String] == [g1, g3])
        #expect(first["from"] as? [String: String] == [g1: "ACTIVE", g3: "ARCHIVED"])
        #expect(first["to"] as? String == "PAUSED")
        #expect(first["outcome"] as? [String: String] == [g1: "succeeded", g3: "failed"])
        #expect((first["message"] as? [String: String])?[g3]?.isEmpty == false)
        #expect((first["user"] as? String)?.isEmpty == false)
        let time = try #require(first["time"] as? String)
        #expect(ISO8601DateFormatter().date(from: time.replacingOccurrences(of: #"\.\d+"#, with: "",
                                                                             options: .regularExpression)) != nil)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["entity_type"] as? String == "ad")

        #expect(CacheFiles.permissions(of: audit.fileURL) == 0o600)
        #expect(CacheFiles.permissions(of: directory) == 0o700)
        var checked = 0
        for file in [audit.fileURL, cache.fileURL, URL(fileURLWithPath: cache.fileURL.path + "-wal")] {
            guard let bytes = try? Data(contentsOf: file) else { continue }
            checked += 1
            #expect(bytes.range(of: Data(token.utf8)) == nil, "token found in \(file.lastPathComponent)")
        }
        #expect(checked >= 2, "the audit log and the cache were written")
    }
}
