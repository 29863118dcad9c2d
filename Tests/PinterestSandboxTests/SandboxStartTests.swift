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
            // Waiting for the listening timeout would end in the server's timeout error instead.
            await #expect(throws: SandboxStartError.portInUse(port)) { _ = try await second.start() }
            await second.stop()
        }
    }
}
