import Foundation
import Logging

/// The real Pinterest API v5 client: authenticates, paginates, retries GETs with backoff, respects
/// rate limits, refreshes an expired token once, and maps every failure to `PinterestError`.
///
/// The access token is only ever written into the `Authorization` header; it never appears in logs
/// or errors (text taken from response bodies is scrubbed of it too).
public final class PinterestClient: PinterestAdsAPI {
    /// The API root, e.g. `https://api.pinterest.com/v5`.
    public let baseURL: URL
    /// Pacing, retries, page size and the injectable clock.
    public let configuration: ClientConfiguration
    let transport: any HTTPTransport
    let logger: Logger?
    let state: ClientState
    /// Decoded list pages by request, reused when a page comes back byte for byte the same.
    let pageMemo = PageMemo()
    let appCredentials: PinterestOAuth.App?
    let onTokenRefreshed: (@Sendable (String) -> Void)?
    /// The credentials file the tokens came from and go back to, shared with other processes.
    let store: CredentialStore?

    /// Creates a client. `onTokenRefreshed` receives each new access token so it can be stored.
    /// With a `store`, refreshes happen under its cross-process lock and are written back to it
    /// (rotated refresh token included), and a token another process stored is picked up.
    public init(baseURL: URL, credentials: Credentials, transport: any HTTPTransport = CurlTransport(),
                configuration: ClientConfiguration = .init(), logger: Logger? = nil,
                onTokenRefreshed: (@Sendable (String) -> Void)? = nil,
                store: CredentialStore? = nil, accessTokenExpiresAt: Date? = nil) {
        self.baseURL = baseURL
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.onTokenRefreshed = onTokenRefreshed
        self.store = store
        if credentials.canRefresh, let id = credentials.appID, let secret = credentials.appSecret {
            appCredentials = PinterestOAuth.App(id: id, secret: secret)
            state = ClientState(accessToken: credentials.accessToken, refreshToken: credentials.refreshToken,
                                accessTokenExpiresAt: accessTokenExpiresAt, now: configuration.now())
        } else {
            appCredentials = nil
            state = ClientState(accessToken: credentials.accessToken, refreshToken: nil, accessTokenExpiresAt: nil,
                                now: configuration.now())
        }
    }

    /// A client for what a credentials file holds, refreshing through it.
    public convenience init(baseURL: URL, stored: StoredCredentials, store: CredentialStore,
                            transport: any HTTPTransport = CurlTransport(), configuration: ClientConfiguration = .init(),
                            logger: Logger? = nil) {
        self.init(baseURL: baseURL, credentials: stored.credentials, transport: transport, configuration: configuration,
                  logger: logger, store: store, accessTokenExpiresAt: stored.accessTokenExpiresAt)
    }

    /// The rate-limit deadline currently in force, if any.
    public func rateLimitedUntil() async -> Date? {
        await state.rateLimit(at: configuration.now())
    }

    // MARK: - Sending

