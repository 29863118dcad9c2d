import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// Something that happened, fed to `update`.
public enum AppEvent: Sendable {
    /// A key was pressed.
    case keyPressed(Key)
    /// The mouse did something.
    case mouse(MouseEvent)
    /// The terminal changed size.
    case resized(width: Int, height: Int)
    /// Time passed (drives the clock, spinner and message expiry).
    case tick(Date)
    /// The store publishing as `from` published a new snapshot and the changes it saw. Dropped
    /// unless that store is the one attached (see `storeAttached`).
    case snapshotArrived(Snapshot, [ChangeEvent], from: EventSource)
    /// The runtime now shows the store publishing as this source (at start, and after switching
    /// accounts): the change log starts afresh, and what any other store sends is dropped.
    case storeAttached(EventSource)
    /// A background refresh of an account not on screen reported its health.
    case accountHealthArrived(AccountHealth)
    /// A pause/activate finished.
    case actionFinished(ActionReport)
    /// The runtime applied a theme (by name).
    case themeChanged(name: String)
    /// The runtime hit an error worth showing.
    case error(String)
    /// Alerts fired (each once): ring the bell and notify as the settings say.
    case alertsFired([Alert])
}

/// The outcome of a pause/activate, as the dashboard reports it.
public struct ActionReport: Equatable, Sendable {
    /// What was changed.
    public var kind: EntityKind
    /// The status asked for.
    public var target: EntityStatus
    /// Ids now in the target status.
    public var succeeded: [String]
    /// Ids Pinterest refused, with its message.
    public var failed: [String: String]
    /// Ids whose outcome is not known, with the reason.
    public var unknown: [String: String]
    /// Why nothing was attempted, if so.
    public var refusedReason: String?

    /// Creates a report.
    public init(kind: EntityKind, target: EntityStatus, succeeded: [String] = [],
                failed: [String: String] = [:], unknown: [String: String] = [:], refusedReason: String? = nil) {
        self.kind = kind
        self.target = target
        self.succeeded = succeeded
        self.failed = failed
        self.unknown = unknown
        self.refusedReason = refusedReason
    }
}
