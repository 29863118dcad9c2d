import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// The request budget through the real binary: signed in with `pinwatch login` against a sandbox
    /// on the Trial tier, with no token in the environment.
    @Suite("Request budget")
    struct BudgetEndToEndTests {
        static let account = DemoData.primaryAccountID

        @Test("after login: the dashboard in tmux learns Trial from the headers and shows the day's budget; status answers from the dashboard's cache; auth status shows the budget")
        func signedInDashboardAndStatus() async throws {
            let signIn = SignInEndToEndTests()
            var configuration = SandboxConfiguration(requiredToken: "nobody-has-this", clock: { Date() })
            configuration.oauth = SandboxOAuthSettings(appID: SignInEndToEndTests.appID, appSecret: SignInEndToEndTests.appSecret)
            configuration.budget = RequestBudget(tier: .trial)
            let sandbox = try await SandboxHarness.start(configuration)
            defer { Task { await sandbox.stop() } }
            let scratch = try Scratch()
            let (login, url) = try await signIn.startLogin(sandbox, scratch, redirect: "https://pinwatch.example/callback")
            login.type(try await signIn.consent(url))
            #expect(await login.finish() == 0, "\(login.stdout)\n\(login.stderr)")

            let base = ["--base-url", sandbox.baseURL.absoluteString]
            let plain = scratch.environment()
            #expect(plain["PINTEREST_ACCESS_TOKEN"] == nil)
            let dashboard = try DashboardRun(base + ["--account", Self.account], scratch: scratch)
            let screen = try await dashboard.tmux.waitFor(timeout: 40, "the ad groups and the day's budget") {
                $0.contains("Ad Group For Pin: 687195905986") && $0.contains("/1,000 today")
            }
            let header = try #require(screen.split(separator: "\n").first.map(String.init))
            #expect(header.contains("API "), "\(header)")
            try await dashboard.tmux.send("q")
            _ = try await dashboard.tmux.waitFor(timeout: 30, "the dashboard to quit") { $0.contains("pinwatch exited with 0") }

            // The dashboard just fetched and saved: a status within --max-age sends nothing.
            let before = await sandbox.store.requests().count
            let cached = try await Pinwatch.run(["status", "--account", Self.account, "--max-age", "600"] + base,
                                                environment: plain)
            #expect(cached.status == 0, "\(cached)")
            #expect(cached.stdout.contains(DemoData.seedAdGroupID), "\(cached)")
            #expect(await sandbox.store.requests().count == before, "answered from the cache")
            // With the tier known, the default age (6 minutes) answers from the cache too.
            let tiered = try await Pinwatch.run(["status", "--account", Self.account, "--api-tier", "trial"] + base,
                                                environment: plain)
            #expect(tiered.status == 0 && tiered.stdout.contains(DemoData.seedAdGroupID), "\(tiered)")
            #expect(await sandbox.store.requests().count == before, "answered from the cache")
            // --max-age 0 fetches.
            let fresh = try await Pinwatch.run(["status", "--account", Self.account, "--max-age", "0"] + base,
                                               environment: plain)
            #expect(fresh.status == 0 && fresh.stdout.contains(DemoData.seedAdGroupID), "\(fresh)")
            #expect(await sandbox.store.requests().count > before)

            let auth = try await Pinwatch.run(["auth", "status"] + base, environment: plain)
            #expect(auth.status == 0, "\(auth)")
            let line = try #require(auth.stdout.split(separator: "\n").first { $0.hasPrefix("Request budget:") })
            #expect(line.contains("/1,000 today (trial, planning 80 %)"), "\(line)")
            // Every process counted in the one ledger of this user.
            let ledgers = try FileManager.default.contentsOfDirectory(atPath: scratch.cacheHome + "/pinwatch")
                .filter { $0.hasSuffix(".ledger") }
            #expect(ledgers.count == 1, "\(ledgers)")
            let counted = SharedRequestLedger(fileURL: URL(fileURLWithPath: scratch.cacheHome + "/pinwatch/" + (ledgers.first ?? "")))
                .usage(at: Date()).totalToday
            let served = await sandbox.store.requests().filter { $0.path.hasPrefix("/v5/") && !$0.path.hasPrefix("/v5/oauth") }.count
            // The login's own identity request happens before the ledger is known to it.
            #expect(counted >= served - 1 && counted <= served, "ledger \(counted), sandbox \(served)")
        }

        @Test("four status processes at once share one ledger file: it counts exactly what the sandbox served")
        func concurrentProcessesShareTheLedger() async throws {
            var configuration = SandboxConfiguration(requiredToken: "budget-e2e-token", clock: { Date() })
            configuration.budget = RequestBudget(tier: .trial)
            let sandbox = try await SandboxHarness.start(configuration)
            let scratch = try Scratch()
            let environment = scratch.environment(["PINTEREST_ACCESS_TOKEN": "budget-e2e-token"])
            let arguments = ["status", "--account", Self.account, "--max-age", "0", "--base-url", sandbox.baseURL.absoluteString]
            let results = try await withThrowingTaskGroup(of: RunResult.self) { group in
                for _ in 0..<4 { group.addTask { try await Pinwatch.run(arguments, environment: environment) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for result in results { #expect(result.status == 0, "\(result)") }
            let ledgers = try FileManager.default.contentsOfDirectory(atPath: scratch.cacheHome + "/pinwatch")
                .filter { $0.hasSuffix(".ledger") }
            #expect(ledgers.count == 1, "\(ledgers)")
            let usage = SharedRequestLedger(fileURL: URL(fileURLWithPath: scratch.cacheHome + "/pinwatch/" + (ledgers.first ?? "")))
                .usage(at: Date())
            let served = await sandbox.store.requests().filter { $0.path.hasPrefix("/v5/") }.count
            #expect(usage.totalToday == served, "ledger \(usage.today), sandbox \(served)")
            await sandbox.stop()
        }
    }
}
