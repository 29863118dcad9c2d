import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
#if canImport(Glibc)
import Glibc
#endif

/// One run of `pinwatch login`: app credentials, the consent URL, the answer (loopback redirect
/// or pasted address, whichever comes first), the code exchange, the user, the credentials file.
struct SignIn {
    let command: LoginCommand
    let environment: [String: String]

    /// How the browser's answer arrived.
    enum Answer: Sendable {
        case redirected(String)
        case pasted(String)
        case timedOut
    }

    func run() async throws(UserError) {
        let configPath = command.config ?? PinwatchConfig.defaultPath(environment: environment)
        let config = try PinwatchConfig.load(path: configPath, explicit: command.config != nil)
        let api = try Session.resolveBaseURL(command.baseURL, config: config, environment: environment)
        let consentPage = try authorizePage(api: api)
        guard var redirect = URLComponents(string: command.redirectURI), let scheme = redirect.scheme?.lowercased(),
              ["http", "https"].contains(scheme), redirect.host != nil else {
            throw UserError("“\(command.redirectURI)” is not an http(s) URL.",
                            hint: "Give --redirect-uri exactly as registered for your app, like http://localhost:8085/.")
        }
        let app = try appCredentials(config: config)

        // Listen on the loopback redirect when it is one; port 0 means any free port.
        var listener: LoopbackListener?
        let loopback = scheme == "http" && ["localhost", "127.0.0.1"].contains(redirect.host?.lowercased() ?? "")
        if loopback {
            guard let port = UInt16(exactly: redirect.port ?? 80) else {
                throw UserError("“\(command.redirectURI)” has no valid port.", hint: "Give --redirect-uri like http://localhost:8085/.")
            }
            do {
                listener = try LoopbackListener(port: port, path: redirect.path)
                if redirect.port == 0, let bound = listener?.port { redirect.port = Int(bound) }
            } catch {
                FileHandle.standardError.write(Data("pinwatch: \(error.description)\n".utf8))
            }
        }
        let redirectURI = redirect.string ?? command.redirectURI
        let state = Self.randomState()
        let scopes = PinterestOAuth.scopes(readOnly: command.readOnly)
        guard let url = PinterestOAuth.authorizeURL(base: consentPage, app: app.id, redirectURI: redirectURI,
                                                    scopes: scopes, state: state) else {
            throw UserError("Cannot build the consent URL from \(consentPage.absoluteString).", hint: "Check --authorize-url.")
        }
        say("""
            Open this address in a browser and allow Pinwatch (\(scopes.joined(separator: ", "))):

              \(url.absoluteString)

            """)
        if !command.noBrowser { Self.openBrowserIfLocal(url, environment: environment) }
        say(listener == nil
              ? "Then paste here the address the browser ends on (it starts with \(redirectURI)) and press Enter:"
              : "Waiting for the browser to come back to \(redirectURI) … If the browser is on another machine, paste here the address it ends on and press Enter:")

        let answer = await waitForAnswer(listener: listener)
        listener?.stop()
        let code = try code(from: answer, redirectURI: redirectURI, state: state)

        let grant: TokenGrant
        switch await PinterestOAuth.exchange(code: code, redirectURI: redirectURI,
                                             continuousRefresh: command.continuousRefresh, app: app, baseURL: api) {
        case .success(let value): grant = value
        case .failure(let failure): throw Self.exchangeError(failure, redirectURI: redirectURI)
        }
        var stored = StoredCredentials(accessToken: grant.accessToken, accessTokenExpiresAt: grant.accessTokenExpiresAt,
                                       refreshToken: grant.refreshToken, refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
                                       scopes: grant.scopes.isEmpty ? scopes : grant.scopes,
                                       appID: app.id, appSecret: app.secret)
        let client = PinterestClient(baseURL: api, credentials: stored.credentials)
        let user = try? await client.userAccount()
        stored.userID = user?.id
        stored.username = user?.username
        let store = Session.credentialStore(environment: environment)
        do {
            try store.save(stored)
        } catch {
            throw UserError("Signed in, but the tokens could not be saved: \(error).",
                            hint: "Check that \(store.fileURL.deletingLastPathComponent().path) is writable.")
        }
        let who = user?.username.map { "@" + TextSanitizer.sanitize($0) } ?? "a Pinterest user whose name Pinwatch may not read"
        say("Signed in as \(who). Credentials saved to \(store.fileURL.path).")
        if Credentials.fromEnvironment(environment) != nil {
            say("Note: PINTEREST_ACCESS_TOKEN is set and wins over the stored sign-in; unset it to use this one.")
        } else if config.accessToken != nil {
            say("Note: \(configPath) holds an access_token, which wins over the stored sign-in; remove it to use this one.")
        }
    }

