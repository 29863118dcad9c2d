import Foundation

/// The mutable part of a `PinterestClient`: the current tokens, the rate-limit deadline and the
/// token refresh in flight (so concurrent 401s share one refresh).
actor ClientState {
    private(set) var accessToken: String
    private(set) var refreshToken: String?
    /// When the access token expires, if known: the client refreshes a little before.
    private(set) var accessTokenExpiresAt: Date?
    private(set) var rateLimitedUntil: Date?
    private var refreshTask: Task<Result<String, PinterestError>, Never>?

    init(accessToken: String, refreshToken: String?, accessTokenExpiresAt: Date?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
    }

    /// The secrets to scrub from any text that leaves the client.
    var secrets: [String] { [accessToken] + (refreshToken.map { [$0] } ?? []) }

    /// Takes tokens another process stored (unless a refresh of our own is under way).
    func adopt(_ stored: StoredCredentials) {
        guard refreshTask == nil else { return }
        accessToken = stored.accessToken
        accessTokenExpiresAt = stored.accessTokenExpiresAt
        if let refresh = stored.refreshToken, refreshToken != nil { refreshToken = refresh }
    }

    /// Stops refreshing ahead of expiry (after a failed attempt; a 401 still refreshes).
    func forgetExpiry() {
        accessTokenExpiresAt = nil
    }

    /// Records that nothing may be sent before `date` (keeps the later deadline).
    func noteRateLimit(until date: Date) {
        if let current = rateLimitedUntil, current >= date { return }
        rateLimitedUntil = date
    }

    /// The deadline if it is still in the future at `now`.
    func rateLimit(at now: Date) -> Date? {
        guard let until = rateLimitedUntil else { return nil }
        if until > now { return until }
        rateLimitedUntil = nil
        return nil
    }

    /// A token to use after `rejected` got a 401 (or is about to expire): the current one if
    /// someone already refreshed, else the result of one shared refresh done with `perform`.
    func token(
        replacing rejected: String,
        perform: @escaping @Sendable (String) async -> Result<TokenGrant, PinterestError>,
        onRefreshed: (@Sendable (String) -> Void)?
    ) async -> Result<String, PinterestError> {
        if accessToken != rejected { return .success(accessToken) }
        if let refreshTask { return await refreshTask.value }
        guard let refreshToken else {
            return .failure(.unauthorized(message: "The access token was rejected and cannot be refreshed"))
        }
        let task = Task { () -> Result<String, PinterestError> in
            let result = await perform(refreshToken)
            self.finishRefresh(result)
            if case .success(let tokens) = result { onRefreshed?(tokens.accessToken) }
            return result.map(\.accessToken)
        }
        refreshTask = task
        return await task.value
    }

    private func finishRefresh(_ result: Result<TokenGrant, PinterestError>) {
        refreshTask = nil
        guard case .success(let tokens) = result else { return }
        accessToken = tokens.accessToken
        accessTokenExpiresAt = tokens.accessTokenExpiresAt
        if let newRefresh = tokens.refreshToken, !newRefresh.isEmpty { refreshToken = newRefresh }
    }
}
