import AdsCache
import Foundation
import PinterestAds

/// A realistic large account: 10,000 ad groups with 5 ads each.
enum LargeSnapshot {
    static func make(groups: Int = 10_000, adsPerGroup: Int = 5) -> Snapshot {
        let adGroups = (0..<groups).map { index in
            Fixture.adGroup("g\(index)", campaign: "c\(index % 50)", budget: 1_000_000 * (index % 40 + 1),
                            name: "Ad group \(index)")
        }
        var ads: [String: [Ad]] = [:]
        for group in adGroups {
            ads[group.id] = (0..<adsPerGroup).map { Fixture.ad("\(group.id)-a\($0)", group: group.id) }
        }
        return Snapshot(account: Fixture.account, campaigns: (0..<50).map { Fixture.campaign("c\($0)") },
                        adGroups: adGroups, adsByAdGroup: ads)
    }
}
