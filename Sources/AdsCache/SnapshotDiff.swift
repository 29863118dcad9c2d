import Foundation
import PinterestAds

/// What changed between two consecutive snapshots, as events for people: status, summary status
/// and review changes, new rejection reasons, budget and bid changes, entities added or removed.
///
/// Works by id with dictionaries, so 10,000 ad groups and 50,000 ads diff in milliseconds. Event ids
/// are left at 0; the store numbers them when it publishes.
public enum SnapshotDiff {
    /// The events from `old` to `new`; none when there is no `old` (a first load is not news).
    /// `kinds` limits which entity kinds are compared; `adGroupScope`, when given, limits the ads
    /// compared to those ad groups (for a partial ads refresh).
    public static func changes(from old: Snapshot?, to new: Snapshot, at time: Date,
                               kinds: Set<EntityKind> = Set(EntityKind.allCases),
                               adGroupScope: Set<String>? = nil) -> [ChangeEvent] {
        guard let old else { return [] }
        let money = MoneyFormatter(currency: (new.account ?? old.account)?.currency)
        var events: [ChangeEvent] = []
        if kinds.contains(.campaign) {
            compare([old.campaigns], [new.campaigns], into: &events) { old, new in
                campaignChanges(old, new, money: money, time: time)
            } added: { event(.added, .campaign, $0.id, $0.name, time) }
              removed: { event(.removed, .campaign, $0.id, $0.name, time) }
        }
        if kinds.contains(.adGroup) {
            compare([old.adGroups], [new.adGroups], into: &events) { old, new in
                adGroupChanges(old, new, money: money, time: time)
            } added: { event(.added, .adGroup, $0.id, $0.name, time) }
              removed: { event(.removed, .adGroup, $0.id, $0.name, time) }
        }
        if kinds.contains(.ad) {
            let groups = adGroupScope.map(Array.init)
                ?? Array(Set(old.adsByAdGroup.keys).union(new.adsByAdGroup.keys))
            // The ads stay in their per-group arrays: only the arrays are collected, never the ads.
            let oldAds = groups.compactMap { old.adsByAdGroup[$0] }
            let newAds = groups.compactMap { new.adsByAdGroup[$0] }
            compare(oldAds, newAds, into: &events) { old, new in
                adChanges(old, new, time: time)
            } added: { event(.added, .ad, $0.id, $0.name, time) }
              removed: { event(.removed, .ad, $0.id, $0.name, time) }
        }
        return events
    }

    /// Pairs entities by id and collects their events; order follows `new`, then removals.
    /// Each side is a list of segments (one per ad group for ads, in the same order on both sides).
    ///
    /// Entities are large structs (an `Ad` holds some thirty references), so nothing is copied:
    /// a segment whose ids are unchanged and in the same order (most of them on a refresh) is
    /// compared pairwise in place; only the other segments go through the id index. `changed`
    /// looks only at the fields that make events, which is cheaper than full equality.
    static func compare<T: DiffEntity>(
        _ old: [[T]], _ new: [[T]], into events: inout [ChangeEvent],
        changed: (T, T) -> [ChangeEvent], added: (T) -> ChangeEvent, removed: (T) -> ChangeEvent
    ) {
        var oldRest: [[T]] = []
        var newRest: [[T]] = []
        var aligned: [(Int, Int)] = []
        for segment in 0..<max(old.count, new.count) {
            let before = segment < old.count ? old[segment] : []
            let after = segment < new.count ? new[segment] : []
            if sameIDs(before, after) {
                aligned.append((segment, segment))
            } else {
                oldRest.append(before)
                newRest.append(after)
            }
        }
        if !oldRest.isEmpty, oldRest.count == max(old.count, new.count) {
            // Nothing lines up: the index path alone keeps the event order of `new`.
            compareByID(old, new, into: &events, changed: changed, added: added, removed: removed)
            return
        }
        for (oldSegment, newSegment) in aligned {
            old[oldSegment].withUnsafeBufferPointer { beforeBuffer in
                new[newSegment].withUnsafeBufferPointer { afterBuffer in
                    guard let before = beforeBuffer.baseAddress, let after = afterBuffer.baseAddress else { return }
                    for index in afterBuffer.indices {
                        let found = changed(before[index], after[index])
                        if !found.isEmpty { events.append(contentsOf: found) }
                    }
                }
            }
        }
        if !oldRest.isEmpty {
            compareByID(oldRest, newRest, into: &events, changed: changed, added: added, removed: removed)
        }
    }

