import AdsCache
import Foundation

/// The request budget in a few words, for the header and `pinwatch auth status`.
public enum BudgetText {
    /// "API 312/1,000 today" (Trial) or "API 412/1,000 per min" (Standard: the busiest category).
    public static func summary(_ state: BudgetState, at now: Date) -> String {
        let tight = state.tightest(at: now)
        return "API \(Format.count(tight.used))/\(Format.count(tight.limit)) " + (tight.perDay ? "today" : "per min")
    }

    /// Whether the summary is worth a warning colour: past the share Pinwatch plans to use.
    public static func isNearLimit(_ state: BudgetState, at now: Date) -> Bool {
        state.tightest(at: now).ratio >= state.share
    }
}
