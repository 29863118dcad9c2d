import Foundation

/// The refresh-token answer, per the spec's `OauthAccessTokenResponseRefresh`.
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

extension SandboxStore {
    /// `POST /oauth/token` with Basic client credentials and a form body
    /// `grant_type=refresh_token&refresh_token=…`: issues a new access token the sandbox accepts
    /// from then on (also while `expireTokens` is on).
    func oauthToken(_ request: SandboxRequest) -> SandboxResponse {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst("basic ".count)).trimmingCharacters(in: .whitespaces)),
              let credentials = String(data: decoded, encoding: .utf8), credentials.contains(":"),
              credentials.count > 1 else {
            return .error(401, code: ErrorCode.authenticationFailed, "Authentication failed.")
        }
        let form = Self.formFields(request.body)
        guard form["grant_type"] == "refresh_token" else {
            return .error(400, code: ErrorCode.invalidParameters,
                          "Invalid grant_type \(form["grant_type"] ?? "(missing)"): the sandbox supports refresh_token.")
        }
        guard let refresh = form["refresh_token"], !refresh.isEmpty,
              refreshToken.map({ $0 == refresh }) ?? true else {
            return .error(400, code: ErrorCode.invalidParameters, "Invalid refresh token.")
        }
        tokenCounter += 1
        let token = "pina_sandbox_access_\(tokenCounter)"
        issuedTokens.insert(token)
        issuedSinceExpiry.insert(token)
        let expiresAt = Int(now().timeIntervalSince1970) + 31_536_000
        return .json(OAuthTokenResponse(accessToken: token, refreshToken: refresh, refreshTokenExpiresAt: expiresAt))
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
