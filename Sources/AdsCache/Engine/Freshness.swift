import Foundation
import PinterestAds

/// What status changes made newer than a fetch in flight: entities read back after an action are
/// fresher than a listing that started before it, and must not be overwritten by it.
struct Freshness: Sendable {
    /// Entities read back, with the sequence of the read-back (see `EngineCore.fetchSequence`).
    private(set) var readBack: [String: Int] = [:]
    /// The ads read back, for writing to the cache again after an older listing wrote over them.
    private(set) var readBackAds: [String: Ad] = [:]

    var isEmpty: Bool { readBack.isEmpty }

    /// Records entities read back at `sequence`.
    mutating func record(_ ids: some Sequence<String>, ads: [Ad], at sequence: Int) {
        for id in ids { readBack[id] = sequence }
        for ad in ads { readBackAds[ad.id] = ad }
    }

    /// Folds a fetch's items (the fetch with `sequence`): an item read back after the fetch started
    /// keeps its current copy; items with a change in flight show its target status.
    mutating func fold<T: DiffEntity & StatusBearing>(_ items: inout [T], current: @autoclosure () -> [T],
                                                      sequence: Int, pending: [String: PendingChange]) {
        keepNewer(&items, current: current(), sequence: sequence)
        guard !pending.isEmpty else { return }
        for index in items.indices {
            if let change = pending[items[index].id], change.kind == T.entityKind {
                items[index].status = change.to
            }
        }
    }

    /// The ads read back after the fetch with `sequence` started.
    func ads(newerThan sequence: Int) -> [Ad] {
        readBackAds.values.filter { (readBack[$0.id] ?? .min) > sequence }.sorted { $0.id < $1.id }
    }

    private mutating func keepNewer<T: DiffEntity>(_ items: inout [T], current: @autoclosure () -> [T], sequence: Int) {
        guard !readBack.isEmpty else { return }
        let newer = readBack.filter { $0.value > sequence }
        if !newer.isEmpty {
            let currentByID = Dictionary(current().filter { newer[$0.id] != nil }.map { ($0.id, $0) },
                                         uniquingKeysWith: { first, _ in first })
            for index in items.indices {
                if let kept = currentByID[items[index].id] { items[index] = kept }
            }
        }
        // Read-backs older than this fetch are superseded by it.
        for item in items where (readBack[item.id] ?? .max) < sequence {
            readBack[item.id] = nil
            readBackAds[item.id] = nil
        }
    }
}

/// An entity with a status the engine may show as pending.
protocol StatusBearing {
    static var entityKind: EntityKind { get }
    var status: EntityStatus? { get set }
}

extension Campaign: StatusBearing { static var entityKind: EntityKind { .campaign } }
extension AdGroup: StatusBearing { static var entityKind: EntityKind { .adGroup } }
extension Ad: StatusBearing { static var entityKind: EntityKind { .ad } }
extension AdBrief: StatusBearing { static var entityKind: EntityKind { .ad } }
