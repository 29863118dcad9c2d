import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Synchronization
import Testing

/// A `pinwatch` run that the test talks to while it runs: standard input is a pipe, standard
/// output is collected as it comes.
final class InteractiveRun: Sendable {
    let process: Process
    private let input: Pipe
    private let output = Buffer()
    private let errors = Buffer()

    /// Bytes appended by a pipe's reader while the test reads them.
    final class Buffer: Sendable {
        private let data = Mutex<Data>(Data())
        func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
        var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
    }
    private let exited: AsyncStream<Int32>

    init(_ arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Pinwatch.binary())
        process.arguments = arguments
        process.environment = environment
        input = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        exited = stream
        let output = output
        let errors = errors
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            output.append(chunk)
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            errors.append(chunk)
        }
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        try process.run()
    }

    var stdout: String { output.text }
    var stderr: String { errors.text }

    /// The first line of output containing `needle`, waiting for it up to `timeout` seconds.
    func line(containing needle: String, timeout: TimeInterval = 30) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.contains(needle) }) {
                return line.trimmingCharacters(in: .whitespaces)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw E2EError("no line with “\(needle)” in:\n\(stdout)\n--- stderr:\n\(stderr)")
    }

    /// Types a line.
    func type(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Waits for the exit (killing the run after `timeout`) and returns its status.
    func finish(timeout: TimeInterval = 60) async -> Int32 {
        let process = process
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        var status: Int32 = -1
        for await value in exited { status = value }
        watchdog.cancel()
        return status
    }
}

extension EndToEnd {
    /// `pinwatch login`, `auth status` and `logout` against the sandbox, the test playing the browser.
    @Suite("Sign in")
    struct SignInEndToEndTests {
        static let appID = "e2e-app-1234"
        static let appSecret = "e2e-app-secret-77"
        static let account = DemoData.primaryAccountID

        /// A sandbox that accepts only the tokens it issues, for the app above.
        func withSandbox(_ body: (RunningSandbox, Scratch) async throws -> Void) async throws {
            var configuration = SandboxConfiguration(requiredToken: "nobody-has-this", clock: { SandboxHarness.referenceDate })
            configuration.oauth = SandboxOAuthSettings(appID: Self.appID, appSecret: Self.appSecret)
            let sandbox = try await SandboxHarness.start(configuration)
            let scratch = try Scratch()
            do {
                try await body(sandbox, scratch)
            } catch {
                await sandbox.stop()
                throw error
            }
            await sandbox.stop()
        }

        func environment(_ scratch: Scratch, secret: String = SignInEndToEndTests.appSecret) -> [String: String] {
            scratch.environment(["PINTEREST_APP_ID": Self.appID, "PINTEREST_APP_SECRET": secret])
        }

        /// Starts `pinwatch login` and returns it with the consent URL it printed.
        func startLogin(_ sandbox: RunningSandbox, _ scratch: Scratch, redirect: String,
                        secret: String = SignInEndToEndTests.appSecret) async throws -> (InteractiveRun, String) {
            let run = try InteractiveRun(["login", "--base-url", sandbox.baseURL.absoluteString, "--redirect-uri", redirect,
                                          "--no-browser", "--timeout", "60"],
                                         environment: environment(scratch, secret: secret))
            let url = try await run.line(containing: "/oauth/?")
            return (run, url)
        }

        /// The browser at the consent page: where it is sent next.
        func consent(_ url: String, deny: Bool = false) async throws -> String {
            let target = try #require(URL(string: url + (deny ? "&consent=deny" : "")))
            let answer = try await SandboxHarness.request("GET", target)
            #expect(answer.status == 302)
            return try #require(answer.headers["location"])
        }

        var storedFile: (Scratch) -> String { { $0.configHome + "/pinwatch/credentials.json" } }

