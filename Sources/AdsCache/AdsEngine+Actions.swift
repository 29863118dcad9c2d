import Foundation
import PinterestAds

/// Pause / activate: shown at once as pending, sent, verified by reading the entities back, audited.
extension AdsEngine {
    /// Sets the status of some campaigns, ad groups or ads. Refused before any request in read-only
    /// mode, while rate-limited, or when an id already has a change in flight. An id counts as
    /// succeeded only if reading it back shows the target status.
    public func perform(_ action: StatusAction) async -> ActionOutcome {
        let id = nextActionID()
        var answer = await ask(id, .actionRequested(id, action, now: clock.now))
        while true {
            switch answer {
            case .finished(let outcome):
                return outcome
            case .readStatuses(let kind, let ids):
                let statuses = await statuses(kind, ids: ids)
                answer = await ask(id, .actionReady(id, statusesRead: statuses, now: clock.now))
            case .send:
                let settlement = await send(action)
                answer = await ask(id, .actionSettled(id, settlement, now: clock.now))
            }
        }
    }

    /// Sends the change, then reads back everything it may have changed (confirmed or unknown)
    /// and what it refused, so the display shows what Pinterest really has.
    private func send(_ action: StatusAction) async -> ActionSettlement {
        var seen = Set<String>()
        let ids = action.ids.filter { seen.insert($0).inserted }
        let result: StatusUpdateResult
        do throws(PinterestError) {
            result = try await api.updateStatus(action.kind, accountID: accountID, ids: ids, to: action.target)
        } catch {
            result = Self.wholeFailure(error, ids: ids)
        }
        var readBack: [String: ReadBackEntity]?
        var readError: PinterestError?
        if !result.confirmed.isEmpty || !result.unknown.isEmpty {
            do throws(PinterestError) {
                readBack = try await read(action.kind, ids: ids)
            } catch {
                readError = error
            }
        }
        let outcomes = Self.outcomes(ids: ids, target: action.target, result: result, readBack: readBack,
                                     readError: readError)
        return ActionSettlement(outcomes: outcomes, readBack: readBack)
    }

    /// The statuses of ids the snapshot does not hold, read from Pinterest so the audit log can say
    /// what they were before the change. Best effort: an id that cannot be read keeps an unknown "from".
    private func statuses(_ kind: EntityKind, ids: [String]) async -> [String: EntityStatus] {
        do throws(PinterestError) {
            return try await read(kind, ids: ids).compactMapValues(\.status)
        } catch {
            logger.debug("Could not read the status before the change: \(error)")
            return [:]
        }
    }

    /// The outcome of a PATCH that threw: unknown if the request may have been applied, else failed.
    static func wholeFailure(_ error: PinterestError, ids: [String]) -> StatusUpdateResult {
        if case .transport(let kind, _) = error, kind == .timedOut || kind == .connectionLost || kind == .other {
            return StatusUpdateResult(unknown: ids, unknownReason: error)
        }
        let failure = ItemFailure(code: nil, message: error.description)
        return StatusUpdateResult(failed: Dictionary(uniqueKeysWithValues: ids.map { ($0, failure) }))
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
}
