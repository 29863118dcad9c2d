import AdsCache
import Dashboard

/// `[alerts]` in config.toml: which rules run, their thresholds, and how alerts reach the person.
/// Every key is optional; the defaults are `AlertSettings`' and `AlertDelivery`'s.
struct AlertsConfig: Equatable {
    var bell: Bool?
    var desktop: Bool?
    /// A shell command run once per alert with the alert as one JSON object on its standard input.
    var command: String?
    /// Seconds the command may run before it is stopped.
    var commandTimeout: Double?
    var adRejected: Bool?
    var deliveryStopped: Bool?
    var budgetExhausted: Bool?
    /// 0 turns the rule off.
    var pacingAbove: Double?
    /// 0 turns the rule off.
    var pacingBelow: Double?
    /// 0 turns the rule off.
    var anomalyFactor: Double?
    var anomalyWeeks: Double?
    var accountStatus: Bool?

    static func read(_ reader: inout TOMLReader) throws(UserError) -> AlertsConfig {
        var config = AlertsConfig()
        config.bell = try reader.bool("bell")
        config.desktop = try reader.bool("desktop")
        config.command = try reader.string("command")
        config.commandTimeout = try reader.seconds("command_timeout", upTo: 600)
        config.adRejected = try reader.bool("ad_rejected")
        config.deliveryStopped = try reader.bool("delivery_stopped")
        config.budgetExhausted = try reader.bool("budget_exhausted")
        config.pacingAbove = try reader.number("pacing_above", in: 0...100)
        config.pacingBelow = try reader.number("pacing_below", in: 0...1)
        config.anomalyFactor = try reader.number("anomaly_factor", in: 0...100)
        config.anomalyWeeks = try reader.number("anomaly_weeks", in: 1...8)
        config.accountStatus = try reader.bool("account_status")
        return config
    }

    /// The rules' settings.
    var settings: AlertSettings {
        var settings = AlertSettings()
        if let adRejected { settings.adRejected = adRejected }
        if let deliveryStopped { settings.deliveryStopped = deliveryStopped }
        if let budgetExhausted { settings.budgetExhausted = budgetExhausted }
        if let pacingAbove { settings.pacingAbove = pacingAbove > 0 ? pacingAbove : nil }
        if let pacingBelow { settings.pacingBelow = pacingBelow > 0 ? pacingBelow : nil }
        if let anomalyFactor { settings.anomalyFactor = anomalyFactor > 1 ? anomalyFactor : nil }
        if let anomalyWeeks { settings.anomalyWeeks = Int(anomalyWeeks) }
        if let accountStatus { settings.accountStatus = accountStatus }
        return settings
    }

    /// How the dashboard delivers them.
    var delivery: AlertDelivery {
        AlertDelivery(bell: bell ?? true, desktop: desktop ?? true)
    }
}