        @Test("login through the loopback redirect; then status and auth status without a token in the environment; logout revokes")
        func loopback() async throws {
            try await withSandbox { sandbox, scratch in
                let (run, url) = try await startLogin(sandbox, scratch, redirect: "http://localhost:0/")
                #expect(url.contains("client_id=\(Self.appID)") && url.contains("response_type=code"))
                #expect(url.contains("scope=ads%3Aread,ads%3Awrite,user_accounts%3Aread"), "\(url)")
                let location = try await consent(url)
                #expect(location.hasPrefix("http://localhost:"))
                // The browser follows the redirect to the listener.
                let landing = try await SandboxHarness.request("GET", try #require(URL(string: location)))
                #expect(landing.status == 200)
                #expect(String(decoding: landing.body, as: UTF8.self).contains("You can close this tab"))
                let status = await run.finish()
                #expect(status == 0, "\(run.stdout)\n\(run.stderr)")
                #expect(run.stdout.contains("Signed in as @pinwatch_demo"), "\(run.stdout)")

                let file = storedFile(scratch)
                #expect(CacheFiles.permissions(of: URL(fileURLWithPath: file)) == 0o600)
                #expect(CacheFiles.permissions(of: URL(fileURLWithPath: scratch.configHome + "/pinwatch")) == 0o700)
                let stored = try #require(try CredentialStore(fileURL: URL(fileURLWithPath: file)).load())
                #expect(stored.userID == "1130522744291577563")

                let plain = scratch.environment()
                let report = try await Pinwatch.run(["status", "--account", Self.account, "--base-url",
                                                     sandbox.baseURL.absoluteString], environment: plain)
                #expect(report.status == 0, "\(report)")
                #expect(report.stdout.contains(DemoData.seedAdGroupID), "\(report)")
                let auth = try await Pinwatch.run(["auth", "status", "--base-url", sandbox.baseURL.absoluteString],
                                                  environment: plain)
                #expect(auth.status == 0, "\(auth)")
                for needle in ["@pinwatch_demo", "1130522744291577563", "credentials file", "ads:write",
                               "Access token expires", "(in 29 days)",
                               // 60 days after the sandbox's sign-in time.
                               "Refresh token expires: 2027-01-25 12:00 UTC"] {
                    #expect(auth.stdout.contains(needle), "“\(needle)” in \(auth)")
                }
                // The cache is named after the user, not the token.
                let caches = try FileManager.default.contentsOfDirectory(atPath: scratch.cacheHome + "/pinwatch")
                let expected = CacheFiles.databaseFileName(accountID: Self.account, identity: "user-1130522744291577563")
                #expect(caches.contains(expected), "\(caches)")

                let out = try await Pinwatch.run(["logout", "--base-url", sandbox.baseURL.absoluteString], environment: plain)
                #expect(out.status == 0, "\(out)")
                #expect(!FileManager.default.fileExists(atPath: file))
                let refused = try await sandbox.get("/ad_accounts", token: .some(stored.accessToken))
                #expect(refused.status == 401)
                for text in [run.stdout, run.stderr, report.stdout, report.stderr, auth.stdout, auth.stderr, out.stdout, out.stderr] {
                    #expect(!text.contains(stored.accessToken) && !(stored.refreshToken.map(text.contains) ?? false))
                    #expect(!text.contains(Self.appSecret))
                }
                let after = try await Pinwatch.run(["status", "--account", Self.account, "--base-url",
                                                    sandbox.baseURL.absoluteString], environment: plain)
                #expect(after.status != 0 && after.stderr.contains("pinwatch login"), "\(after)")
            }
        }

        @Test("login through a pasted address (browser on another machine)")
        func pasted() async throws {
            try await withSandbox { sandbox, scratch in
                let redirect = "https://pinwatch.example/oauth/callback"
                let (run, url) = try await startLogin(sandbox, scratch, redirect: redirect)
                let location = try await consent(url)
                #expect(location.hasPrefix(redirect + "?code="))
                run.type(location)
                let status = await run.finish()
                #expect(status == 0, "\(run.stdout)\n\(run.stderr)")
                let report = try await Pinwatch.run(["status", "--account", Self.account, "--base-url",
                                                     sandbox.baseURL.absoluteString], environment: scratch.environment())
                #expect(report.status == 0, "\(report)")
            }
        }

        /// Runs a login that fails and returns its stderr.
        func failedLogin(_ sandbox: RunningSandbox, _ scratch: Scratch, secret: String = SignInEndToEndTests.appSecret,
                         deny: Bool = false, tamper: (String) -> String = { $0 }) async throws -> String {
            let (run, url) = try await startLogin(sandbox, scratch, redirect: "https://pinwatch.example/cb", secret: secret)
            run.type(tamper(try await consent(url, deny: deny)))
            let status = await run.finish()
            #expect(status != 0, "\(run.stdout)\n\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: storedFile(scratch)))
            #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret))
            return run.stderr
        }

        @Test("denied consent, a wrong secret, a mismatched state, a wrong redirect: each its sentence and a non-zero exit")
        func failures() async throws {
            try await withSandbox { sandbox, scratch in
                let denied = try await failedLogin(sandbox, scratch, deny: true)
                #expect(denied.contains("You declined access on Pinterest, so Pinwatch is not signed in."), "\(denied)")
                let secret = try await failedLogin(sandbox, scratch, secret: "not-the-secret")
                #expect(secret.contains("Pinterest refused the app id or secret"), "\(secret)")
                let state = try await failedLogin(sandbox, scratch) { $0.replacingOccurrences(of: "state=", with: "state=x") }
                #expect(state.contains("state does not match"), "\(state)")
                let elsewhere = try await failedLogin(sandbox, scratch) {
                    $0.replacingOccurrences(of: "https://pinwatch.example/cb", with: "https://other.example/cb")
                }
                #expect(elsewhere.contains("does not go to the redirect URI"), "\(elsewhere)")
            }
        }

        @Test("no answer from the browser: a sentence and a non-zero exit after --timeout")
        func timeout() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await Pinwatch.run(["login", "--base-url", sandbox.baseURL.absoluteString, "--redirect-uri",
                                                     "http://localhost:0/", "--no-browser", "--timeout", "2"],
                                                    environment: environment(scratch))
                #expect(result.status != 0, "\(result)")
                #expect(result.stderr.contains("No answer from the browser within 2 seconds"), "\(result)")
            }
        }

