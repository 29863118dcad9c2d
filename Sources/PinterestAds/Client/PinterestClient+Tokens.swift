import Foundation

extension PinterestClient {
    /// How long before its expiry an access token is replaced (at most halfway through its life).
    static let refreshAhead: TimeInterval = 300

    /// The sentence for a session that only a new sign-in can save.
    static let signInAgain = "run `pinwatch login` to sign in again"

    /// The access token to send now: one another process stored if the file changed, refreshed
    /// first when it expires within `refreshAhead`.
    func tokenToSend() async -> String {
        if let store, let changed = store.reloadIfChanged() { await state.adopt(changed, now: configuration.now()) }
        let token = await state.accessToken
        guard appCredentials != nil, let due = await state.refreshAfter, configuration.now() >= due else { return token }
        switch await refreshedToken(replacing: token) {
        case .success(let fresh):
            return fresh
        case .failure:
            // The old token may still work; a 401 will try again.
            await state.forgetExpiry()
            return await state.accessToken
        }
    }

    /// The user the token belongs to (`GET /v5/user_account`; needs `user_accounts:read`).
    public func userAccount() async throws(PinterestError) -> UserAccount {
        let response = try await perform(Endpoint(method: .get, path: "/user_account"))
        return try ResponseDecoding.decode(UserAccount.self, from: response.body)
    }

    /// A token to replace `rejected`: through the credentials file when there is one (under its
    /// lock, so processes take turns and reuse each other's refresh), else directly.
    func refreshedToken(replacing rejected: String) async -> Result<String, PinterestError> {
        await state.token(replacing: rejected, perform: { [self] refreshToken in
            if let store { return await self.refreshThrough(store, rejected: rejected, fallback: refreshToken) }
            return await self.requestNewToken(refreshToken: refreshToken)
        }, onRefreshed: onTokenRefreshed, now: configuration.now)
    }

    /// Under the file's lock: if another process already stored a different, unexpired token, use
    /// it; else refresh with the stored (latest) refresh token and store what comes back.
    private func refreshThrough(_ store: CredentialStore, rejected: String,
                                fallback: String) async -> Result<TokenGrant, PinterestError> {
        var obtained: Result<TokenGrant, PinterestError>?
        do {
            return try await store.update { stored -> (store: StoredCredentials?, result: Result<TokenGrant, PinterestError>) in
                if let stored, stored.accessToken != rejected,
                   (stored.accessTokenExpiresAt.map { $0 > configuration.now() } ?? true) {
                    logger?.debug("Using the access token another Pinwatch refreshed")
                    return (nil, .success(TokenGrant(accessToken: stored.accessToken,
                                                     accessTokenExpiresAt: stored.accessTokenExpiresAt,
                                                     refreshToken: stored.refreshToken,
                                                     refreshTokenExpiresAt: stored.refreshTokenExpiresAt,
                                                     scopes: stored.scopes)))
                }
                let result = await requestNewToken(refreshToken: stored?.refreshToken ?? fallback)
                obtained = result
                guard case .success(let grant) = result, var updated = stored else { return (nil, result) }
                updated.apply(grant)
                return (updated, result)
            }
        } catch {
            logger?.warning("The refreshed token could not be stored: \(error)")
            if let obtained { return obtained }
            return await requestNewToken(refreshToken: fallback)
        }
    }

    /// `POST {base}/oauth/token` with `grant_type=refresh_token`, authenticated with the app id
    /// and secret. Any failure is `.unauthorized` (or `.rateLimited`).
    func requestNewToken(refreshToken: String) async -> Result<TokenGrant, PinterestError> {
        guard let app = appCredentials else {
            return .failure(.unauthorized(message: "The access token was rejected and cannot be refreshed; \(Self.signInAgain)"))
        }
        if let until = await state.rateLimit(at: configuration.now()) { return .failure(.rateLimited(until: until)) }
        configuration.requestLedger?.record(APIOperation.oauthToken.rateLimitCategory, at: configuration.now())
        let started = ContinuousClock.now
        let result = await PinterestOAuth.refresh(refreshToken: refreshToken, app: app, baseURL: baseURL,
                                                  transport: transport, timeout: configuration.requestTimeout,
                                                  now: configuration.now())
        logger?.debug("POST /oauth/token → \(result.isSuccess ? "200" : "failed") in \(ContinuousClock.now - started)")
        switch result {
        case .success(let grant):
            logger?.debug("Access token refreshed")
            return .success(grant)
        case .failure(.refused(429, _)):
            let until = configuration.now().addingTimeInterval(HTTPErrorMapping.defaultRateLimitWait)
            await state.noteRateLimit(until: until)
            return .failure(.rateLimited(until: until))
        case .failure(.refused(let status, let message)) where (400..<500).contains(status):
            return .failure(.unauthorized(message: "Pinterest refused to refresh the access token (\(message)); \(Self.signInAgain)"))
        case .failure(let failure):
            return .failure(.unauthorized(message: "Could not refresh the access token: \(failure)"))
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
