import Foundation

/// What the client authenticates with. The secrets never appear in `description`,
/// `debugDescription`, `dump` or a mirror: they print as `<redacted>`.
public struct Credentials: Sendable, Hashable {
    /// The OAuth access token sent as `Authorization: Bearer …`.
    public var accessToken: String
    /// The refresh token, when the app may refresh the access token itself.
    public var refreshToken: String?
    /// The app id, needed to refresh.
    public var appID: String?
    /// The app secret, needed to refresh.
    public var appSecret: String?

    /// Creates credentials.
    public init(accessToken: String, refreshToken: String? = nil, appID: String? = nil, appSecret: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.appID = appID
        self.appSecret = appSecret
    }

    /// The default API root, `https://api.pinterest.com/v5`.
    public static let defaultBaseURL: URL = URL(string: "https://api.pinterest.com/v5")
        ?? URL(fileURLWithPath: "/")

    /// Credentials from `PINTEREST_ACCESS_TOKEN`, `PINTEREST_REFRESH_ACCESS_TOKEN`,
    /// `PINTEREST_APP_ID` and `PINTEREST_APP_SECRET`; nil when there is no access token.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Credentials? {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        guard let token = value("PINTEREST_ACCESS_TOKEN") else { return nil }
        return Credentials(accessToken: token, refreshToken: value("PINTEREST_REFRESH_ACCESS_TOKEN"),
                           appID: value("PINTEREST_APP_ID"), appSecret: value("PINTEREST_APP_SECRET"))
    }

    /// The API root from `PINTEREST_API_URI`, or `https://api.pinterest.com/v5`.
    public static func baseURL(fromEnvironment env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        guard let raw = env["PINTEREST_API_URI"]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty,
              let url = URL(string: raw), url.scheme != nil, url.host != nil else { return defaultBaseURL }
        return url
    }

    /// Whether the access token can be refreshed (refresh token, app id and secret are all set).
    public var canRefresh: Bool { refreshToken != nil && appID != nil && appSecret != nil }

    /// A one-way identifier of the access token (16 hex digits of a SHA-256), to key local files
    /// by account without storing the token.
    public var fingerprint: String {
        String(Fingerprint.sha256Hex("pinwatch-credential-v1:" + accessToken).prefix(16))
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `Credentials(accessToken: <redacted>, refreshToken: <redacted>, appID: 1234, appSecret: <redacted>)`.
    public var description: String {
        "Credentials(accessToken: <redacted>, refreshToken: \(refreshToken == nil ? "nil" : "<redacted>"), "
            + "appID: \(appID ?? "nil"), appSecret: \(appSecret == nil ? "nil" : "<redacted>"))"
    }

    /// Same as `description`: secrets redacted.
    public var debugDescription: String { description }

    /// A mirror without the secrets, so `dump` cannot print them.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessToken": "<redacted>",
            "refreshToken": refreshToken == nil ? "nil" : "<redacted>",
            "appID": appID ?? "nil",
            "appSecret": appSecret == nil ? "nil" : "<redacted>",
            "fingerprint": fingerprint,
        ], displayStyle: .struct)
    }
}