        @Test("kill -9 during credentials writes leaves a whole file")
        func killDuringWrite() async throws {
            let scratch = try Scratch()
            let store = CredentialStore(directory: URL(fileURLWithPath: scratch.configHome + "/pinwatch"))
            let original = StoredCredentials(accessToken: "pina_e2e_access", refreshToken: "pinr_e2e_refresh",
                                             scopes: ["ads:read"], appID: "1", appSecret: "s", userID: "42",
                                             username: "writer")
            try store.save(original)
            for round in 0..<5 {
                let run = try InteractiveRun(["auth", "rewrite-credentials", "--times", "100000000"],
                                             environment: scratch.environment())
                // Wait until it has replaced the file a few times, then kill it mid-stream.
                let startInode = Self.inode(store.fileURL.path)
                let deadline = Date().addingTimeInterval(30)
                while Self.inode(store.fileURL.path) == startInode, Date() < deadline, run.process.isRunning {
                    try await Task.sleep(for: .milliseconds(5))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...40)))
                kill(run.process.processIdentifier, SIGKILL)
                _ = await run.finish()
                #expect(run.process.terminationReason == .uncaughtSignal, "round \(round): killed, not finished")
                let loaded = try #require(try store.load(), "round \(round)")
                #expect(loaded.accessToken == original.accessToken && loaded.refreshToken == original.refreshToken)
                #expect(loaded.username?.trimmingCharacters(in: .whitespaces) == "writer")
                #expect(CacheFiles.permissions(of: store.fileURL) == 0o600)
            }
        }

        static func inode(_ path: String) -> UInt64 {
            var info = stat()
            return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
        }
    }
}
