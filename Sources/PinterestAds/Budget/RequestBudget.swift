import Foundation

/// A Pinterest app's access tier, which sets its request budgets.
public enum APITier: String, Sendable, CaseIterable, Codable {
    /// Trial access: a small number of requests per day for the whole app.
    case trial
    /// Standard access: requests per minute, per user and app, for each category.
    case standard
}

/// The request budgets of an access tier.
///
/// Source: Pinterest's "Rate limits" page, https://developers.pinterest.com/docs/reference/rate-limits/
/// (December 2026): Trial access, 1,000 requests per day for all API requests; Standard access,
/// per minute per user per app: `ads_read` 1,000, `ads_analytics` 300. `ads_write` 400 per minute
/// is that page's figure as last confirmed before this was written; re-check it there, as Pinterest
/// says its limits may change without notice (with no tier configured, the limit a response gives
/// in `x-ratelimit-limit` is used instead).
/// Categories Pinwatch barely uses (`org_read` for the identity) have no budget here; they
/// still count toward the Trial day.
public struct RequestBudget: Sendable, Equatable {
    /// The tier these budgets belong to.
    public var tier: APITier
    /// Requests per UTC day for all categories together, when the tier has such a budget.
    public var perDay: Int?
    /// Requests per minute for each category, when the tier has such budgets.
    public var perMinute: [RateLimitCategory: Int]

    /// Budgets set by hand (a test, the sandbox, or limits learnt from response headers).
    public init(tier: APITier, perDay: Int? = nil, perMinute: [RateLimitCategory: Int] = [:]) {
        self.tier = tier
        self.perDay = perDay
        self.perMinute = perMinute
    }

    /// Pinterest's published budgets for a tier.
    public init(tier: APITier) {
        switch tier {
        case .trial: self.init(tier: .trial, perDay: 1_000)
        case .standard: self.init(tier: .standard, perMinute: [.adsRead: 1_000, .adsAnalytics: 300, .adsWrite: 400])
        }
    }

    /// The share of the budget `category` has used, 0 when it has none (can exceed 1).
    public func usedRatio(of category: RateLimitCategory, in usage: RequestUsage) -> Double {
        var ratio = 0.0
        if let perDay, perDay > 0 { ratio = Double(usage.totalToday) / Double(perDay) }
        if let limit = perMinute[category], limit > 0 {
            ratio = max(ratio, Double(usage.thisMinute[category, default: 0]) / Double(limit))
        }
        return ratio
    }

    /// The share of the tightest budget used: the largest ratio over every category.
    public func usedRatio(_ usage: RequestUsage) -> Double {
        let categories = Set(perMinute.keys).union(usage.today.keys)
        return categories.map { usedRatio(of: $0, in: usage) }.max() ?? 0
    }
}
