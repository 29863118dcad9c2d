/// The metric families `pinwatch exporter` serves: their names, kinds, labels and help.
///
/// Every series is built anew from the latest snapshot at each scrape, so an ad group that is gone
/// (or whose status changed) leaves no stale series behind. The bound on each family's series is
/// in its `cardinality` and in the README's "Exporter" section.
public enum MetricFamily: String, CaseIterable, Sendable {
    case adGroupInfo = "pinwatch_ad_group_info"
    case adGroupBudget = "pinwatch_ad_group_budget"
    case adGroupBid = "pinwatch_ad_group_bid"
    case adGroupSpendToday = "pinwatch_ad_group_spend_today"
    case adGroupImpressionsToday = "pinwatch_ad_group_impressions_today"
    case ads = "pinwatch_ads"
    case apiRequestsTotal = "pinwatch_api_requests_total"
    case apiBudgetUsedRatio = "pinwatch_api_budget_used_ratio"
    case dataAgeSeconds = "pinwatch_data_age_seconds"
    case refreshErrorsTotal = "pinwatch_refresh_errors_total"

    /// Whether Prometheus should treat the family as a counter (only ever grows) or a gauge.
    public enum Kind: Sendable {
        case gauge, counter
    }

    /// The family's name on the wire.
    public var name: String { rawValue }

    /// Counter or gauge.
    public var kind: Kind {
        switch self {
        case .apiRequestsTotal, .refreshErrorsTotal: .counter
        default: .gauge
        }
    }

    /// The label names every series of the family carries, in order.
    public var labelNames: [String] {
        switch self {
        case .adGroupInfo: ["account_id", "campaign_id", "ad_group_id", "name", "status", "summary_status"]
        case .adGroupBudget: ["account_id", "campaign_id", "ad_group_id", "budget_type"]
        case .adGroupBid, .adGroupSpendToday, .adGroupImpressionsToday: ["account_id", "campaign_id", "ad_group_id"]
        case .ads: ["account_id", "ad_group_id", "review_status"]
        case .apiRequestsTotal, .apiBudgetUsedRatio: ["category"]
        case .dataAgeSeconds: ["account_id", "collection"]
        case .refreshErrorsTotal: ["collection"]
        }
    }

    /// The `# HELP` text.
    public var help: String {
        switch self {
        case .adGroupInfo: "An ad group's name and statuses as labels; the value is always 1."
        case .adGroupBudget: "An ad group's budget in the account's currency units (not micro-units)."
        case .adGroupBid: "An ad group's bid in the account's currency units; absent with automatic bidding."
        case .adGroupSpendToday: "An ad group's spend today in the account's currency units."
        case .adGroupImpressionsToday: "An ad group's paid impressions today."
        case .ads: "The number of an ad group's ads in each review status."
        case .apiRequestsTotal: "Requests sent to the Pinterest API, by rate-limit category."
        case .apiBudgetUsedRatio: "The share (0 to 1) of a rate-limit category's request budget used in its current window."
        case .dataAgeSeconds: "Seconds since a collection was last fetched successfully."
        case .refreshErrorsTotal: "Refreshes of a collection that ended in an error (a 429 included)."
        }
    }

    /// How many series the family can have, for the documentation and the tests.
    public var cardinality: String {
        switch self {
        case .adGroupInfo, .adGroupBudget, .adGroupBid, .adGroupSpendToday, .adGroupImpressionsToday:
            "at most one per ad group listed"
        case .ads: "one per ad group whose ads are listed and per review status (4 known, plus any new value Pinterest sends)"
        case .apiRequestsTotal, .apiBudgetUsedRatio: "one per rate-limit category"
        case .dataAgeSeconds: "one per collection refreshed (at most 6)"
        case .refreshErrorsTotal: "one per collection refreshed (at most 6)"
        }
    }
}

/// One series: a family, its label values (in `family.labelNames` order) and its value.
public struct MetricSeries: Sendable, Hashable {
    /// The family.
    public var family: MetricFamily
    /// Label values, in the order of `family.labelNames`.
    public var labelValues: [String]
    /// The value.
    public var value: Double

    /// Creates a series; `labelValues` must match `family.labelNames` one for one.
    public init(_ family: MetricFamily, _ labelValues: [String], _ value: Double) {
        precondition(labelValues.count == family.labelNames.count,
                     "\(family.name) takes \(family.labelNames.count) labels, not \(labelValues.count)")
        self.family = family
        self.labelValues = labelValues
        self.value = value
    }

    /// Label name/value pairs, in order.
    public var labels: [(String, String)] { Array(zip(family.labelNames, labelValues)) }

    /// The value of the label `name`, if the family has it.
    public func label(_ name: String) -> String? {
        family.labelNames.firstIndex(of: name).map { labelValues[$0] }
    }
}
