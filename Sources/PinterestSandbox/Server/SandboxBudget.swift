import Foundation
import PinterestAds

/// The sandbox's request budgets (`--tier trial|standard`): every authenticated API request counts
/// in its `x-ratelimit-category`; past the budget it is answered 429, as Pinterest does. Every
/// answer carries `x-ratelimit-limit` (with the window, `;w=SECONDS`), `x-ratelimit-remaining` and
/// `x-ratelimit-reset` (seconds until the window starts again). Windows follow the real clock, not
/// the simulated one: clients count in real time.
extension SandboxStore {
    /// The category a request counts in, or nil when it is not budgeted (no budget, sign-in pages).
    func budgetCategory(of request: SandboxRequest) -> RateLimitCategory? {
        guard budget != nil, request.path.hasPrefix("/v5/"), isAuthorized(request) else { return nil }
        return RateLimitCategory(method: request.method, path: String(request.path.dropFirst(3)))
    }

    /// The budget's window for `category`: its limit, what is used, and when it starts again.
    private func window(_ category: RateLimitCategory, at now: Date) -> (limit: Int, used: Int, seconds: Int, reset: Date)? {
        guard let budget else { return nil }
        let usage = (budgetUsage ?? RequestUsage(at: now)).at(now)
        if let perDay = budget.perDay {
            return (perDay, usage.totalToday, 86_400, usage.dayStart.addingTimeInterval(86_400))
        }
        guard let perMinute = budget.perMinute[category] else { return nil }
        return (perMinute, usage.thisMinute[category, default: 0], 60, usage.minuteStart.addingTimeInterval(60))
    }

    /// A 429 when the request's budget is spent; else counts the request and returns nil.
    func budgetRefusal(for request: SandboxRequest) -> SandboxResponse? {
        guard let category = budgetCategory(of: request) else { return nil }
        let now = clock()
        if let window = window(category, at: now), window.used >= window.limit {
            var response = SandboxResponse.error(429, code: ErrorCode.rateLimited,
                                                 "You have exceeded your rate limit. Try again later.")
            response.headers["Retry-After"] = String(max(1, Int(window.reset.timeIntervalSince(now).rounded(.up))))
            return response
        }
        var usage = budgetUsage ?? RequestUsage(at: now)
        usage.add(category, at: now)
        budgetUsage = usage
        return nil
    }

    /// Adds the `x-ratelimit-*` headers of the request's budget.
    func addBudgetHeaders(for request: SandboxRequest, to response: inout SandboxResponse) {
        guard let category = budgetCategory(of: request) else { return }
        let now = clock()
        guard let window = window(category, at: now) else { return }
        response.headers["x-ratelimit-limit"] = "\(window.limit);w=\(window.seconds)"
        response.headers["x-ratelimit-remaining"] = String(max(0, window.limit - window.used))
        response.headers["x-ratelimit-reset"] = String(max(0, Int(window.reset.timeIntervalSince(now).rounded(.up))))
    }
}
