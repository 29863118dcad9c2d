import Foundation
import PinterestSandbox
import PinwatchTestSupport
import Testing

@Suite("Sandbox start")
struct SandboxStartTests {
    @Test("a port already in use is reported at once as such, not after the listening timeout")
    func portInUse() async throws {
        try await SandboxHarness.with { first in
            let port = try #require(first.baseURL.port.flatMap { UInt16(exactly: $0) })
            let second = try Sandbox(configuration: SandboxConfiguration(port: port))
            let started = ContinuousClock.now
            await #expect(throws: SandboxStartError.portInUse(port)) { _ = try await second.start() }
            #expect(ContinuousClock.now - started < .seconds(5), "the listening timeout is 10 s")
            await second.stop()
        }
    }
}