    /// Writes a line to standard output at once (a person or a script is waiting for the URL).
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// The consent page: the option; for a local API (the sandbox) its own `/oauth/`; else Pinterest's.
    private func authorizePage(api: URL) throws(UserError) -> URL {
        if let raw = command.authorizeURL {
            guard let url = URL(string: raw), url.scheme != nil, url.host != nil else {
                throw UserError("“\(raw)” is not an http(s) URL.", hint: "Give --authorize-url like https://www.pinterest.com/oauth/.")
            }
            return url
        }
        if let host = api.host, ["127.0.0.1", "localhost"].contains(host.lowercased()),
           var parts = URLComponents(url: api, resolvingAgainstBaseURL: false) {
            parts.path = "/oauth/"
            if let url = parts.url { return url }
        }
        return PinterestOAuth.defaultAuthorizeURL
    }

    /// The app id and secret: environment, then config, then asked (the secret without echo).
    private func appCredentials(config: PinwatchConfig) throws(UserError) -> PinterestOAuth.App {
        func nonEmpty(_ value: String?) -> String? {
            value.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let interactive = isatty(STDIN_FILENO) == 1
        guard let id = nonEmpty(environment["PINTEREST_APP_ID"]) ?? nonEmpty(config.appID)
                ?? (interactive ? nonEmpty(Self.prompt("Pinterest app id: ", echo: true)) : nil) else {
            throw UserError("No Pinterest app id.",
                            hint: "Set PINTEREST_APP_ID (or app_id under [credentials] in config.toml); it is on your app's page at developers.pinterest.com/apps.")
        }
        guard let secret = nonEmpty(environment["PINTEREST_APP_SECRET"]) ?? nonEmpty(config.appSecret)
                ?? (interactive ? nonEmpty(Self.prompt("Pinterest app secret (not shown): ", echo: false)) : nil) else {
            throw UserError("No Pinterest app secret.",
                            hint: "Set PINTEREST_APP_SECRET (or app_secret under [credentials] in config.toml).")
        }
        return PinterestOAuth.App(id: id, secret: secret)
    }

    /// Reads a line from the terminal, with echo off when asked.
    private static func prompt(_ text: String, echo: Bool) -> String? {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        let restore = !echo && tcgetattr(STDIN_FILENO, &saved) == 0
        if restore {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        let line = readLine(strippingNewline: true)
        if restore {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return line
    }

    /// The first of: the browser reaching the listener, a line pasted on standard input, the timeout.
    private func waitForAnswer(listener: LoopbackListener?) async -> Answer {
        let (stream, continuation) = AsyncStream<Answer>.makeStream()
        listener?.start { continuation.yield(.redirected($0)) }
        let reader = Thread {
            while let line = readLine(strippingNewline: true) {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty {
                    continuation.yield(.pasted(trimmed))
                    return
                }
            }
        }
        reader.start()
        let seconds = command.timeout
        let timer = Task {
            try? await Task.sleep(for: .seconds(seconds))
            continuation.yield(.timedOut)
        }
        var first = Answer.timedOut
        for await answer in stream {
            first = answer
            break
        }
        timer.cancel()
        return first
    }

    /// The code in the browser's answer, after checking where it went and its `state`.
    private func code(from answer: Answer, redirectURI: String, state: String) throws(UserError) -> String {
        let address: String
        switch answer {
        case .timedOut:
            throw UserError("No answer from the browser within \(Int(command.timeout)) seconds, so Pinwatch is not signed in.",
                            hint: "Run `pinwatch login` again and allow access in the browser, or paste the address it ends on.")
        case .redirected(let url):
            address = url
        case .pasted(let text):
            guard Self.sameEndpoint(text, redirectURI) else {
                throw UserError("The pasted address does not go to the redirect URI \(redirectURI).",
                                hint: "Paste the whole address from the browser's address bar, or pass --redirect-uri exactly as registered for your app.")
            }
            address = text
        }
        let items = URLComponents(string: address)?.queryItems ?? []
        func item(_ name: String) -> String? { items.first { $0.name == name }?.value }
        if let error = item("error") {
            let reason = error == "access_denied" ? "You declined access on Pinterest"
                : "Pinterest answered “\(TextSanitizer.sanitize(error))”"
            throw UserError("\(reason), so Pinwatch is not signed in.",
                            hint: "Run `pinwatch login` again and choose Allow.")
        }
        guard item("state") == state else {
            throw UserError("The answer's state does not match this sign-in (an old or someone else's link), so it was refused.",
                            hint: "Run `pinwatch login` again and use the address it prints.")
        }
        guard let code = item("code"), !code.isEmpty else {
            throw UserError("The browser's address has no authorization code.",
                            hint: "Paste the whole address the browser ends on after you allow access.")
        }
        return code
    }

    /// Whether two URLs have the same scheme, host, port and path (the query aside).
    private static func sameEndpoint(_ pasted: String, _ redirect: String) -> Bool {
        guard let one = URLComponents(string: pasted), let other = URLComponents(string: redirect) else { return false }
        func path(_ value: String) -> String { value.isEmpty ? "/" : value }
        return one.scheme?.lowercased() == other.scheme?.lowercased() && one.host?.lowercased() == other.host?.lowercased()
            && one.port == other.port && path(one.path) == path(other.path)
    }

    /// A sentence for a failed code exchange.
    private static func exchangeError(_ failure: PinterestOAuth.Failure, redirectURI: String) -> UserError {
        switch failure {
        case .refused(401, _), .refused(403, _):
            return UserError("Pinterest refused the app id or secret, so Pinwatch is not signed in.",
                             hint: "Check PINTEREST_APP_ID and PINTEREST_APP_SECRET against your app's page at developers.pinterest.com/apps.")
        case .refused(_, let message) where message.lowercased().contains("redirect"):
            return UserError("Pinterest refused the redirect URI \(redirectURI): \(TextSanitizer.sanitize(message))",
                             hint: "Pass --redirect-uri exactly as registered for your app.")
        case .refused(let status, let message):
            return UserError("Pinterest refused the authorization code (HTTP \(status): \(TextSanitizer.sanitize(message))).",
                             hint: "Run `pinwatch login` again; a code works once and only for a few minutes.")
        case .transport(let message), .malformed(let message):
            return UserError("The sign-in could not be completed: \(TextSanitizer.sanitize(message)).",
                             hint: "Check the network or --base-url, then run `pinwatch login` again.")
        }
    }

    /// 128 random bits as hex, to tie the answer to this run.
    static func randomState() -> String {
        Hex.string((0..<16).map { _ in UInt8.random(in: .min ... .max) })
    }

    /// Opens the URL with xdg-open only when a graphical session is local ($DISPLAY or
    /// $WAYLAND_DISPLAY); over SSH the printed URL is the way.
    private static func openBrowserIfLocal(_ url: URL, environment: [String: String]) {
        let graphical = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        guard graphical, environment["SSH_CONNECTION"] == nil else { return }
        let paths = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { String($0) + "/xdg-open" }
        guard let opener = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
