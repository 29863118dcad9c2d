import Foundation

/// The mutable part of a `PinterestClient`: the current tokens, the rate-limit deadline and the
/// token refresh in flight (so concurrent 401s share one refresh).
actor ClientState {
    private(set) var accessToken: String
    private(set) var refreshToken: String?
    /// When to replace the access token ahead of its expiry, if known.
    private(set) var refreshAfter: Date?
    private(set) var rateLimitedUntil: Date?
    private var refreshTask: Task<Result<String, PinterestError>, Never>?

    init(accessToken: String, refreshToken: String?, accessTokenExpiresAt: Date?, now: Date) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.refreshAfter = Self.refreshTime(expiry: accessTokenExpiresAt, now: now)
    }

    /// `ahead` before the expiry, or halfway through what is left when that is shorter (tokens
    /// with lifetimes of minutes would otherwise be refreshed before every request).
    static func refreshTime(expiry: Date?, now: Date, ahead: TimeInterval = 300) -> Date? {
        guard let expiry else { return nil }
        return expiry.addingTimeInterval(-min(ahead, max(0, expiry.timeIntervalSince(now)) / 2))
    }

    /// The secrets to scrub from any text that leaves the client.
    var secrets: [String] { [accessToken] + (refreshToken.map { [$0] } ?? []) }

    /// Takes tokens another process stored (unless a refresh of our own is under way).
    func adopt(_ stored: StoredCredentials, now: Date) {
        guard refreshTask == nil else { return }
        accessToken = stored.accessToken
        refreshAfter = Self.refreshTime(expiry: stored.accessTokenExpiresAt, now: now)
        if let refresh = stored.refreshToken, refreshToken != nil { refreshToken = refresh }
    }

    /// Stops refreshing ahead of expiry (after a failed attempt; a 401 still refreshes).
    func forgetExpiry() {
        refreshAfter = nil
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
        onRefreshed: (@Sendable (String) -> Void)?,
        now: @escaping @Sendable () -> Date
    ) async -> Result<String, PinterestError> {
        if accessToken != rejected { return .success(accessToken) }
        if let refreshTask { return await refreshTask.value }
        guard let refreshToken else {
            return .failure(.unauthorized(message: "The access token was rejected and cannot be refreshed"))
        }
        let task = Task { () -> Result<String, PinterestError> in
            let result = await perform(refreshToken)
            self.finishRefresh(result, now: now())
            if case .success(let tokens) = result { onRefreshed?(tokens.accessToken) }
            return result.map(\.accessToken)
        }
        refreshTask = task
        return await task.value
    }

    private func finishRefresh(_ result: Result<TokenGrant, PinterestError>, now: Date) {
        refreshTask = nil
        guard case .success(let tokens) = result else { return }
        accessToken = tokens.accessToken
        refreshAfter = Self.refreshTime(expiry: tokens.accessTokenExpiresAt, now: now)
        if let newRefresh = tokens.refreshToken, !newRefresh.isEmpty { refreshToken = newRefresh }
    }
}
