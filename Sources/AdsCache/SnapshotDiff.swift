import Foundation
import PinterestAds

/// What changed between two consecutive snapshots, as events for people: one event per entity that
/// changed (its status, summary status, review status, new rejection reasons, budget and bid
/// together), and one per entity added or removed.
///
/// Entities are paired by id, so 10,000 ad groups and 50,000 ads diff in milliseconds. Events are
/// left unpublished; the store numbers them when it publishes.
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
            compare(old.campaigns, new.campaigns, into: &events, money: money, time: time)
        }
        if kinds.contains(.adGroup) {
            compare(old.adGroups, new.adGroups, into: &events, money: money, time: time)
        }
        if kinds.contains(.ad) {
            // Ad by ad group, in brief: every known ad, whether its full copy is resident or not.
            let oldAds = old.adBriefs, newAds = new.adBriefs
            let groups = adGroupScope.map(Array.init) ?? Array(Set(oldAds.keys).union(newAds.keys))
            for group in groups {
                // Packed briefs compare as bytes; only an ad group whose ads changed is unpacked.
                let oldGroup = oldAds[group] ?? [], newGroup = newAds[group] ?? []
                guard oldGroup != newGroup else { continue }
                compare(Array(oldGroup), Array(newGroup), into: &events, money: money, time: time)
            }
        }
        return events
    }

    /// Pairs entities by id and collects their events; order follows `new`, then removals. When both
    /// lists hold the same ids in the same order (the usual case) they are paired by position;
    /// otherwise through an index of positions by id. Entities are never copied into dictionaries:
    /// each pair is lent to `T.change(from:to:)`, which reads the fields in place.
    static func compare<T: DiffEntity>(_ old: [T], _ new: [T], into events: inout [ChangeEvent],
                                       money: MoneyFormatter, time: Date) {
        // Lent straight from the arrays' storage: an array's subscript hands out a copy of the
        // (large) entity, and copying every entity cost more than comparing them.
        old.withUnsafeBufferPointer { old in
            new.withUnsafeBufferPointer { new in
                pair(old, new, into: &events, money: money, time: time)
            }
        }
    }

    private static func pair<T: DiffEntity>(_ old: UnsafeBufferPointer<T>, _ new: UnsafeBufferPointer<T>,
                                            into events: inout [ChangeEvent], money: MoneyFormatter, time: Date) {
        if old.isEmpty || new.isEmpty {
            for item in new { events.append(.added(T.diffKind, id: item.id, name: item.name, at: time)) }
            for item in old { events.append(.removed(T.diffKind, id: item.id, name: item.name, at: time)) }
            return
        }
        if old.count == new.count && old.indices.allSatisfy({ old[$0].id == new[$0].id }) {
            for index in new.indices {
                if let event = T.change(from: old[index], to: new[index], money: money, time: time) {
                    events.append(event)
                }
            }
            return
        }
        var oldPosition = [String: Int](minimumCapacity: old.count)
        for index in old.indices where oldPosition[old[index].id] == nil { oldPosition[old[index].id] = index }
        var seen = Set<String>(minimumCapacity: new.count)
        var matched = 0
        for index in new.indices where seen.insert(new[index].id).inserted {
            if let position = oldPosition[new[index].id] {
                matched += 1
                if let event = T.change(from: old[position], to: new[index], money: money, time: time) {
                    events.append(event)
                }
            } else {
                events.append(.added(T.diffKind, id: new[index].id, name: new[index].name, at: time))
            }
        }
        // Only look for removals when some old id was not matched.
        if matched < oldPosition.count {
            var reported = Set<String>()
            for index in old.indices where !seen.contains(old[index].id) && reported.insert(old[index].id).inserted {
                events.append(.removed(T.diffKind, id: old[index].id, name: old[index].name, at: time))
            }
        }
    }

    static func campaignChange(_ old: borrowing Campaign, _ new: borrowing Campaign,
                               money: MoneyFormatter, time: Date) -> ChangeEvent? {
        var fields = FieldChanges()
        fields.value(.status, old.status, new.status)
        fields.value(.summaryStatus, old.summaryStatus, new.summaryStatus)
        fields.amount(.dailySpendCap, old.dailySpendCap, new.dailySpendCap, money)
        fields.amount(.lifetimeSpendCap, old.lifetimeSpendCap, new.lifetimeSpendCap, money)
        guard !fields.list.isEmpty else { return nil }
        return .changed(.campaign, id: new.id, name: new.name ?? old.name, at: time, fields: fields.list)
    }

    static func adGroupChange(_ old: borrowing AdGroup, _ new: borrowing AdGroup,
                              money: MoneyFormatter, time: Date) -> ChangeEvent? {
        var fields = FieldChanges()
        fields.value(.status, old.status, new.status)
        fields.value(.summaryStatus, old.summaryStatus, new.summaryStatus)
        fields.amount(.budget, old.budgetInMicroCurrency, new.budgetInMicroCurrency, money)
        fields.amount(.bid, old.bidInMicroCurrency, new.bidInMicroCurrency, money)
        guard !fields.list.isEmpty else { return nil }
        return .changed(.adGroup, id: new.id, name: new.name ?? old.name, at: time, fields: fields.list)
    }

    static func adChange(_ old: borrowing AdBrief, _ new: borrowing AdBrief,
                         money: MoneyFormatter, time: Date) -> ChangeEvent? {
        var fields = FieldChanges()
        fields.value(.reviewStatus, old.reviewStatus, new.reviewStatus)
        fields.value(.status, old.status, new.status)
        fields.value(.summaryStatus, old.summaryStatus, new.summaryStatus)
        var reasons: [RejectionReason] = []
        // Just rejected: every reason is news, even one it was rejected for once before.
        let justRejected = new.reviewStatus == .rejected && !same(old.reviewStatus, new.reviewStatus)
        if let current = new.rejectedReasons, !current.isEmpty, justRejected || old.rejectedReasons != current {
            let before = justRejected ? [] : Set(old.rejectedReasons ?? [])
            var listed = Set<RejectedReason>()
            for reason in current where !before.contains(reason) && listed.insert(reason).inserted {
                reasons.append(RejectionReason(code: reason.rawValue, label: reason.label))
            }
        }
        guard !fields.list.isEmpty || !reasons.isEmpty else { return nil }
        return .changed(.ad, id: new.id, name: new.name ?? old.name, at: time, fields: fields.list,
                        rejectedReasons: reasons)
    }

    /// The fields of one entity that changed, gathered one by one.
    struct FieldChanges {
        var list: [FieldChange] = []

        /// An enum field (status, summary status, review status): raw values old → new.
        mutating func value<T: OpenEnum>(_ field: FieldChange.Field, _ old: T?, _ new: T?) {
            guard !same(old, new) else { return }
            list.append(FieldChange(field, old: old?.rawValue, new: new?.rawValue))
        }

        /// A money field (budget, bid, spend cap): formatted old → new.
        mutating func amount(_ field: FieldChange.Field, _ old: Int?, _ new: Int?, _ money: MoneyFormatter) {
            guard old != new else { return }
            list.append(FieldChange(field, old: old.map { money.format(micros: $0) },
                                    new: new.map { money.format(micros: $0) }))
        }
    }

    /// `a == b`, answered from the bytes when they are identical (the usual case for unchanged
    /// enum values, whose `==` goes through `rawValue`); identical bytes always mean equal values.
    @inline(__always)
    static func same<T: Equatable>(_ a: T, _ b: T) -> Bool {
        let identical = withUnsafeBytes(of: a) { left in
            withUnsafeBytes(of: b) { right in left.elementsEqual(right) }
        }
        return identical || a == b
    }
}

