import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// `pinwatch --wall` in tmux against a sandbox: the accounts in turn, read-only, and a monitor
    /// that is not closed by a stray Ctrl-C.
    @Suite("Wall mode in a terminal")
    struct WallEndToEndTests {
        @Test("--wall: both accounts in turn with their counts; p refused; Ctrl-C asks, n keeps it, y quits")
        func wall() async throws {
            let sandbox = try await SandboxHarness.start()
            do {
                let run = try DashboardRun(sandbox: sandbox.baseURL, extraArguments: ["--wall", "--wall-cycle", "3"],
                                           width: 80, height: 24)
                defer { run.tmux.kill() }
                try await run.tmux.waitFor(timeout: 30, "the demo account on the wall with its counts") {
                    $0.contains("Pinwatch wall") && $0.contains("Acme Outdoor Co.") && $0.contains("AD GROUPS RUNNING")
                        && $0.contains("Spend today  $")
                }
                // The other account comes by itself, refreshed in the background (its spend in euros).
                try await run.tmux.waitFor(timeout: 30, "the second account, loaded") {
                    $0.contains("Maison Lumi") && $0.contains("Spend today  €")
                }

                try await run.tmux.send("p")
                try await run.tmux.waitFor(timeout: 10, "the read-only refusal") {
                    $0.contains("Read-only mode: pausing is disabled")
                }
                try await run.tmux.send("y")  // would confirm, were a dialog open

                try await run.tmux.send("C-c")
                try await run.tmux.waitFor("Quit Pinwatch? y/N", timeout: 10)
                try await run.tmux.send("n")
                try await run.tmux.waitFor(timeout: 10, "the question gone, the wall still on") {
                    !$0.contains("Quit Pinwatch?") && $0.contains("Pinwatch wall")
                }
                #expect(try await run.isAlive())

                try await run.tmux.send("C-c")
                try await run.tmux.waitFor("Quit Pinwatch? y/N", timeout: 10)
                try await run.tmux.send("y")
                let screen = try await run.tmux.waitFor(timeout: 20, "pinwatch's exit") { $0.contains("pinwatch exited with") }
                #expect(screen.contains("pinwatch exited with 0"), "\(screen)")
                #expect(await sandbox.store.requests(method: "PATCH").isEmpty)
                let accountsRead = await sandbox.store.requests(method: "GET").filter {
                    $0.path.contains("/ad_accounts/\(DemoData.secondaryAccountID)/ad_groups")
                }
                #expect(!accountsRead.isEmpty, "the second account was refreshed in the background")
            } catch {
                await sandbox.stop()
                throw error
            }
            await sandbox.stop()
        }

        @Test("--wall-cycle and --read-write without --wall, --read-write with --read-only, a cycle of 0: usage errors",
              arguments: [["--wall-cycle", "5"], ["--read-write"], ["--wall", "--read-write", "--read-only"],
                          ["--wall", "--wall-cycle", "0"]])
        func usageErrors(_ arguments: [String]) async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(arguments + ["--demo"], environment: scratch.environment(), timeout: 30)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--wall-cycle") || result.stderr.contains("--read-write"), "\(result)")
        }
    }
}
