import Foundation

/// What a response's `x-ratelimit-*` headers say of the budget its request counted against.
///
/// `x-ratelimit-limit` is a number, optionally followed by `;w=SECONDS` (the window, as in the IETF
/// RateLimit header draft Pinterest follows); `x-ratelimit-remaining` the requests left in it;
/// `x-ratelimit-reset` the seconds until it starts again.
public struct RateLimitHeaders: Sendable, Equatable {
    /// The category of the request that got this answer.
    public var category: RateLimitCategory
    /// Requests allowed in the window.
    public var limit: Int
    /// Requests left in the window, when given.
    public var remaining: Int?
    /// Seconds until the window starts again, when given.
    public var reset: Int?
    /// The window in seconds: `w=` when given, else a day when the reset is more than a minute away.
    public var window: Int

    /// The headers of `response` to a request of `category`; nil without `x-ratelimit-limit`.
    public init?(_ headers: HTTPHeaderFields, category: RateLimitCategory) {
        guard let limitText = headers["x-ratelimit-limit"] else { return nil }
        let first = limitText.split(separator: ",").first.map(String.init) ?? limitText
        let parts = first.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let number = parts.first.flatMap({ Int($0) }), number > 0 else { return nil }
        self.category = category
        limit = number
        remaining = headers["x-ratelimit-remaining"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        reset = headers["x-ratelimit-reset"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let stated = parts.dropFirst().first { $0.hasPrefix("w=") }.flatMap { Int($0.dropFirst(2)) }
        window = stated ?? ((reset ?? 0) > 60 ? 86_400 : 60)
    }

    /// The tier such a window belongs to: a daily budget is Trial's, a per-minute one Standard's.
    public var tier: APITier { window >= 3_600 ? .trial : .standard }

    /// The budget these headers describe, merged into `known` (the other categories kept).
    public func budget(merging known: RequestBudget?) -> RequestBudget {
        switch tier {
        case .trial:
            return RequestBudget(tier: .trial, perDay: limit)
        case .standard:
            var perMinute = known?.tier == .standard ? known?.perMinute ?? [:] : RequestBudget(tier: .standard).perMinute
            perMinute[category] = limit
            return RequestBudget(tier: .standard, perMinute: perMinute)
        }
    }
}