/// An entity the diff pairs by id (internal, so it never clashes with conformances elsewhere).
protocol DiffEntity: Equatable {
    static var diffKind: EntityKind { get }
    var id: String { get }
    var name: String? { get }
    /// The one event for what changed from `old` to `new` (the same entity), nil when nothing did.
    /// Both are borrowed: a field is read where the entity lies, the entity is never copied.
    static func change(from old: borrowing Self, to new: borrowing Self, money: MoneyFormatter,
                       time: Date) -> ChangeEvent?
}

extension Campaign: DiffEntity {
    static var diffKind: EntityKind { .campaign }
    static func change(from old: borrowing Self, to new: borrowing Self, money: MoneyFormatter,
                       time: Date) -> ChangeEvent? {
        SnapshotDiff.campaignChange(old, new, money: money, time: time)
    }
}

extension AdGroup: DiffEntity {
    static var diffKind: EntityKind { .adGroup }
    static func change(from old: borrowing Self, to new: borrowing Self, money: MoneyFormatter,
                       time: Date) -> ChangeEvent? {
        SnapshotDiff.adGroupChange(old, new, money: money, time: time)
    }
}

extension AdBrief: DiffEntity {
    static var diffKind: EntityKind { .ad }
    static func change(from old: borrowing Self, to new: borrowing Self, money: MoneyFormatter,
                       time: Date) -> ChangeEvent? {
        SnapshotDiff.adChange(old, new, money: money, time: time)
    }
}

extension Ad: DiffEntity {
    static var diffKind: EntityKind { .ad }
    static func change(from old: borrowing Self, to new: borrowing Self, money: MoneyFormatter,
                       time: Date) -> ChangeEvent? {
        SnapshotDiff.adChange(AdBrief(copy old), AdBrief(copy new), money: money, time: time)
    }
}
