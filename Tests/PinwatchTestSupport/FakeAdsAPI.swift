import Foundation
import PinterestAds
import Synchronization

/// An in-memory `PinterestAdsAPI` for tests, scriptable call by call: hold calls open until
/// released (list calls answer with the data as it was when they arrived, like a server that
/// read it then; status updates apply when released), inject errors (once or every time), make single items of a status update fail or end
/// with an unknown outcome, and count every call with its arguments.
public final class FakeAdsAPI: PinterestAdsAPI {
    /// The API's methods, for counting, holding and failing calls.
    public enum Method: String, Sendable, CaseIterable {
        case listAdAccounts, listCampaigns, listAdGroups, listAds, adGroup, ad, updateStatus, analytics
    }

    /// One recorded call.
    public struct Call: Sendable {
        /// Which method.
        public var method: Method
        /// The list filter, for list calls.
        public var filter: ListFilter?
        /// The ids, for status updates, analytics and single gets.
        public var ids: [String]
        /// The status asked for, for status updates.
        public var status: EntityStatus?
        /// Analytics: date range and granularity.
        public var from: APIDate?, to: APIDate?, granularity: Granularity?, columns: [String]?
    }

    /// How a status update of one id ends when it is neither confirmed nor failed.
    public enum UnknownOutcome: Sendable {
        /// The server applied the change, but the answer was lost.
        case appliedButLost
        /// The change never reached the server.
        case notApplied
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var accounts: [AdAccount] = []
        var campaigns: [Campaign] = []
        var adGroups: [AdGroup] = []
        var ads: [Ad] = []
        var analyticsRows: [AnalyticsRow] = []
        var calls: [Call] = []
        var held: Set<Method> = []
        var waiters: [Method: [Waiter]] = [:]
        var nextWaiterID = 0
        var arrivals: [(method: Method, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var queuedErrors: [Method: [PinterestError]] = [:]
        var persistentErrors: [Method: PinterestError] = [:]
        var itemFailures: [String: ItemFailure] = [:]
        var unknownOutcomes: [String: UnknownOutcome] = [:]
        var confirmedButIgnored: Set<String> = []
    }

    private let state = Mutex(State())

    /// Creates an empty fake.
    public init() {}

    // MARK: - Scripting

    /// The data the list calls return.
    public func setData(accounts: [AdAccount]? = nil, campaigns: [Campaign]? = nil, adGroups: [AdGroup]? = nil,
                        ads: [Ad]? = nil, analytics: [AnalyticsRow]? = nil) {
        state.withLock { state in
            if let accounts { state.accounts = accounts }
            if let campaigns { state.campaigns = campaigns }
            if let adGroups { state.adGroups = adGroups }
            if let ads { state.ads = ads }
            if let analytics { state.analyticsRows = analytics }
        }
    }

    /// Changes the stored ad groups (e.g. to simulate a change made elsewhere).
    public func editAdGroups(_ edit: (inout [AdGroup]) -> Void) { state.withLock { edit(&$0.adGroups) } }
    /// Changes the stored ads.
    public func editAds(_ edit: (inout [Ad]) -> Void) { state.withLock { edit(&$0.ads) } }
    /// Changes the stored campaigns.
    public func editCampaigns(_ edit: (inout [Campaign]) -> Void) { state.withLock { edit(&$0.campaigns) } }

    /// The stored ad groups.
    public var adGroups: [AdGroup] { state.withLock { $0.adGroups } }

    /// Calls of `method` from now on wait until `release(method)`.
    public func hold(_ method: Method) { state.withLock { _ = $0.held.insert(method) } }

    /// Lets one waiting call of `method` go on (the `position`-th to arrive); the others stay held.
    public func releaseOne(_ method: Method, at position: Int = 0) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiters = state.waiters[method], waiters.indices.contains(position) else { return nil }
            return state.waiters[method]?.remove(at: position)
        }
        waiter?.continuation.resume(returning: true)
    }

    /// How many calls of `method` are being held.
    public func heldCount(_ method: Method) -> Int { state.withLock { $0.waiters[method]?.count ?? 0 } }