    /// One API call before authentication: method, path under the base URL, query and JSON body.
    struct Endpoint: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var query: [(String, String)] = []
        var body: Data?
    }

    /// Sends an endpoint until it succeeds or fails for good and returns the 2xx response.
    /// GETs are retried (transport errors, 5xx, a short 429); other methods are sent once, plus
    /// once more after a token refresh (a 401 means nothing was done).
    func perform(_ endpoint: Endpoint) async throws(PinterestError) -> HTTPResponse {
        let retriable = endpoint.method == .get
        var attempt = 0
        var refreshed = false
        while true {
            let token = await tokenToSend()
            let outcome = await sendOnce(endpoint, token: token)
            let failure: PinterestError
            switch outcome {
            case .success(var response) where response.isSuccess:
                response.body = Self.scrub(response.body, secrets: await state.secrets)
                return response
            case .success(let response):
                if response.status == 401, !refreshed, appCredentials != nil {
                    refreshed = true
                    switch await refreshedToken(replacing: token) {
                    case .success: continue
                    case .failure(let error): throw error
                    }
                }
                let secrets = await state.secrets
                failure = HTTPErrorMapping.error(for: response, now: configuration.now()) {
                    Self.redact($0, secrets: secrets)
                }
                if case .rateLimited(let until) = failure { await state.noteRateLimit(until: until) }
            case .failure(.refusedByRateLimit(let until)):
                throw .rateLimited(until: until)
            case .failure(.error(let error)):
                failure = error
            }
            guard retriable, attempt < configuration.maxGETRetries else { throw failure }
            if failure.isRetryable {
                try await sleep(configuration.backoffDelay(attempt: attempt))
            } else if case .rateLimited(let until) = failure,
                      until.timeIntervalSince(configuration.now()) <= configuration.maxRateLimitWait {
                try await sleep(max(0, until.timeIntervalSince(configuration.now())))
            } else {
                throw failure
            }
            attempt += 1
        }
    }

    /// Why one send produced no response.
    enum SendFailure: Error {
        /// A rate-limit deadline is in force; nothing was sent.
        case refusedByRateLimit(Date)
        /// The transport failed or the request could not be built.
        case error(PinterestError)
    }

    /// Sends once with a token, unless a rate-limit deadline forbids it, counting it in the
    /// request ledger under its rate-limit category. Logs method, path, status and duration at
    /// debug level.
    private func sendOnce(_ endpoint: Endpoint, token: String) async -> Result<HTTPResponse, SendFailure> {
        if let until = await state.rateLimit(at: configuration.now()) {
            logger?.debug("Not sending \(endpoint.method) \(endpoint.path): rate limited")
            return .failure(.refusedByRateLimit(until))
        }
        guard let url = url(for: endpoint) else {
            return .failure(.error(.invalidRequest("Cannot build a URL for \(endpoint.path)")))
        }
        var headers: HTTPHeaderFields = ["Authorization": "Bearer " + token, "Accept": "application/json"]
        if endpoint.body != nil { headers["Content-Type"] = "application/json" }
        let request = HTTPRequest(method: endpoint.method, url: url, headers: headers, body: endpoint.body,
                                  timeout: configuration.requestTimeout)
        let category = RateLimitCategory(method: endpoint.method.rawValue, path: endpoint.path)
        configuration.requestLedger?.record(category, at: configuration.now())
        let result = await send(request, logPath: endpoint.path)
        if let observe = configuration.onRateLimitHeaders, case .success(let response) = result,
           let headers = RateLimitHeaders(response.headers, category: category) {
            observe(headers)
        }
        return result.mapError { .error($0) }
    }

    /// Sends a built request through the transport, mapping thrown errors and logging.
    func send(_ request: HTTPRequest, logPath: String) async -> Result<HTTPResponse, PinterestError> {
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<HTTPResponse, PinterestError>
        do {
            result = .success(try await transport.send(request))
        } catch let error as PinterestError {
            result = .failure(error)
        } catch is CancellationError {
            result = .failure(.transport(kind: .other, message: "cancelled"))
        } catch {
            result = .failure(.transport(kind: .other, message: String(describing: type(of: error))))
        }
        let elapsed = clock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let outcome: String = switch result {
        case .success(let response): String(response.status)
        case .failure(let error): Self.transportKind(error)
        }
        logger?.debug("\(request.method) \(logPath) → \(outcome) in \(milliseconds) ms",
                      metadata: ["method": "\(request.method)", "path": "\(logPath)", "status": "\(outcome)",
                                 "duration_ms": "\(milliseconds)"])
        return result
    }

    private static func transportKind(_ error: PinterestError) -> String {
        if case .transport(let kind, _) = error { return kind.rawValue }
        return "failed"
    }

    private func sleep(_ seconds: TimeInterval) async throws(PinterestError) {
        do {
            try await configuration.sleep(seconds)
        } catch {
            throw .transport(kind: .other, message: "cancelled")
        }
    }

    /// `base + path + ?query`, with query values percent-encoded and repeated keys kept.
    func url(for endpoint: Endpoint) -> URL? {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += endpoint.path
        if !endpoint.query.isEmpty {
            text += "?" + endpoint.query.map { Self.encodeQuery($0) + "=" + Self.encodeQuery($1) }
                .joined(separator: "&")
        }
        return URL(string: text)
    }

    /// Percent-encodes `text` byte by byte: RFC 3986 unreserved characters stay as they are (and
    /// the comma, when `keepingComma`: the API separates `columns` with it), every other UTF-8 byte
    /// becomes `%XX`. Foundation's `addingPercentEncoding` took most of the time of building an
    /// analytics URL of 250 ids, a fifth of an idle dashboard's CPU.
    static func percentEncoded(_ text: String, keepingComma: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                bytes.append(byte)
            case UInt8(ascii: ",") where keepingComma:
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A query name or value, percent-encoded (unreserved characters and the comma kept).
    static func encodeQuery(_ text: String) -> String {
        percentEncoded(text, keepingComma: true)
    }

    /// A path segment with anything but unreserved characters percent-encoded (ids cannot add `/`).
    static func segment(_ text: String) -> String {
        percentEncoded(text, keepingComma: false)
    }

    /// Replaces any secret in a text taken from a response.
    static func redact(_ text: String, secrets: [String]) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    /// Replaces any secret echoed in a body with `<redacted>`, so no decoded value, snippet or
    /// error built from it can carry the token.
    static func scrub(_ body: Data, secrets: [String]) -> Data {
        var body = body
        for secret in secrets where secret.utf8.count >= 4 {
            let needle = Data(secret.utf8)
            while let range = body.range(of: needle) {
                body.replaceSubrange(range, with: Data("<redacted>".utf8))
            }
        }
        return body
    }
}
