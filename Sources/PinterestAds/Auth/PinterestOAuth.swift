import Foundation

/// Pinterest's OAuth authorization-code flow (there is no device flow): the authorize URL, the
/// code exchange and token refresh at `POST /v5/oauth/token`, and revocation.
public enum PinterestOAuth {
    /// Where Pinterest asks the user for consent.
    public static let defaultAuthorizeURL = URL(string: "https://www.pinterest.com/oauth/") ?? URL(fileURLWithPath: "/")

    /// The scopes Pinwatch asks for: reading ads and the user account, and writing ads unless read-only.
    public static func scopes(readOnly: Bool) -> [String] {
        readOnly ? ["ads:read", "user_accounts:read"] : ["ads:read", "ads:write", "user_accounts:read"]
    }

    /// The app's id and secret (the secret never appears in `description`).
    public struct App: Sendable, CustomStringConvertible {
        /// The app id (OAuth `client_id`).
        public var id: String
        /// The app secret.
        public var secret: String

        /// Creates app credentials.
        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }

        /// `App(id: …, secret: <redacted>)`.
        public var description: String { "App(id: \(id), secret: <redacted>)" }

        var basicAuthorization: String { "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString() }
    }

    /// Why a token request failed, with what the server said (secrets removed).
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The server refused the request (4xx/5xx) with this message.
        case refused(status: Int, message: String)
        /// The server could not be reached or did not answer.
        case transport(String)
        /// The server answered 2xx with a body that is not a token response.
        case malformed(String)

