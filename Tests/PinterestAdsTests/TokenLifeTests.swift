import Foundation
import PinterestSandbox
import PinwatchTestSupport
import Testing
@testable import PinterestAds

/// The token's life against the sandbox over HTTP: sign-in code, single-use rotating refresh
/// tokens, the credentials file shared by clients as by processes.
@Suite("Token life")
struct TokenLifeTests {
    static let app = PinterestOAuth.App(id: "life-app", secret: "life-secret")

    /// A sandbox whose access tokens live an hour and that knows only `app`; the refresh token
    /// lifetime stays Pinterest's.
    static func sandbox(accessTokenLifetime: Int = 3600) async throws -> RunningSandbox {
        var configuration = SandboxConfiguration(requiredToken: "nobody-has-this", refreshToken: "legacy-refresh", clock: { SandboxHarness.referenceDate })
        configuration.oauth = SandboxOAuthSettings(appID: app.id, appSecret: app.secret,
                                                   accessTokenLifetime: accessTokenLifetime)
        return try await SandboxHarness.start(configuration)
    }

    /// A private credentials file.
    static func store() throws -> CredentialStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pinwatch-store-\(UUID().uuidString)/pinwatch", isDirectory: true)
        return CredentialStore(directory: directory)
    }

    /// How many refresh-token requests the sandbox received.
    static func refreshCount(_ sandbox: RunningSandbox) async -> Int {
        await sandbox.store.requests(method: "POST").filter {
            $0.path == "/v5/oauth/token" && String(decoding: $0.body, as: UTF8.self).contains("grant_type=refresh_token")
        }.count
    }

    /// Plays the browser: the authorize page's redirect carries the code.
    static func signIn(_ sandbox: RunningSandbox, store: CredentialStore) async throws -> StoredCredentials {
        let redirect = "http://localhost:8085/"
        let base = try #require(URL(string: sandbox.baseURL.absoluteString.replacingOccurrences(of: "/v5", with: "/oauth/")))
        let url = try #require(PinterestOAuth.authorizeURL(base: base, app: app.id, redirectURI: redirect,
                                                           scopes: PinterestOAuth.scopes(readOnly: false), state: "s1"))
        let consent = try await SandboxHarness.request("GET", url)
        #expect(consent.status == 302)
        let location = try #require(consent.headers["location"])
        let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
        let grant = try await PinterestOAuth.exchange(code: code, redirectURI: redirect, continuousRefresh: true,
                                                      app: app, baseURL: sandbox.baseURL).get()
        // A code works once.
        let again = await PinterestOAuth.exchange(code: code, redirectURI: redirect, continuousRefresh: true,
                                                  app: app, baseURL: sandbox.baseURL)
        #expect(again == .failure(.refused(status: 400, message: "Invalid authorization code.")))
        let stored = StoredCredentials(accessToken: grant.accessToken, accessTokenExpiresAt: grant.accessTokenExpiresAt,
                                       refreshToken: grant.refreshToken, refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
                                       scopes: grant.scopes, appID: app.id, appSecret: app.secret)
        try store.save(stored)
        return stored
    }

    @Test("three refreshes in a row with single-use refresh tokens, then a restart, still authenticates")
    func rotation() async throws {
        let sandbox = try await Self.sandbox()
        defer { Task { await sandbox.stop() } }
        let store = try Self.store()
        let first = try await Self.signIn(sandbox, store: store)
        let client = PinterestClient(baseURL: sandbox.baseURL, stored: first, store: store)
        _ = try await client.listAdAccounts()
        var seen: [String] = [try #require(first.refreshToken)]
        for round in 1...3 {
            await sandbox.store.advance(by: 3601)
            _ = try await client.listAdAccounts()
            let stored = try #require(try store.load())
            let refresh = try #require(stored.refreshToken)
            #expect(!seen.contains(refresh), "round \(round): a new refresh token was stored")
            seen.append(refresh)
            // The one before is spent.
            let reuse = await PinterestOAuth.refresh(refreshToken: seen[seen.count - 2], app: Self.app,
                                                     baseURL: sandbox.baseURL, transport: CurlTransport())
            #expect(reuse == .failure(.refused(status: 400, message: "Invalid refresh token.")), "round \(round)")
        }
        let refreshes = await Self.refreshCount(sandbox)
        #expect(refreshes == 3 + 3, "three refreshes, three refused reuses: \(refreshes)")
        // A restart: a new client from the file, after the access token expired once more.
        await sandbox.store.advance(by: 3601)
        let restarted = try #require(try store.load())
        let fresh = PinterestClient(baseURL: sandbox.baseURL, stored: restarted, store: store)
        #expect(try await fresh.userAccount().username == "pinwatch_demo")
        #expect(try store.load()?.refreshToken != seen.last)
    }

    @Test("a client picks up the token another one refreshed, instead of spending the spent refresh token")
    func sharedFile() async throws {
        let sandbox = try await Self.sandbox()
        defer { Task { await sandbox.stop() } }
        let store = try Self.store()
        let first = try await Self.signIn(sandbox, store: store)
        // Two processes: separate clients and separate store objects on one file.
        let one = PinterestClient(baseURL: sandbox.baseURL, stored: first, store: CredentialStore(fileURL: store.fileURL))
        let two = PinterestClient(baseURL: sandbox.baseURL, stored: first, store: CredentialStore(fileURL: store.fileURL))
        await sandbox.store.advance(by: 3601)
        _ = try await one.listAdAccounts()
        _ = try await two.listAdAccounts()
        let refreshes = await Self.refreshCount(sandbox)
        #expect(refreshes == 1, "one refresh for both: \(refreshes)")
    }

    @Test("a token is refreshed before it is sent once halfway through a short life, not after a 401 nor before every request")
    func refreshAhead() async throws {
        let lifetime = PinterestClient.refreshAhead / 2
        let sandbox = try await Self.sandbox(accessTokenLifetime: Int(lifetime))
        defer { Task { await sandbox.stop() } }
        let store = try Self.store()
        let clock = TestClock()
        var first = try await Self.signIn(sandbox, store: store)
        first.accessTokenExpiresAt = clock.now.addingTimeInterval(lifetime)
        try store.save(first)
        await sandbox.store.resetLog()
        let client = PinterestClient(baseURL: sandbox.baseURL, stored: first, store: store,
                                     configuration: ClientConfiguration(now: { clock.now }))
        _ = try await client.listAdAccounts()
        clock.advance(by: lifetime / 2 + 1)
        _ = try await client.listAdAccounts()
        #expect(try store.load()?.accessToken != first.accessToken)
        _ = try await client.listAdAccounts()
        let paths = await sandbox.store.requests().map(\.path)
        #expect(paths == ["/v5/ad_accounts", "/v5/oauth/token", "/v5/ad_accounts", "/v5/ad_accounts"], "\(paths)")
    }

    @Test("an unrecoverable 401 says to run pinwatch login")
    func signInAgain() async throws {
        let sandbox = try await Self.sandbox()
        defer { Task { await sandbox.stop() } }
        let store = try Self.store()
        var stored = try await Self.signIn(sandbox, store: store)
        stored.refreshToken = "pinr_not_issued"
        try store.save(stored)
        await sandbox.store.advance(by: 3601)
        let client = PinterestClient(baseURL: sandbox.baseURL, stored: stored, store: store)
        await #expect {
            _ = try await client.listAdAccounts()
        } throws: { error in
            guard case PinterestError.unauthorized(let message) = error else { return false }
            return message.contains("run `pinwatch login`") && !message.contains(stored.accessToken)
        }
    }

    @Test("the credentials file is 0600 in a 0700 directory and never prints its secrets")
    func fileModes() throws {
        let store = try Self.store()
        let stored = StoredCredentials(accessToken: "acc-SECRET-1", refreshToken: "ref-SECRET-2", appID: "1",
                                       appSecret: "app-SECRET-3")
        try store.save(stored)
        var info = stat()
        #expect(stat(store.fileURL.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(store.fileURL.deletingLastPathComponent().path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(try store.load() == stored)
        var dumped = ""
        dump(stored, to: &dumped)
        for text in [String(describing: stored), String(reflecting: stored), dumped] {
            #expect(!text.contains("SECRET"), "\(text)")
        }
    }
}
