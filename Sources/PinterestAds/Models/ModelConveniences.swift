import Foundation

extension Date {
    /// A date from a Unix timestamp in seconds, as the API sends them.
    public init(unixSeconds: Int) {
        self.init(timeIntervalSince1970: TimeInterval(unixSeconds))
    }
}

extension AdAccount {
    /// A money formatter for this account's currency.
    public func moneyFormatter(asciiOnly: Bool = false) -> MoneyFormatter {
        MoneyFormatter(currency: currency, asciiOnly: asciiOnly)
    }
}

extension AdGroup {
    /// The budget as an exact amount, when set.
    public var budget: MicroAmount? { budgetInMicroCurrency.map(MicroAmount.init(micros:)) }
    /// The bid as an exact amount, when set.
    public var bid: MicroAmount? { bidInMicroCurrency.map(MicroAmount.init(micros:)) }
    /// Whether Pinterest sets the bid (automatic bidding).
    public var usesAutomaticBidding: Bool { bidStrategyType == .automaticBid }
    /// Start of delivery.
    public var startDate: Date? { startTime.map(Date.init(unixSeconds:)) }
    /// End of delivery.
    public var endDate: Date? { endTime.map(Date.init(unixSeconds:)) }
    /// Creation time.
    public var createdDate: Date? { createdTime.map(Date.init(unixSeconds:)) }
    /// Last update time.
    public var updatedDate: Date? { updatedTime.map(Date.init(unixSeconds:)) }
}

extension Ad {
    /// Creation time.
    public var createdDate: Date? { createdTime.map(Date.init(unixSeconds:)) }
    /// Last update time.
    public var updatedDate: Date? { updatedTime.map(Date.init(unixSeconds:)) }
    /// Whether review rejected this ad.
    public var isRejected: Bool { reviewStatus == .rejected }
}

extension Campaign {
    /// Start of delivery.
    public var startDate: Date? { startTime.map(Date.init(unixSeconds:)) }
    /// End of delivery.
    public var endDate: Date? { endTime.map(Date.init(unixSeconds:)) }
}
