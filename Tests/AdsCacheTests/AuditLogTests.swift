import AdsCache
import Foundation
import PinterestAds
import PinwatchTestSupport
import Testing

@Suite("Audit log")
struct AuditLogTests {
    @Test("one parseable JSON line per action, 0600 in a 0700 directory, without the token")
    func linesPermissionsNoToken() async throws {
        let token = "pina_TEST_TOKEN_7f3a9c2e41d8b6"
        let directory = Fixture.temporaryDirectory().appendingPathComponent("state/pinwatch")
        let audit = AuditLog(fileURL: directory.appendingPathComponent("audit.log"))
        let cacheDirectory = Fixture.temporaryDirectory()
        let cache = try CacheDatabase(directory: cacheDirectory, accountID: Fixture.accountID,
                                      identity: Fingerprint.sha256Hex(token))
        let harness = Harness(cache: cache, audit: audit)
        await harness.start()
        harness.api.failItem("g2", message: "Budget too low")
        _ = await harness.engine.perform(StatusAction(kind: .adGroup, ids: ["g1", "g2"], target: .paused))
        _ = await harness.engine.perform(StatusAction(kind: .ad, ids: ["a3"], target: .paused))
        harness.engine.stop()

        let text = try String(contentsOf: audit.fileURL, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["account"] as? String == Fixture.accountID)
        #expect(first["entity_type"] as? String == "ad_group")
        #expect(first["ids"] as? [String] == ["g1", "g2"])
        #expect(first["from"] as? [String: String] == ["g1": "ACTIVE", "g2": "ACTIVE"])
        #expect(first["to"] as? String == "PAUSED")
        #expect(first["outcome"] as? [String: String] == ["g1": "succeeded", "g2": "failed"])
        #expect(first["message"] as? [String: String] == ["g2": "Budget too low"])
        #expect((first["user"] as? String)?.isEmpty == false)
        let time = try #require(first["time"] as? String)
        #expect(ISO8601DateFormatter().date(from: time.replacingOccurrences(of: #"\.\d+"#, with: "",
                                                                             options: .regularExpression)) != nil)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["entity_type"] as? String == "ad")

        #expect(CacheFiles.permissions(of: audit.fileURL) == 0o600)
        #expect(CacheFiles.permissions(of: directory) == 0o700)
        for file in [audit.fileURL, cache.fileURL, URL(fileURLWithPath: cache.fileURL.path + "-wal")] {
            guard let bytes = try? Data(contentsOf: file) else { continue }
            #expect(bytes.range(of: Data(token.utf8)) == nil, "token found in \(file.lastPathComponent)")
        }
    }
}
