import Foundation
import PinterestAds

/// Status changes: refused before any request when they cannot go, shown at once as pending,
/// settled by what reading the entities back shows, and audited.
extension EngineCore {
    mutating func actionRequested(_ id: ActionID, _ action: StatusAction, now: Date) -> [EngineAction] {
        var seen = Set<String>()
        let ids = action.ids.filter { seen.insert($0).inserted }
        let refusal: String? =
            if readOnly { "Pinwatch is in read-only mode" }
            else if ids.isEmpty { "Nothing selected" }
            else if phase == .stopped { "Pinwatch is shutting down" }
            else if let until = rateLimitedUntil, now < until { PinterestError.rateLimited(until: until).description }
            else { nil }
        if let refusal { return refuse(id, action, ids: ids, from: [:], reason: refusal, now: now) }
        actions[id] = ActionRecord(action: action, ids: ids)
        // `pinwatch pause` acts before any refresh: the audit log still says what the ids were.
        let unseen = ids.filter { snapshot.status(of: action.kind, id: $0) == nil }
        if unseen.isEmpty { return actionReady(id, statusesRead: [:], now: now) }
        return [.answer(id, .readStatuses(kind: action.kind, ids: unseen))]
    }

    /// Shows the change as pending, unless an id already has a change in flight.
    mutating func actionReady(_ id: ActionID, statusesRead: [String: EntityStatus], now: Date) -> [EngineAction] {
        guard var record = actions[id], !record.begun else {
            return [.answer(id, .finished(.refused("This change was already under way")))]
        }
        let kind = record.action.kind, ids = record.ids
        if ids.contains(where: { snapshot.pending[$0] != nil }) {
            actions[id] = nil
            let from = Dictionary(uniqueKeysWithValues: ids.map { ($0, snapshot.status(of: kind, id: $0)) })
            return refuse(id, record.action, ids: ids, from: from,
                          reason: "A change to one of these is already in progress", now: now)
        }
        for entity in ids {
            let status = snapshot.status(of: kind, id: entity) ?? statusesRead[entity]
            record.from[entity] = status
            snapshot.pending[entity] = PendingChange(kind: kind, from: status, to: record.action.target, since: now)
        }
        snapshot.setStatus(Dictionary(uniqueKeysWithValues: ids.map { ($0, record.action.target) }), kind: kind)
        record.begun = true
        actions[id] = record
        return [.answer(id, .send)]
    }

    /// Ends the pending display: read-back entities replace the shown ones (and are fresher than
    /// any listing in flight); ids that could not be read go back to their previous status.
    mutating func actionSettled(_ id: ActionID, _ settlement: ActionSettlement, now: Date) -> [EngineAction] {
        let outcome = ActionOutcome.completed(settlement.outcomes)
        guard let record = actions.removeValue(forKey: id), record.begun else { return [.answer(id, .finished(outcome))] }
        let action = record.action, ids = record.ids
        let finish: [EngineAction] = [.audit(auditEntry(action, ids: ids, from: record.from, outcome: outcome, now: now)),
                                      .answer(id, .finished(outcome))]
        // Nothing is published after a stop.
        guard phase != .stopped else { return finish }
        let previous = snapshot
        for entity in ids { snapshot.pending[entity] = nil }
        let readBack = Array((settlement.readBack ?? [:]).values)
        let ads = foldReadBack(readBack, previous: previous)
        var restore: [String: EntityStatus] = [:]
        for entity in ids where settlement.readBack?[entity] == nil {
            if let old = record.from[entity] ?? nil { restore[entity] = old }
        }
        snapshot.setStatus(restore, kind: action.kind)
        // What the action changed reaches the cache: campaigns and ad groups with the next save,
        // ads (written as they come, not by the save) at once.
        dirtyParts.formUnion(Self.changedParts(action.kind.collection, from: previous, to: snapshot))
        if !ads.isEmpty { cacheDirty = true }
        let touched = Set(ids)
        report(SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [action.kind])
            .compactMap { touched.contains($0.entityID ?? "") ? $0.without(.status) : $0 })
        report(actionEvents(action, ids: ids, outcomes: settlement.outcomes, now: now))
        // A follower does not write the cache: the leader saves what it puts in the journal.
        if isFollowing {
            guard !readBack.isEmpty else { return finish }
            ownReadBacks.append((reloadsAsked, readBack))
            return [.shareReadBack(readBack)] + finish
        }
        let writes: [EngineAction] = ads.isEmpty ? [] : [.writeAds([.readBack(ads.sorted { $0.id < $1.id })])]
        return writes + finish + requestSave(now: now)
    }

    private mutating func refuse(_ id: ActionID, _ action: StatusAction, ids: [String], from: [String: EntityStatus?],
                                 reason: String, now: Date) -> [EngineAction] {
        let outcome = ActionOutcome.refused(reason)
        return [.audit(auditEntry(action, ids: ids, from: from, outcome: outcome, now: now)),
                .answer(id, .finished(outcome))]
    }

    private func actionEvents(_ action: StatusAction, ids: [String], outcomes: [String: ActionItemOutcome],
                              now: Date) -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let succeeded = ids.filter { outcomes[$0] == .succeeded }
        let verb = action.target == .paused ? "Paused" : action.target == .active ? "Activated" : "Set to \(action.target.rawValue)"
        if !succeeded.isEmpty {
            let single = succeeded.count == 1 ? succeeded.first : nil
            events.append(.actionSucceeded(
                action.kind, id: single, name: single.flatMap { snapshot.name(of: action.kind, id: $0) },
                target: action.target, summary: "\(verb) \(succeeded.count) \(action.kind.noun(count: succeeded.count))",
                at: now))
        }
        for id in ids {
            let message: String
            switch outcomes[id] {
            case .failed(let text): message = text
            case .unknown(let text): message = "Not verified: " + text
            case .succeeded, .none: continue
            }
            events.append(.actionFailed(action.kind, id: id, name: snapshot.name(of: action.kind, id: id),
                                        target: action.target, message: message, at: now))
        }
        return events
    }

    private func auditEntry(_ action: StatusAction, ids: [String], from: [String: EntityStatus?],
                            outcome: ActionOutcome, now: Date) -> AuditEntry {
        var outcomes: [String: String] = [:]
        var messages: [String: String] = [:]
        var refused: String?
        switch outcome {
        case .refused(let reason):
            refused = reason
            for id in ids { outcomes[id] = "refused" }
        case .completed(let items):
            for (id, item) in items {
                switch item {
                case .succeeded: outcomes[id] = "succeeded"
                case .failed(let message): outcomes[id] = "failed"; messages[id] = message
                case .unknown(let message): outcomes[id] = "unknown"; messages[id] = message
                }
            }
        }
        return AuditEntry(time: now, user: user, account: accountID, entityType: action.kind.rawValue, ids: ids,
                          from: from.compactMapValues { $0?.rawValue }, to: action.target.rawValue, outcome: outcomes,
                          message: messages.isEmpty ? nil : messages, refused: refused)
    }
}

extension EntityKind {
    /// The collection entities of this kind are fetched in (ads: the whole-account collection).
    var collection: CollectionKind {
        switch self {
        case .campaign: .campaigns
        case .adGroup: .adGroups
        case .ad: .ads
        }
    }
}
