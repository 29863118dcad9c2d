import Foundation
import PinterestAds

/// Small, id-based edits of a snapshot's entities, used to show pending changes and apply read-backs.
extension Snapshot {
    /// The current status of an entity, if it is in the snapshot.
    func status(of kind: EntityKind, id: String) -> EntityStatus? {
        switch kind {
        case .campaign: campaigns.first { $0.id == id }?.status
        case .adGroup: adGroups.first { $0.id == id }?.status
        case .ad: adBrief(id: id)?.status
        }
    }

    /// The name of an entity, if it is in the snapshot.
    func name(of kind: EntityKind, id: String) -> String? {
        switch kind {
        case .campaign: campaigns.first { $0.id == id }?.name
        case .adGroup: adGroups.first { $0.id == id }?.name
        case .ad: adBrief(id: id)?.name
        }
    }

    /// The brief of the ad with this id, resident or not.
    func adBrief(id: String) -> AdBrief? {
        for briefs in adBriefs.values {
            if let index = briefs.index(ofID: id) { return briefs[index] }
        }
        return nil
    }

    /// Sets the displayed status of entities by id (only those present).
    mutating func setStatus(_ statuses: [String: EntityStatus], kind: EntityKind) {
        guard !statuses.isEmpty else { return }
        switch kind {
        case .campaign:
            for index in campaigns.indices {
                if let status = statuses[campaigns[index].id] { campaigns[index].status = status }
            }
        case .adGroup:
            for index in adGroups.indices {
                if let status = statuses[adGroups[index].id] { adGroups[index].status = status }
            }
        case .ad:
            for (group, ads) in adsByAdGroup where ads.contains(where: { statuses[$0.id] != nil }) {
                setFullAds(ads.map { ad in
                    var ad = ad
                    if let status = statuses[ad.id] { ad.status = status }
                    return ad
                }, of: group)
            }
            // Ad groups whose full ads are not resident.
            for (group, briefs) in adBriefs where adsByAdGroup[group] == nil
                && briefs.ids.contains(where: { statuses[$0] != nil }) {
                adBriefs[group] = AdBriefs(briefs.map { brief in
                    var brief = brief
                    if let status = statuses[brief.id] { brief.status = status }
                    return brief
                })
            }
        }
    }

    /// Replaces campaigns by id (appending those not present).
    mutating func replace(campaigns fresh: [Campaign]) {
        campaigns = Self.merge(campaigns, fresh)
    }

    /// Replaces ad groups by id (appending those not present).
    mutating func replace(adGroups fresh: [AdGroup]) {
        adGroups = Self.merge(adGroups, fresh)
    }

    /// Replaces ads by id, wherever they are; new ones go to their ad group.
    mutating func replace(ads fresh: [Ad]) {
        var remaining = Dictionary(fresh.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for (group, ads) in adsByAdGroup where ads.contains(where: { remaining[$0.id] != nil }) {
            setFullAds(ads.map { ad in remaining.removeValue(forKey: ad.id) ?? ad }, of: group)
        }
        // Ads of ad groups whose full ads are not resident: only their briefs change.
        for (group, briefs) in adBriefs where adsByAdGroup[group] == nil
            && briefs.ids.contains(where: { remaining[$0] != nil }) {
            adBriefs[group] = AdBriefs(briefs.map { brief in remaining.removeValue(forKey: brief.id).map(AdBrief.init) ?? brief })
        }
        for ad in fresh where remaining[ad.id] != nil {
            let group = ad.adGroupId ?? ""
            if adsByAdGroup[group] == nil, adBriefs[group] != nil {
                adBriefs[group, default: []].append(AdBrief(ad))
            } else {
                setFullAds((adsByAdGroup[group] ?? []) + [ad], of: group)
            }
        }
    }

    private static func merge<T: DiffEntity>(_ current: [T], _ fresh: [T]) -> [T] {
        var remaining = Dictionary(fresh.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        var result = current.map { item in remaining.removeValue(forKey: item.id) ?? item }
        result.append(contentsOf: fresh.filter { remaining[$0.id] != nil })
        return result
    }
}
