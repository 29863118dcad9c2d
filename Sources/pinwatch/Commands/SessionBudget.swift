import AdsCache
import Foundation
import PinterestAds
import Synchronization

/// The request budget of a session: the ledger every request is counted in, and the tier (from
/// `--api-tier`, the config, or learnt from the API's `x-ratelimit-*` headers).
///
/// The client exists before the identity is known (it is asked who the token belongs to), so
/// requests are counted in memory first and moved to the identity's shared ledger file once known.
final class SessionBudget: RequestLedger {
    private struct State {
        var ledger: any RequestLedger = InMemoryRequestLedger()
        var budget: RequestBudget?
        /// Whether the tier was given (option or config): then headers do not change it.
        var given = false
        /// Requests this process sent since it started, by category: never emptied, unlike the
        /// ledger's windows (the exporter's counter).
        var totals: [RateLimitCategory: Int] = [:]
    }
    private let state: Mutex<State>
    /// The share of each budget to plan for (0…1).
    let share: Double

    init(tier: APITier?, sharePercent: Double) {
        state = Mutex(State(budget: tier.map { RequestBudget(tier: $0) }, given: tier != nil))
        share = sharePercent / 100
    }

    /// The ledger file of `identity` on this host: beside the caches.
    static func ledgerURL(cacheDirectory: URL, identity: String) -> URL {
        cacheDirectory.appendingPathComponent("requests-" + Fingerprint.sha256Hex("pinwatch-ledger-v1\u{0}\(identity)")
            .prefix(32) + ".ledger")
    }

    /// Counts from now on in `shared`, with the requests counted so far added to it.
    func share(_ shared: any RequestLedger, now: Date) {
        state.withLock { state in
            let earlier = state.ledger.usage(at: now)
            for (category, count) in earlier.today {
                for _ in 0..<count { shared.record(category, at: now) }
            }
            state.ledger = shared
        }
    }

    func record(_ category: RateLimitCategory, at date: Date) {
        state.withLock { state in
            state.totals[category, default: 0] += 1
            return state.ledger
        }.record(category, at: date)
    }

    /// Requests this process sent since it started, by category.
    var totals: [RateLimitCategory: Int] { state.withLock { $0.totals } }

    func usage(at date: Date) -> RequestUsage {
        state.withLock { $0.ledger }.usage(at: date)
    }

    /// Learns the budget from a response's headers, unless the tier was given.
    func learn(_ headers: RateLimitHeaders) {
        state.withLock { state in
            guard !state.given else { return }
            state.budget = headers.budget(merging: state.budget)
        }
    }

    /// The budget and what every Pinwatch of this identity used of it; nil while the tier is unknown.
    func current(at now: Date) -> BudgetState? {
        guard let budget = state.withLock({ $0.budget }) else { return nil }
        return BudgetState(budget: budget, share: share, usage: usage(at: now))
    }
}