        public var description: String {
            switch self {
            case .refused(let status, let message): return "HTTP \(status): \(message)"
            case .transport(let message): return message
            case .malformed(let message): return message
            }
        }
    }

    /// The URL to open in a browser: `client_id`, `redirect_uri`, `response_type=code`, `scope`
    /// (comma-separated, as Pinterest documents) and `state`. Query items already on `base` stay.
    public static func authorizeURL(base: URL, app id: String, redirectURI: String, scopes: [String],
                                    state: String) -> URL? {
        let items: [(String, String)] = [("client_id", id), ("redirect_uri", redirectURI),
                                         ("response_type", "code"), ("scope", scopes.joined(separator: ",")),
                                         ("state", state)]
        let query = items.map { PinterestClient.encodeQuery($0) + "=" + PinterestClient.encodeQuery($1) }
            .joined(separator: "&")
        let text = base.absoluteString
        return URL(string: text + (text.contains("?") ? "&" : "?") + query)
    }

    /// Exchanges an authorization code: `grant_type=authorization_code`, `code`, `redirect_uri`
    /// (and `continuous_refresh=true` for apps made before 25 September 2025).
    public static func exchange(code: String, redirectURI: String, continuousRefresh: Bool, app: App,
                                baseURL: URL, transport: any HTTPTransport = CurlTransport(),
                                timeout: TimeInterval = 20, now: Date = Date()) async -> Result<TokenGrant, Failure> {
        var form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI)]
        if continuousRefresh { form.append(("continuous_refresh", "true")) }
        return await tokenRequest(form: form, app: app, baseURL: baseURL, transport: transport, timeout: timeout,
                                  now: now, secrets: [code])
    }

    /// Refreshes: `grant_type=refresh_token`, `refresh_token`. Pinterest answers with a new access
    /// token and (continuous refresh) a new refresh token.
    public static func refresh(refreshToken: String, app: App, baseURL: URL, transport: any HTTPTransport,
                               timeout: TimeInterval = 20, now: Date = Date()) async -> Result<TokenGrant, Failure> {
        await tokenRequest(form: [("grant_type", "refresh_token"), ("refresh_token", refreshToken)], app: app,
                           baseURL: baseURL, transport: transport, timeout: timeout, now: now, secrets: [refreshToken])
    }

    /// Revokes a token at `POST /v5/oauth/token/revoke` (`token`, `token_type_hint`).
    public static func revoke(token: String, isRefreshToken: Bool, app: App, baseURL: URL,
                              transport: any HTTPTransport = CurlTransport(),
                              timeout: TimeInterval = 20) async -> Result<Void, Failure> {
        let form = [("token", token), ("token_type_hint", isRefreshToken ? "refresh_token" : "access_token")]
        switch await post("/oauth/token/revoke", form: form, app: app, baseURL: baseURL, transport: transport,
                          timeout: timeout, secrets: [token]) {
        case .success: return .success(())
        case .failure(let failure): return .failure(failure)
        }
    }

    /// The token response (`OauthAccessTokenResponseCode` / `…Refresh`).
    private struct TokenResponse: Decodable {
        var accessToken: String
        var expiresIn: Double?
        var scope: String?
        var refreshToken: String?
        var refreshTokenExpiresIn: Double?
        var refreshTokenExpiresAt: Double?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", expiresIn = "expires_in", scope
            case refreshToken = "refresh_token", refreshTokenExpiresIn = "refresh_token_expires_in"
            case refreshTokenExpiresAt = "refresh_token_expires_at"
        }
    }

    private static func tokenRequest(form: [(String, String)], app: App, baseURL: URL, transport: any HTTPTransport,
                                     timeout: TimeInterval, now: Date, secrets: [String]) async -> Result<TokenGrant, Failure> {
        let body: Data
        switch await post("/oauth/token", form: form, app: app, baseURL: baseURL, transport: transport,
                          timeout: timeout, secrets: secrets) {
        case .success(let data): body = data
        case .failure(let failure): return .failure(failure)
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: body), !decoded.accessToken.isEmpty else {
            return .failure(.malformed("The token response had no access token"))
        }
        let refreshExpiry = decoded.refreshTokenExpiresAt.map { Date(timeIntervalSince1970: $0) }
            ?? decoded.refreshTokenExpiresIn.map { now.addingTimeInterval($0) }
        let scopes = (decoded.scope ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        return .success(TokenGrant(accessToken: decoded.accessToken,
                                   accessTokenExpiresAt: decoded.expiresIn.map { now.addingTimeInterval($0) },
                                   refreshToken: decoded.refreshToken, refreshTokenExpiresAt: refreshExpiry,
                                   scopes: scopes))
    }

    /// A form POST under the API root with Basic app authentication; the 2xx body, or a failure
    /// whose text has every secret removed.
    private static func post(_ path: String, form: [(String, String)], app: App, baseURL: URL,
                             transport: any HTTPTransport, timeout: TimeInterval,
                             secrets: [String]) async -> Result<Data, Failure> {
        var root = baseURL.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        guard let url = URL(string: root + path) else { return .failure(.transport("Cannot build a URL for \(path)")) }
        let text = form.map { PinterestClient.encodeQuery($0) + "=" + PinterestClient.percentEncoded($1, keepingComma: false) }
            .joined(separator: "&")
        let request = HTTPRequest(method: .post, url: url,
                                  headers: ["Authorization": app.basicAuthorization,
                                            "Content-Type": "application/x-www-form-urlencoded",
                                            "Accept": "application/json"],
                                  body: Data(text.utf8), timeout: timeout)
        let allSecrets = secrets + [app.secret]
        do {
            let response = try await transport.send(request)
            if response.isSuccess { return .success(response.body) }
            let error = HTTPErrorMapping.error(for: response, now: Date()) {
                PinterestClient.redact($0, secrets: allSecrets)
            }
            let message: String = switch error {
            case .unauthorized(let message), .forbidden(let message), .notFound(let message): message
            case .server(_, _, let message): message
            default: error.description
            }
            return .failure(.refused(status: response.status, message: message))
        } catch let error as PinterestError {
            return .failure(.transport(PinterestClient.redact(error.description, secrets: allSecrets)))
        } catch {
            return .failure(.transport("Network error"))
        }
    }
}

/// The user a token belongs to (`GET /v5/user_account`, the spec's `Account`).
public struct UserAccount: Sendable, Equatable, Decodable {
    /// The user id (digits).
    public var id: String?
    /// The username.
    public var username: String?
    /// `PINNER` or `BUSINESS` (unknown values kept).
    public var accountType: String?
    /// The business name, when a business account.
    public var businessName: String?

    /// Creates an account.
    public init(id: String? = nil, username: String? = nil, accountType: String? = nil, businessName: String? = nil) {
        self.id = id
        self.username = username
        self.accountType = accountType
        self.businessName = businessName
    }

    enum CodingKeys: String, CodingKey {
        case id, username, accountType = "account_type", businessName = "business_name"
    }
}
