import Foundation

/// What `pinwatch login` keeps between runs: the tokens, their expiries, the app that obtained
/// them and who they belong to. The secrets never appear in `description`, `dump` or a mirror.
public struct StoredCredentials: Sendable, Equatable, Codable {
    /// The OAuth access token.
    public var accessToken: String
    /// When the access token stops working, if the server said.
    public var accessTokenExpiresAt: Date?
    /// The refresh token (Pinterest rotates it on every refresh).
    public var refreshToken: String?
    /// When the refresh token stops working; after that only a new login helps.
    public var refreshTokenExpiresAt: Date?
    /// The scopes granted, as the server listed them.
    public var scopes: [String]
    /// The app id that obtained the tokens (needed to refresh).
    public var appID: String?
    /// The app secret (needed to refresh); kept in the same 0600 file as the tokens.
    public var appSecret: String?
    /// The Pinterest user id (`GET /v5/user_account`), which names the cache.
    public var userID: String?
    /// The Pinterest username, for `auth status`.
    public var username: String?

    /// Creates stored credentials.
    public init(accessToken: String, accessTokenExpiresAt: Date? = nil, refreshToken: String? = nil,
                refreshTokenExpiresAt: Date? = nil, scopes: [String] = [], appID: String? = nil,
                appSecret: String? = nil, userID: String? = nil, username: String? = nil) {
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.refreshToken = refreshToken
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
        self.scopes = scopes
        self.appID = appID
        self.appSecret = appSecret
        self.userID = userID
        self.username = username
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", accessTokenExpiresAt = "access_token_expires_at"
        case refreshToken = "refresh_token", refreshTokenExpiresAt = "refresh_token_expires_at"
        case scopes, appID = "app_id", appSecret = "app_secret", userID = "user_id", username
    }

    /// The client credentials these make.
    public var credentials: Credentials {
        Credentials(accessToken: accessToken, refreshToken: refreshToken, appID: appID, appSecret: appSecret)
    }

    /// Takes the tokens of a grant (a refresh keeps the old refresh token when none comes back).
    public mutating func apply(_ grant: TokenGrant) {
        accessToken = grant.accessToken
        accessTokenExpiresAt = grant.accessTokenExpiresAt
        if let refresh = grant.refreshToken, !refresh.isEmpty {
            refreshToken = refresh
            refreshTokenExpiresAt = grant.refreshTokenExpiresAt
        } else if let expiry = grant.refreshTokenExpiresAt {
            refreshTokenExpiresAt = expiry
        }
        if !grant.scopes.isEmpty { scopes = grant.scopes }
    }
}

extension StoredCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Everything but the secrets.
    public var description: String {
        "StoredCredentials(accessToken: <redacted>, refreshToken: \(refreshToken == nil ? "nil" : "<redacted>"), "
            + "appID: \(appID ?? "nil"), appSecret: \(appSecret == nil ? "nil" : "<redacted>"), "
            + "userID: \(userID ?? "nil"), scopes: \(scopes))"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without the secrets, so `dump` cannot print them.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}

/// The tokens `POST /v5/oauth/token` returns (authorization code or refresh), with the relative
/// lifetimes turned into dates.
public struct TokenGrant: Sendable, Equatable {
    /// The new access token.
    public var accessToken: String
    /// When it expires.
    public var accessTokenExpiresAt: Date?
    /// The new refresh token, if one came back.
    public var refreshToken: String?
    /// When the refresh token expires.
    public var refreshTokenExpiresAt: Date?
    /// The granted scopes.
    public var scopes: [String]

    /// Creates a grant.
    public init(accessToken: String, accessTokenExpiresAt: Date? = nil, refreshToken: String? = nil,
                refreshTokenExpiresAt: Date? = nil, scopes: [String] = []) {
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.refreshToken = refreshToken
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
        self.scopes = scopes
    }
}

extension TokenGrant: CustomStringConvertible, CustomReflectable {
    /// The grant without its tokens.
    public var description: String {
        "TokenGrant(accessToken: <redacted>, refreshToken: \(refreshToken == nil ? "nil" : "<redacted>"), scopes: \(scopes))"
    }

    /// A mirror without the secrets.
    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .struct) }
}
