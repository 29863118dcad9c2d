import Foundation
import PinterestAds

/// Pause / activate: shown at once as pending, sent, verified by reading the entities back, audited.
extension AdsEngine {
    /// Sets the status of some campaigns, ad groups or ads. Refused before any request in read-only
    /// mode, while rate-limited, or when an id already has a change in flight. An id counts as
    /// succeeded only if reading it back shows the target status.
    public func perform(_ action: StatusAction) async -> ActionOutcome {
        var seen = Set<String>()
        let ids = action.ids.filter { seen.insert($0).inserted }
        let start = clock.now
        if let reason = refusal(for: ids, now: start) {
            return refuse(action, ids: ids, from: [:], reason: reason)
        }
        let readBefore = await statusesNotShown(action.kind, ids: ids)
        // Show the change at once, unless an id is already busy.
        let begun = mutate { state, snapshot -> ([String: EntityStatus?]?, [ChangeEvent]?) in
            if ids.contains(where: { snapshot.pending[$0] != nil }) {
                return (nil, nil)
            }
            var from: [String: EntityStatus?] = [:]
            for id in ids {
                let status = snapshot.status(of: action.kind, id: id) ?? readBefore[id]
                from[id] = status
                snapshot.pending[id] = PendingChange(kind: action.kind, from: status, to: action.target, since: start)
            }
            snapshot.setStatus(Dictionary(uniqueKeysWithValues: ids.map { ($0, action.target) }), kind: action.kind)
            state.actionsInFlight += 1
            return (from, [])
        }
        guard let from = begun else {
            let fromNow = Dictionary(uniqueKeysWithValues: ids.map { ($0, store.current.status(of: action.kind, id: $0)) })
            return refuse(action, ids: ids, from: fromNow, reason: "A change to one of these is already in progress")
        }

        let result: StatusUpdateResult
        do throws(PinterestError) {
            result = try await api.updateStatus(action.kind, accountID: accountID, ids: ids, to: action.target)
        } catch {
            result = Self.wholeFailure(error, ids: ids)
        }

        // Read back everything the request may have changed (confirmed or unknown) and what it refused,
        // so the display shows what Pinterest really has.
        let readBack: [String: ReadBackEntity]?
        var readError: PinterestError?
        let needsReading = !result.confirmed.isEmpty || !result.unknown.isEmpty
        if needsReading {
            do throws(PinterestError) {
                readBack = try await read(action.kind, ids: ids)
            } catch {
                readBack = nil
                readError = error
            }
        } else {
            readBack = nil
        }

        let outcomes = Self.outcomes(ids: ids, target: action.target, result: result, readBack: readBack,
                                     readError: readError)
        settle(action, ids: ids, from: from, outcomes: outcomes, readBack: readBack)
        writeAudit(action, ids: ids, from: from, outcome: .completed(outcomes))
        requestSave()
        return .completed(outcomes)
    }

    /// The statuses of ids the snapshot does not hold (e.g. `pinwatch pause`, which acts before any
    /// refresh), read from Pinterest so the audit log can say what they were before the change.
    /// Best effort: an id that cannot be read keeps an unknown "from".
    private func statusesNotShown(_ kind: EntityKind, ids: [String]) async -> [String: EntityStatus] {
        let unseen = ids.filter { store.current.status(of: kind, id: $0) == nil }
        guard !unseen.isEmpty else { return [:] }
        do throws(PinterestError) {
            return try await read(kind, ids: unseen).compactMapValues(\.status)
        } catch {
            logger.debug("Could not read the status before the change: \(error)")
            return [:]
        }
    }

    private func refusal(for ids: [String], now: Date) -> String? {
        if readOnly { return "Pinwatch is in read-only mode" }
        if ids.isEmpty { return "Nothing selected" }
        return state.withLock { state -> String? in
            if state.phase == .stopped { return "Pinwatch is shutting down" }
            if let until = state.rateLimitedUntil, now < until {
                return PinterestError.rateLimited(until: until).description
            }
            return nil
        }
    }

    private func refuse(_ action: StatusAction, ids: [String], from: [String: EntityStatus?],
                        reason: String) -> ActionOutcome {
        let outcome = ActionOutcome.refused(reason)
        writeAudit(action, ids: ids, from: from, outcome: outcome)
        return outcome
    }

    /// The outcome of a PATCH that threw: unknown if the request may have been applied, else failed.
    static func wholeFailure(_ error: PinterestError, ids: [String]) -> StatusUpdateResult {
        if case .transport(let kind, _) = error, kind == .timedOut || kind == .connectionLost || kind == .other {
            return StatusUpdateResult(unknown: ids, unknownReason: error)
        }
        let failure = ItemFailure(code: nil, message: error.description)
        return StatusUpdateResult(failed: Dictionary(uniqueKeysWithValues: ids.map { ($0, failure) }))
    }

    /// One entity as read back after an action.
    enum ReadBackEntity: Sendable {
        case campaign(Campaign)
        case adGroup(AdGroup)
        case ad(Ad)

        var status: EntityStatus? {
            switch self {
            case .campaign(let value): value.status
            case .adGroup(let value): value.status
            case .ad(let value): value.status
            }
        }
    }

