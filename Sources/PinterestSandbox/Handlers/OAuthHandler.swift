import Foundation

/// The token answer, per the spec's `OauthAccessTokenResponseCode` / `…Refresh`.
struct OAuthTokenResponse: Encodable {
    var accessToken: String
    var tokenType = "bearer"
    var expiresIn = 2_592_000
    var scope = "ads:read,ads:write,user_accounts:read"
    var responseType = "refresh_token"
    var refreshToken: String
    var refreshTokenExpiresIn = 31_536_000
    var refreshTokenExpiresAt: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", scope
        case responseType = "response_type", refreshToken = "refresh_token"
        case refreshTokenExpiresIn = "refresh_token_expires_in", refreshTokenExpiresAt = "refresh_token_expires_at"
    }
}

/// How the sandbox plays Pinterest's OAuth: which app it knows, which redirect URIs are
/// registered, and how long the tokens it issues live (short lifetimes on demand).
public struct SandboxOAuthSettings: Sendable {
    /// The app id the authorize page and `/oauth/token` accept; nil accepts any.
    public var appID: String?
    /// The app secret `/oauth/token` and revoke require; nil accepts any.
    public var appSecret: String?
    /// The redirect URIs registered for the app; nil accepts any http(s) one.
    public var redirectURIs: [String]?
    /// Seconds an issued access token works (simulated time).
    public var accessTokenLifetime: Int
    /// Seconds an issued refresh token works (simulated time).
    public var refreshTokenLifetime: Int
    /// The user the issued tokens belong to.
    public var userID: String
    /// That user's username.
    public var username: String

    /// Creates settings; the defaults accept any app and give Pinterest's lifetimes (30 and 60 days).
    public init(appID: String? = nil, appSecret: String? = nil, redirectURIs: [String]? = nil,
                accessTokenLifetime: Int = 2_592_000, refreshTokenLifetime: Int = 5_184_000,
                userID: String = "1130522744291577563", username: String = "pinwatch_demo") {
        self.appID = appID
        self.appSecret = appSecret
        self.redirectURIs = redirectURIs
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.userID = userID
        self.username = username
    }
}

/// What the sandbox remembers of the OAuth dance.
struct OAuthLedger: Sendable {
    /// A code the authorize page handed out, not yet exchanged.
    struct PendingCode: Sendable {
        var clientID: String
        var redirectURI: String
        var scope: String
    }

    /// A refresh token the sandbox issued: single-use, then rotated.
    struct IssuedRefresh: Sendable {
        var expiresAt: Date
        var scope: String
        var used = false
    }

    var codes: [String: PendingCode] = [:]
    var refreshTokens: [String: IssuedRefresh] = [:]
    /// When each issued access token stops working.
    var accessExpiry: [String: Date] = [:]
    var revoked: Set<String> = []
    var counter = 0

    mutating func next(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)_\(counter)_\(UInt64.random(in: 0...UInt64.max))"
    }
}

extension SandboxStore {
    /// `GET /oauth/` (the authorize page at www.pinterest.com): consent is given at once and the
    /// browser is sent to `redirect_uri?code=…&state=…`; with `consent=deny` it is sent back with
    /// `error=access_denied`. An unknown app or an unregistered redirect URI gets an error page, as
    /// Pinterest shows one instead of redirecting.
    func authorizePage(_ request: SandboxRequest) -> SandboxResponse {
        let clientID = request.value("client_id") ?? ""
        let redirectURI = request.value("redirect_uri") ?? ""
        guard !clientID.isEmpty, oauth.appID.map({ $0 == clientID }) ?? true else {
            return page(400, "Invalid client_id: this app is not known.")
        }
        guard let target = URL(string: redirectURI), ["http", "https"].contains(target.scheme?.lowercased() ?? ""),
              oauth.redirectURIs.map({ $0.contains(redirectURI) }) ?? true else {
            return page(400, "Invalid redirect_uri: it is not registered for this app.")
        }
        guard request.value("response_type") == "code" else { return page(400, "Invalid response_type: use code.") }
        var items = [(String, String)]()
        if request.value("consent") == "deny" {
            items.append(("error", "access_denied"))
        } else {
            let code = oauthLedger.next("sandbox_code")
            oauthLedger.codes[code] = .init(clientID: clientID, redirectURI: redirectURI,
                                            scope: request.value("scope") ?? "")
            items.append(("code", code))
        }
        if let state = request.value("state") { items.append(("state", state)) }
        let query = items.map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        var response = SandboxResponse(status: 302, body: Data())
        response.headers = ["Location": redirectURI + (redirectURI.contains("?") ? "&" : "?") + query,
                            "Content-Type": "text/html; charset=utf-8"]
        return response
    }

    private func page(_ status: Int, _ message: String) -> SandboxResponse {
        var response = SandboxResponse(status: status, body: Data("<html><body><p>\(message)</p></body></html>".utf8))
        response.headers["Content-Type"] = "text/html; charset=utf-8"
        return response
    }

