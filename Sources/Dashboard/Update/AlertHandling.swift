import AdsCache
import Foundation
import ScreenGrid

/// How alerts reach the person at the dashboard (`[alerts]` in config.toml).
public struct AlertDelivery: Sendable, Equatable {
    /// Ring the terminal's bell (on by default).
    public var bell = true
    /// Desktop notifications through the terminal, OSC 9 and OSC 777 (on by default).
    public var desktop = true

    /// Creates settings.
    public init(bell: Bool = true, desktop: Bool = true) {
        self.bell = bell
        self.desktop = desktop
    }
}

/// Alerts at the dashboard: one bell per batch, a notification per alert (a few at most). The
/// events pane and the message line already have them: the change events tell rejections and
/// stops, and the monitor writes the other alerts into the change log.
enum AlertHandling {
    /// Notifications sent for one batch at most; the rest are summed up in one more.
    static let maxNotifications = 3

    static func fired(_ state: inout AppState, _ alerts: [Alert]) -> [Effect] {
        guard !alerts.isEmpty else { return [] }
        var effects: [Effect] = state.alertDelivery.bell ? [.ringBell] : []
        guard state.alertDelivery.desktop else { return effects }
        let shown = alerts.count > maxNotifications ? Array(alerts.prefix(maxNotifications - 1)) : alerts
        for alert in shown {
            effects.append(.notify(title: TextSanitizer.sanitize(alert.title), body: TextSanitizer.sanitize(alert.message)))
        }
        if shown.count < alerts.count {
            effects.append(.notify(title: "Pinwatch", body: "\(alerts.count - shown.count) more alerts (e: events)"))
        }
        return effects
    }
}