    private func read(_ kind: EntityKind, ids: [String]) async throws(PinterestError) -> [String: ReadBackEntity] {
        let wanted = Set(ids)
        var entities: [String: ReadBackEntity] = [:]
        switch kind {
        case .campaign:
            for item in try await api.listCampaigns(accountID: accountID, filter: ListFilter(campaignIDs: ids, entityStatuses: ListFilter.shownStatuses))
            where wanted.contains(item.id) { entities[item.id] = .campaign(item) }
        case .adGroup:
            for item in try await api.listAdGroups(accountID: accountID, filter: ListFilter(adGroupIDs: ids, entityStatuses: ListFilter.shownStatuses))
            where wanted.contains(item.id) { entities[item.id] = .adGroup(item) }
        case .ad:
            for item in try await api.listAds(accountID: accountID, filter: ListFilter(adIDs: ids,
                                                                                   entityStatuses: ListFilter.shownStatuses))
            where wanted.contains(item.id) { entities[item.id] = .ad(item) }
        }
        return entities
    }

    /// Decides each id's outcome: success needs a read-back showing the target.
    static func outcomes(ids: [String], target: EntityStatus, result: StatusUpdateResult,
                         readBack: [String: ReadBackEntity]?, readError: PinterestError?) -> [String: ActionItemOutcome] {
        var outcomes: [String: ActionItemOutcome] = [:]
        let unknown = Set(result.unknown)
        for id in ids {
            if let failure = result.failed[id] {
                outcomes[id] = .failed(failure.message)
                continue
            }
            let confirmed = result.confirmed[id] != nil
            let why = confirmed ? "Pinterest accepted the change" : unknown.contains(id)
                ? "The request's outcome is unknown (\(result.unknownReason?.description ?? "no answer"))"
                : "Pinterest did not report on it"
            guard let readBack else {
                outcomes[id] = .unknown("\(why), and reading it back failed: \(readError?.description ?? "no answer")")
                continue
            }
            guard let entity = readBack[id] else {
                outcomes[id] = .unknown("\(why), but reading it back did not find it")
                continue
            }
            let now = entity.status?.rawValue ?? "no status"
            if entity.status == target {
                outcomes[id] = .succeeded
            } else if confirmed {
                outcomes[id] = .unknown("\(why), but it still reads back as \(now)")
            } else {
                outcomes[id] = .failed("\(why); it reads back as \(now), so the change did not take effect")
            }
        }
        return outcomes
    }

    /// Ends the pending display: read-back entities replace the shown ones; ids that could not be
    /// read go back to their previous status. Publishes the action's events.
    private func settle(_ action: StatusAction, ids: [String], from: [String: EntityStatus?],
                        outcomes: [String: ActionItemOutcome], readBack: [String: ReadBackEntity]?) {
        let now = clock.now
        mutate { state, snapshot -> (Void, [ChangeEvent]?) in
            state.actionsInFlight -= 1
            let previous = snapshot
            for id in ids { snapshot.pending[id] = nil }
            guard state.phase != .stopped else { return ((), nil) }
            state.fetchSequence += 1
            let sequence = state.fetchSequence
            var campaigns: [Campaign] = [], groups: [AdGroup] = [], ads: [Ad] = []
            for entity in (readBack ?? [:]).values {
                switch entity {
                case .campaign(let value): campaigns.append(value); state.freshAfter[value.id] = sequence
                case .adGroup(let value): groups.append(value); state.freshAfter[value.id] = sequence
                case .ad(let value): ads.append(value); state.freshAfter[value.id] = sequence
                }
            }
            snapshot.replace(campaigns: campaigns.filter { value in previous.campaigns.contains { $0.id == value.id } })
            snapshot.replace(adGroups: groups.filter { value in previous.adGroups.contains { $0.id == value.id } })
            snapshot.replace(ads: ads)
            var restore: [String: EntityStatus] = [:]
            for id in ids where readBack?[id] == nil {
                if let old = from[id] ?? nil { restore[id] = old }
            }
            snapshot.setStatus(restore, kind: action.kind)
            // What the action changed reaches the cache with the next save.
            state.dirtyParts.formUnion(Self.changedParts(action.kind.collection, from: previous, to: snapshot))

            let touched = Set(ids)
            var events = SnapshotDiff.changes(from: previous, to: snapshot, at: now, kinds: [action.kind])
                .compactMap { touched.contains($0.entityID ?? "") ? $0.without(.status) : $0 }
            events += actionEvents(action, ids: ids, outcomes: outcomes, snapshot: snapshot, now: now)
            return ((), events)
        }
    }

    private func actionEvents(_ action: StatusAction, ids: [String], outcomes: [String: ActionItemOutcome],
                              snapshot: Snapshot, now: Date) -> [ChangeEvent] {
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

    private func writeAudit(_ action: StatusAction, ids: [String], from: [String: EntityStatus?], outcome: ActionOutcome) {
        guard let audit else { return }
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
        let entry = AuditEntry(
            time: clock.now, user: AuditLog.currentUser(), account: accountID, entityType: action.kind.rawValue,
            ids: ids, from: from.compactMapValues { $0?.rawValue }, to: action.target.rawValue, outcome: outcomes,
            message: messages.isEmpty ? nil : messages, refused: refused)
        do {
            try audit.append(entry)
        } catch {
            logger.error("Could not write the audit log: \(error)")
        }
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