    /// Lets waiting calls of `method` go on, and stops holding new ones.
    public func release(_ method: Method) {
        let waiters = state.withLock { state -> [Waiter] in
            state.held.remove(method)
            return state.waiters.removeValue(forKey: method) ?? []
        }
        waiters.forEach { $0.continuation.resume(returning: true) }
    }

    /// The next call of `method` throws `error` (queued: call again for later calls).
    public func failNext(_ method: Method, with error: PinterestError) {
        state.withLock { $0.queuedErrors[method, default: []].append(error) }
    }

    /// Every call of `method` throws `error` until set back to nil.
    public func failAlways(_ method: Method, with error: PinterestError?) {
        state.withLock { $0.persistentErrors[method] = error }
    }

    /// A status update of `id` fails with Pinterest's `message`.
    public func failItem(_ id: String, message: String, code: Int? = 2_000) {
        state.withLock { $0.itemFailures[id] = ItemFailure(code: code, message: message) }
    }

    /// A status update of `id` ends with an unknown outcome.
    public func makeOutcomeUnknown(_ id: String, _ outcome: UnknownOutcome) {
        state.withLock { $0.unknownOutcomes[id] = outcome }
    }

    /// A status update of `id` is confirmed but does not change what reads return.
    public func confirmWithoutApplying(_ id: String) {
        state.withLock { _ = $0.confirmedButIgnored.insert(id) }
    }

    // MARK: - Inspection

    /// Every call so far.
    public var calls: [Call] { state.withLock { $0.calls } }

    /// How many calls of `method` were made (optionally only those matching `filter`).
    public func count(_ method: Method, where predicate: (Call) -> Bool = { _ in true }) -> Int {
        state.withLock { $0.calls.filter { $0.method == method && predicate($0) }.count }
    }

    /// Every call of any method.
    public var totalCalls: Int { state.withLock { $0.calls.count } }