    /// The app id of a Basic authorization header, or nil when it is missing, malformed or the
    /// secret is not the configured one.
    private func authenticatedApp(_ request: SandboxRequest) -> String? {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst("basic ".count)).trimmingCharacters(in: .whitespaces)),
              let credentials = String(data: decoded, encoding: .utf8),
              let colon = credentials.firstIndex(of: ":") else { return nil }
        let id = String(credentials[..<colon])
        let secret = String(credentials[credentials.index(after: colon)...])
        guard !id.isEmpty, !secret.isEmpty, oauth.appID.map({ $0 == id }) ?? true,
              oauth.appSecret.map({ $0 == secret }) ?? true else { return nil }
        return id
    }

    /// `POST /oauth/token` with Basic client credentials and a form body: `authorization_code`
    /// (the code is single-use and `redirect_uri` must be the one it was issued for) or
    /// `refresh_token` (a refresh token the sandbox issued is single-use and rotated; the configured
    /// or any other one is accepted as before and kept).
    func oauthToken(_ request: SandboxRequest) -> SandboxResponse {
        guard let app = authenticatedApp(request) else {
            return .error(401, code: ErrorCode.authenticationFailed, "Authentication failed.")
        }
        let form = Self.formFields(request.body)
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], let pending = oauthLedger.codes.removeValue(forKey: code),
                  pending.clientID == app else {
                return .error(400, code: ErrorCode.invalidParameters, "Invalid authorization code.")
            }
            guard form["redirect_uri"] == pending.redirectURI else {
                return .error(400, code: ErrorCode.invalidParameters,
                              "Invalid redirect_uri: it must match the one used to authorize.")
            }
            return issueTokens(scope: pending.scope, responseType: "authorization_code")
        case "refresh_token":
            guard let refresh = form["refresh_token"], !refresh.isEmpty else {
                return .error(400, code: ErrorCode.invalidParameters, "Invalid refresh token.")
            }
            if let issued = oauthLedger.refreshTokens[refresh] {
                guard !issued.used, !oauthLedger.revoked.contains(refresh), issued.expiresAt > now() else {
                    return .error(400, code: ErrorCode.invalidParameters, "Invalid refresh token.")
                }
                oauthLedger.refreshTokens[refresh]?.used = true
                return issueTokens(scope: issued.scope, responseType: "refresh_token")
            }
            guard refreshToken.map({ $0 == refresh }) ?? true else {
                return .error(400, code: ErrorCode.invalidParameters, "Invalid refresh token.")
            }
            let token = issueAccessToken()
            let expiresAt = Int(now().timeIntervalSince1970) + 31_536_000
            return .json(OAuthTokenResponse(accessToken: token, expiresIn: oauth.accessTokenLifetime,
                                            refreshToken: refresh, refreshTokenExpiresAt: expiresAt))
        default:
            return .error(400, code: ErrorCode.invalidParameters,
                          "Invalid grant_type \(form["grant_type"] ?? "(missing)").")
        }
    }

    private func issueAccessToken() -> String {
        tokenCounter += 1
        let token = "pina_sandbox_access_\(tokenCounter)_\(UInt32.random(in: 0...UInt32.max))"
        issuedTokens.insert(token)
        issuedSinceExpiry.insert(token)
        oauthLedger.accessExpiry[token] = now().addingTimeInterval(TimeInterval(oauth.accessTokenLifetime))
        return token
    }

    private func issueTokens(scope: String, responseType: String) -> SandboxResponse {
        let access = issueAccessToken()
        let refresh = oauthLedger.next("pinr_sandbox_refresh")
        let refreshExpiry = now().addingTimeInterval(TimeInterval(oauth.refreshTokenLifetime))
        oauthLedger.refreshTokens[refresh] = .init(expiresAt: refreshExpiry, scope: scope)
        return .json(OAuthTokenResponse(accessToken: access, expiresIn: oauth.accessTokenLifetime, scope: scope,
                                        responseType: responseType, refreshToken: refresh,
                                        refreshTokenExpiresIn: oauth.refreshTokenLifetime,
                                        refreshTokenExpiresAt: Int(refreshExpiry.timeIntervalSince1970)))
    }

    /// `POST /oauth/token/revoke` (`token`, `token_type_hint`): the token is refused from then on.
    func revokeToken(_ request: SandboxRequest) -> SandboxResponse {
        guard authenticatedApp(request) != nil else {
            return .error(401, code: ErrorCode.authenticationFailed, "Authentication failed.")
        }
        guard let token = Self.formFields(request.body)["token"], !token.isEmpty else {
            return .error(400, code: ErrorCode.invalidParameters, "Missing token.")
        }
        oauthLedger.revoked.insert(token)
        return SandboxResponse(status: 200, body: Data("{}".utf8))
    }

    /// Whether a bearer token was revoked, or was issued here and has expired.
    func isRevokedOrExpired(_ token: String) -> Bool {
        if oauthLedger.revoked.contains(token) { return true }
        if let expiry = oauthLedger.accessExpiry[token], expiry <= now() { return true }
        return false
    }

    /// `GET /v5/user_account`: the spec's `Account` of the token's user.
    func userAccount(_ request: SandboxRequest) -> SandboxResponse {
        struct Account: Encodable {
            var id: String
            var username: String
            var accountType = "BUSINESS"
            var businessName = "Pinwatch Demo"
            enum CodingKeys: String, CodingKey {
                case id, username, accountType = "account_type", businessName = "business_name"
            }
        }
        return .json(Account(id: oauth.userID, username: oauth.username))
    }

    /// Percent-encodes a query value (RFC 3986 unreserved characters kept).
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    /// Fields of an `application/x-www-form-urlencoded` body.
    static func formFields(_ body: Data) -> [String: String] {
        let text = String(data: body, encoding: .utf8) ?? ""
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}
