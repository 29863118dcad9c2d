import Foundation
import PinterestAds

/// A status change to make: pause or activate some campaigns, ad groups or ads.
public struct StatusAction: Sendable, Hashable {
    /// What kind of entity.
    public var kind: EntityKind
    /// Which ones.
    public var ids: [String]
    /// The status wanted.
    public var target: EntityStatus

    /// Creates an action.
    public init(kind: EntityKind, ids: [String], target: EntityStatus) {
        self.kind = kind
        self.ids = ids
        self.target = target
    }
}

/// What became of one entity of an action.
public enum ActionItemOutcome: Sendable, Hashable {
    /// Done, and a read-back shows the target status.
    case succeeded
    /// Pinterest refused it; its message.
    case failed(String)
    /// Could not be verified (the request's outcome or the read-back was lost); why.
    case unknown(String)
}

/// What became of an action: refused as a whole, or an outcome per id.
public enum ActionOutcome: Sendable, Hashable {
    /// Nothing was sent; why.
    case refused(String)
    /// Sent; the verified outcome of each id.
    case completed([String: ActionItemOutcome])

    /// The outcome of one id (nil when refused or unknown id).
    public subscript(id: String) -> ActionItemOutcome? {
        if case .completed(let items) = self { return items[id] }
        return nil
    }

    /// Whether the action was refused before any request.
    public var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }

    /// Ids verified as changed.
    public var succeededIDs: Set<String> {
        guard case .completed(let items) = self else { return [] }
        return Set(items.compactMap { $0.value == .succeeded ? $0.key : nil })
    }
}