    /// Returns once at least `count` calls of `method` have been made (held ones included).
    public func waitForCalls(_ method: Method, count: Int = 1) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.calls.filter({ $0.method == method }).count >= count { return true }
                state.arrivals.append((method, count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: - PinterestAdsAPI

    public func listAdAccounts() async throws(PinterestError) -> [AdAccount] {
        let result = state.withLock { $0.accounts }
        try await enter(Call(method: .listAdAccounts, ids: []))
        return result
    }

    public func listCampaigns(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Campaign] {
        let result = state.withLock { state in
            state.campaigns.filter { campaign in
                (filter.campaignIDs.isEmpty || filter.campaignIDs.contains(campaign.id))
                    && Self.matches(campaign.status, filter.entityStatuses)
            }
        }
        try await enter(Call(method: .listCampaigns, filter: filter, ids: []))
        return result
    }

    public func listAdGroups(accountID: String, filter: ListFilter) async throws(PinterestError) -> [AdGroup] {
        let result = state.withLock { state in
            state.adGroups.filter { group in
                (filter.adGroupIDs.isEmpty || filter.adGroupIDs.contains(group.id))
                    && (filter.campaignIDs.isEmpty || filter.campaignIDs.contains(group.campaignId ?? ""))
                    && Self.matches(group.status, filter.entityStatuses)
            }
        }
        try await enter(Call(method: .listAdGroups, filter: filter, ids: []))
        return result
    }

    public func listAds(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Ad] {
        let result = state.withLock { state in
            state.ads.filter { ad in
                (filter.adIDs.isEmpty || filter.adIDs.contains(ad.id))
                    && (filter.adGroupIDs.isEmpty || filter.adGroupIDs.contains(ad.adGroupId ?? ""))
                    && (filter.campaignIDs.isEmpty || filter.campaignIDs.contains(ad.campaignId ?? ""))
                    && Self.matches(ad.status, filter.entityStatuses)
            }
        }
        try await enter(Call(method: .listAds, filter: filter, ids: []))
        return result
    }

    public func adGroup(accountID: String, id: String) async throws(PinterestError) -> AdGroup {
        try await enter(Call(method: .adGroup, ids: [id]))
        guard let group = state.withLock({ $0.adGroups.first { $0.id == id } }) else {
            throw .notFound(message: "Ad group \(id) not found")
        }
        return group
    }

    public func ad(accountID: String, id: String) async throws(PinterestError) -> Ad {
        try await enter(Call(method: .ad, ids: [id]))
        guard let ad = state.withLock({ $0.ads.first { $0.id == id } }) else {
            throw .notFound(message: "Ad \(id) not found")
        }
        return ad
    }

    public func updateStatus(_ kind: EntityKind, accountID: String, ids: [String], to status: EntityStatus)
        async throws(PinterestError) -> StatusUpdateResult {
        try await enter(Call(method: .updateStatus, ids: ids, status: status))
        return state.withLock { state in
            var result = StatusUpdateResult()
            var applied: Set<String> = []
            for id in ids {
                if let failure = state.itemFailures[id] {
                    result.failed[id] = failure
                } else if let unknown = state.unknownOutcomes[id] {
                    result.unknown.append(id)
                    result.unknownReason = .transport(kind: .timedOut, message: "The request timed out")
                    if unknown == .appliedButLost { applied.insert(id) }
                } else {
                    result.confirmed[id] = status
                    if !state.confirmedButIgnored.contains(id) { applied.insert(id) }
                }
            }
            switch kind {
            case .campaign:
                for index in state.campaigns.indices where applied.contains(state.campaigns[index].id) {
                    state.campaigns[index].status = status
                }
            case .adGroup:
                for index in state.adGroups.indices where applied.contains(state.adGroups[index].id) {
                    state.adGroups[index].status = status
                }
            case .ad:
                for index in state.ads.indices where applied.contains(state.ads[index].id) {
                    state.ads[index].status = status
                }
            }
            return result
        }
    }

    public func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                          columns: [String], granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow] {
        try await enter(Call(method: .analytics, ids: ids, from: start, to: end, granularity: granularity,
                             columns: columns))
        let wanted = Set(ids)
        return state.withLock { state in
            state.analyticsRows.filter { row in
                guard wanted.contains(row.entityID) else { return false }
                guard let date = row.date else { return true }
                return date >= start.description && date <= end.description
            }
        }
    }

    // MARK: - Plumbing

    private static func matches(_ status: EntityStatus?, _ wanted: [EntityStatus]) -> Bool {
        wanted.isEmpty || status.map(wanted.contains) ?? false
    }

    /// Records the call, wakes those waiting for it, waits while held, then throws a scripted error.
    private func enter(_ call: Call) async throws(PinterestError) {
        let (ready, held) = state.withLock { state -> ([CheckedContinuation<Void, Never>], Bool) in
            state.calls.append(call)
            let count = state.calls.filter { $0.method == call.method }.count
            var ready: [CheckedContinuation<Void, Never>] = []
            state.arrivals.removeAll { arrival in
                guard arrival.method == call.method, count >= arrival.count else { return false }
                ready.append(arrival.continuation)
                return true
            }
            return (ready, state.held.contains(call.method))
        }
        ready.forEach { $0.resume() }
        if held {
            let waiterID = state.withLock { state -> Int in
                state.nextWaiterID += 1
                return state.nextWaiterID
            }
            let released = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let stillHeld = state.withLock { state -> Bool in
                        guard state.held.contains(call.method), !Task.isCancelled else { return false }
                        state.waiters[call.method, default: []].append(Waiter(id: waiterID, continuation: continuation))
                        return true
                    }
                    if !stillHeld { continuation.resume(returning: !Task.isCancelled) }
                }
            } onCancel: {
                let waiter = state.withLock { state -> Waiter? in
                    guard let index = state.waiters[call.method]?.firstIndex(where: { $0.id == waiterID }) else {
                        return nil
                    }
                    return state.waiters[call.method]?.remove(at: index)
                }
                waiter?.continuation.resume(returning: false)
            }
            if !released { throw .transport(kind: .other, message: "cancelled") }
        }
        let error = state.withLock { state -> PinterestError? in
            if var queue = state.queuedErrors[call.method], !queue.isEmpty {
                let error = queue.removeFirst()
                state.queuedErrors[call.method] = queue
                return error
            }
            return state.persistentErrors[call.method]
        }
        if let error { throw error }
    }
}