    /// Whether two lists hold the same ids in the same order, each once.
    private static func sameIDs<T: DiffEntity>(_ old: [T], _ new: [T]) -> Bool {
        guard old.count == new.count else { return false }
        guard !new.isEmpty else { return true }
        // UnsafePointer subscripts read in place; UnsafeBufferPointer's would copy each entity.
        return old.withUnsafeBufferPointer { beforeBuffer in
            new.withUnsafeBufferPointer { afterBuffer in
                guard let before = beforeBuffer.baseAddress, let after = afterBuffer.baseAddress else { return false }
                let count = afterBuffer.count
                for index in 0..<count where before[index].id != after[index].id { return false }
                // A repeated id is rare and malformed; the index path handles it.
                if count <= 16 {
                    for index in 0..<count {
                        for other in (index + 1)..<max(index + 1, count) where after[other].id == after[index].id {
                            return false
                        }
                    }
                } else {
                    var seen = Set<String>(minimumCapacity: count)
                    for index in 0..<count where !seen.insert(after[index].id).inserted { return false }
                }
                return true
            }
        }
    }

    /// The general path: an id → position index over `old`.
    private static func compareByID<T: DiffEntity>(
        _ old: [[T]], _ new: [[T]], into events: inout [ChangeEvent],
        changed: (T, T) -> [ChangeEvent], added: (T) -> ChangeEvent, removed: (T) -> ChangeEvent
    ) {
        let oldCount = old.reduce(0) { $0 + $1.count }
        // id → position in `segments`/`offsets`; a repeated old id keeps its last position.
        var positionByID = [String: Int](minimumCapacity: oldCount)
        var segments: [Int32] = []
        var offsets: [Int32] = []
        segments.reserveCapacity(oldCount)
        offsets.reserveCapacity(oldCount)
        for (segment, items) in old.enumerated() {
            for index in items.indices {
                positionByID[items[index].id] = segments.count
                segments.append(Int32(segment))
                offsets.append(Int32(index))
            }
        }
        var matchedPositions = [Bool](repeating: false, count: segments.count)
        var matched = 0
        var addedIDs = Set<String>()
        for items in new {
            items.withUnsafeBufferPointer { newBuffer in
                guard let newItems = newBuffer.baseAddress else { return }
                for index in newBuffer.indices {
                    let id = newItems[index].id
                    if let position = positionByID[id] {
                        if matchedPositions[position] { continue }  // repeated in `new`: first one wins
                        matchedPositions[position] = true
                        matched += 1
                        let segment = Int(segments[position]), offset = Int(offsets[position])
                        old[segment].withUnsafeBufferPointer { beforeBuffer in
                            guard let before = beforeBuffer.baseAddress else { return }
                            let found = changed(before[offset], newItems[index])
                            if !found.isEmpty { events.append(contentsOf: found) }
                        }
                    } else if addedIDs.insert(id).inserted {
                        events.append(added(newItems[index]))
                    }
                }
            }
        }
        // Only look for removals when some old id was not matched.
        if matched < positionByID.count {
            var reported = Set<String>()
            for items in old {
                for index in items.indices {
                    let id = items[index].id
                    guard let position = positionByID[id], !matchedPositions[position],
                          reported.insert(id).inserted else { continue }
                    events.append(removed(items[index]))
                }
            }
        }
    }

