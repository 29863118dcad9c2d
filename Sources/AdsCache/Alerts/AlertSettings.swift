import Foundation

/// Which alert rules run and their thresholds (`[alerts]` in config.toml). The defaults alert on
/// what always needs a person: rejections, stopped delivery, spent budgets, a troubled account,
/// and unusual spend or CTR for the hour with a threshold wide enough to be news. Pacing waits
/// for thresholds of the advertiser's choosing: how fast is too fast is a matter of strategy.
public struct AlertSettings: Sendable, Hashable {
    /// Alert when an ad is rejected.
    public var adRejected = true
    /// Alert when an ad group or campaign stops delivering, not by this Pinwatch.
    public var deliveryStopped = true
    /// Alert when an ad group spends its daily budget.
    public var budgetExhausted = true
    /// Alert when an ad group paces above this many times its budget's share of the day (nil: off,
    /// the default; 1.5 is a common choice).
    public var pacingAbove: Double?
    /// Alert when an ad group paces below this fraction of its budget's share of the day (nil: off,
    /// the default: many ad groups start the day slowly, and an alert for each is noise).
    public var pacingBelow: Double?
    /// Pacing is judged only once this fraction of the day has passed (early hours are noise).
    public var pacingFromDayFraction = 0.25
    /// Alert when spend or CTR so far today is this many times above (or below one over it) the
    /// usual for the hour (nil: off).
    public var anomalyFactor: Double? = 2
    /// Weeks of history the same hour needs before spend and CTR are judged.
    public var anomalyWeeks = 3
    /// Alert when the ad account is disapproved or under review.
    public var accountStatus = true

    /// The defaults.
    public init() {}
}
