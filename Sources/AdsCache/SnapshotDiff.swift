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
            compare(old.campaigns, new.campaigns, into: &events) { old, new in
                campaignChanges(old, new, money: money, time: time)
            } added: { event(.added, .campaign, $0.id, $0.name, time) }
              removed: { event(.removed, .campaign, $0.id, $0.name, time) }
        }
        if kinds.contains(.adGroup) {
            compare(old.adGroups, new.adGroups, into: &events) { old, new in
                adGroupChanges(old, new, money: money, time: time)
            } added: { event(.added, .adGroup, $0.id, $0.name, time) }
              removed: { event(.removed, .adGroup, $0.id, $0.name, time) }
        }
        if kinds.contains(.ad) {
            let groups = adGroupScope.map(Array.init)
                ?? Array(Set(old.adsByAdGroup.keys).union(new.adsByAdGroup.keys))
            let oldAds = groups.flatMap { old.adsByAdGroup[$0] ?? [] }
            let newAds = groups.flatMap { new.adsByAdGroup[$0] ?? [] }
            compare(oldAds, newAds, into: &events) { old, new in
                adChanges(old, new, time: time)
            } added: { event(.added, .ad, $0.id, $0.name, time) }
              removed: { event(.removed, .ad, $0.id, $0.name, time) }
        }
        return events
    }

    /// Pairs entities by id and collects their events; order follows `new`, then removals.
    static func compare<T: DiffEntity>(
        _ old: [T], _ new: [T], into events: inout [ChangeEvent],
        changed: (T, T) -> [ChangeEvent], added: (T) -> ChangeEvent, removed: (T) -> ChangeEvent
    ) {
        var oldByID = [String: T](minimumCapacity: old.count)
        for item in old { oldByID[item.id] = item }
        var seen = Set<String>(minimumCapacity: new.count)
        var matched = 0
        for item in new where seen.insert(item.id).inserted {
            if let before = oldByID[item.id] {
                matched += 1
                if before != item { events.append(contentsOf: changed(before, item)) }
            } else {
                events.append(added(item))
            }
        }
        // Only look for removals when some old id was not matched.
        if matched < oldByID.count {
            var reported = Set<String>()
            for item in old where !seen.contains(item.id) && reported.insert(item.id).inserted {
                events.append(removed(item))
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