    static func campaignChanges(_ old: Campaign, _ new: Campaign, money: MoneyFormatter, time: Date) -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let name = new.name ?? old.name
        if old.status != new.status {
            events.append(event(.statusChanged, .campaign, new.id, name, time, raw(old.status), raw(new.status)))
        }
        if old.summaryStatus != new.summaryStatus {
            events.append(event(.summaryStatusChanged, .campaign, new.id, name, time,
                                raw(old.summaryStatus), raw(new.summaryStatus)))
        }
        if old.dailySpendCap != new.dailySpendCap {
            events.append(event(.budgetChanged, .campaign, new.id, name, time, amount(old.dailySpendCap, money),
                                amount(new.dailySpendCap, money), detail: "Daily spend cap"))
        }
        if old.lifetimeSpendCap != new.lifetimeSpendCap {
            events.append(event(.budgetChanged, .campaign, new.id, name, time, amount(old.lifetimeSpendCap, money),
                                amount(new.lifetimeSpendCap, money), detail: "Lifetime spend cap"))
        }
        return events
    }

    static func adGroupChanges(_ old: AdGroup, _ new: AdGroup, money: MoneyFormatter, time: Date) -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let name = new.name ?? old.name
        if old.status != new.status {
            events.append(event(.statusChanged, .adGroup, new.id, name, time, raw(old.status), raw(new.status)))
        }
        if old.summaryStatus != new.summaryStatus {
            events.append(event(.summaryStatusChanged, .adGroup, new.id, name, time,
                                raw(old.summaryStatus), raw(new.summaryStatus)))
        }
        if old.budgetInMicroCurrency != new.budgetInMicroCurrency {
            events.append(event(.budgetChanged, .adGroup, new.id, name, time, amount(old.budgetInMicroCurrency, money),
                                amount(new.budgetInMicroCurrency, money)))
        }
        if old.bidInMicroCurrency != new.bidInMicroCurrency {
            events.append(event(.bidChanged, .adGroup, new.id, name, time, amount(old.bidInMicroCurrency, money),
                                amount(new.bidInMicroCurrency, money)))
        }
        return events
    }

    static func adChanges(_ old: Ad, _ new: Ad, time: Date) -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let name = new.name ?? old.name
        if old.status != new.status {
            events.append(event(.statusChanged, .ad, new.id, name, time, raw(old.status), raw(new.status)))
        }
        if old.summaryStatus != new.summaryStatus {
            events.append(event(.summaryStatusChanged, .ad, new.id, name, time,
                                raw(old.summaryStatus), raw(new.summaryStatus)))
        }
        if old.reviewStatus != new.reviewStatus {
            events.append(event(.reviewStatusChanged, .ad, new.id, name, time,
                                raw(old.reviewStatus), raw(new.reviewStatus)))
        }
        let before = Set(old.rejectedReasons ?? [])
        let added = (new.rejectedReasons ?? []).filter { !before.contains($0) }
        if !added.isEmpty {
            events.append(event(.newRejectedReasons, .ad, new.id, name, time, nil,
                                added.map(\.rawValue).joined(separator: ", "),
                                detail: added.map(\.label).joined(separator: ", ")))
        }
        return events
    }

    static func event(_ kind: ChangeEvent.Kind, _ entityKind: EntityKind?, _ id: String?, _ name: String?,
                      _ time: Date, _ old: String? = nil, _ new: String? = nil, detail: String? = nil) -> ChangeEvent {
        ChangeEvent(id: 0, time: time, kind: kind, entityKind: entityKind, entityID: id, entityName: name,
                    oldValue: old, newValue: new, detail: detail)
    }

    private static func raw<T: OpenEnum>(_ value: T?) -> String { value?.rawValue ?? "none" }

    private static func amount(_ micros: Int?, _ money: MoneyFormatter) -> String {
        micros.map { money.format(micros: $0) } ?? "none"
    }
}

/// An entity the diff pairs by id (internal, so it never clashes with conformances elsewhere).
protocol DiffEntity: Equatable {
    var id: String { get }
}

extension Campaign: DiffEntity {}
extension AdGroup: DiffEntity {}
extension Ad: DiffEntity {}
