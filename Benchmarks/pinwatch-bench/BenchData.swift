import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox

/// The inputs every benchmark uses, built once: the synthetic account as the sandbox serves it, as
/// API pages, and as the snapshots the engine would publish.
struct BenchData {
    /// The reference time (2026-01-15 12:00 UTC): fixed, so every run and machine sees the same data.
    static let referenceTime = Date(timeIntervalSince1970: 1_768_478_400)

    let data: SandboxData
    /// The snapshot the engine publishes after a full refresh.
    let snapshot: Snapshot
    /// The same account one refresh later, with a realistic number of changes (see `changed`).
    let changedSnapshot: Snapshot
    /// What `changedSnapshot` changed, for the report.
    let changeSummary: String
    /// `{"items": [250 ad groups], "bookmark": "…"}` exactly as the sandbox sends it.
    let firstPage: Data
    /// Every ad group, as the pages of 250 the client decodes one after another.
    let allPages: [Data]

    init(adGroups: Int, adsPerGroup: Int) throws {
        let data = SyntheticData.make(adGroups: adGroups, adsPerGroup: adsPerGroup, now: Self.referenceTime)
        self.data = data
        let snapshot = Self.snapshot(of: data, now: Self.referenceTime)
        self.snapshot = snapshot
        (changedSnapshot, changeSummary) = Self.changed(snapshot)
        let groups = data.adGroups
        let pages = try stride(from: 0, to: groups.count, by: 250).map { start in
            let end = min(start + 250, groups.count)
            let bookmark = end < groups.count ? Data("offset:\(end)".utf8).base64EncodedString() : nil
            return try Self.encodePage(Array(groups[start..<end]), bookmark: bookmark)
        }
        allPages = pages
        firstPage = pages.first ?? Data("{\"items\":[],\"bookmark\":null}".utf8)
    }

    /// A list page as the sandbox writes it (sorted keys, unescaped slashes, explicit null bookmark).
    static func encodePage(_ items: [AdGroup], bookmark: String?) throws -> Data {
        struct PageBody: Encodable {
            var items: [AdGroup]
            var bookmark: String?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(items, forKey: .items)
                try container.encode(bookmark, forKey: .bookmark)
            }
            enum CodingKeys: String, CodingKey { case items, bookmark }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(PageBody(items: items, bookmark: bookmark))
    }

    /// The snapshot after every collection was fetched: ads grouped by ad group, analytics folded
    /// to today's totals and 14 days of spend.
    static func snapshot(of data: SandboxData, now: Date) -> Snapshot {
        var adsByAdGroup: [String: [Ad]] = [:]
        for ad in data.ads { adsByAdGroup[ad.adGroupId ?? "", default: []].append(ad) }
        let window = AnalyticsFolding.window(endingAt: APIDate(now, timeZone: TimeZone(identifier: "UTC") ?? .current),
                                             days: 14).map(\.description)
        var metrics: [String: AdGroupMetrics] = [:]
        for group in data.adGroups {
            let days = data.analytics[group.id] ?? [:]
            let today = days[window.last ?? ""] ?? DailyMetrics()
            let impressions = Int(today.impressions.rounded())
            let clicks = Int(today.clicks.rounded())
            metrics[group.id] = AdGroupMetrics(
                spendToday: Int(today.spendMicros.rounded()), impressionsToday: impressions, clicksToday: clicks,
                dailySpend: window.map { Int((days[$0]?.spendMicros ?? 0).rounded()) })
        }
        var collections: [CollectionKind: CollectionStatus] = [:]
        for kind in [CollectionKind.accounts, .campaigns, .adGroups, .ads, .analytics] {
            collections[kind] = CollectionStatus(lastFetched: now.addingTimeInterval(-20),
                                                 nextRefresh: now.addingTimeInterval(10))
        }
        return Snapshot(accounts: data.accounts, account: data.accounts.first, campaigns: data.campaigns,
                        adGroups: data.adGroups, adsByAdGroup: adsByAdGroup, metrics: metrics,
                        collections: collections)
    }

    /// One refresh later on a busy account: 1 % of ad groups change summary status, 0.5 % change
    /// budget, 0.2 % change bid; 1 % of ads are reviewed (half rejected with a reason); 20 ads are
    /// added and 10 removed; spend moves for every ad group (metrics, which the diff ignores).
    static func changed(_ old: Snapshot) -> (Snapshot, String) {
        var new = old
        var statusChanges = 0, budgetChanges = 0, bidChanges = 0
        for index in new.adGroups.indices {
            if index % 100 == 7 {
                new.adGroups[index].summaryStatus = new.adGroups[index].summaryStatus == .running ? .completed : .running
                statusChanges += 1
            }
            if index % 200 == 13 {
                new.adGroups[index].budgetInMicroCurrency = (new.adGroups[index].budgetInMicroCurrency ?? 0) + 5_000_000
                budgetChanges += 1
            }
            if index % 500 == 17 {
                new.adGroups[index].bidInMicroCurrency = (new.adGroups[index].bidInMicroCurrency ?? 0) + 100_000
                bidChanges += 1
            }
        }
        var reviewed = 0, added = 0, removed = 0
        let groupIDs = new.adGroups.map(\.id)
        // Edited as a local dictionary and assigned once: each assignment to the snapshot's
        // refreshes the briefs of the ad groups that changed.
        var adsByAdGroup = new.adsByAdGroup
        for (position, groupID) in groupIDs.enumerated() {
            guard var ads = adsByAdGroup[groupID] else { continue }
            for index in ads.indices where (position * ads.count + index) % 100 == 3 {
                let reject = reviewed % 2 == 0
                ads[index].reviewStatus = reject ? .rejected : .approved
                ads[index].rejectedReasons = reject ? [.landingPageBroken] : []
                reviewed += 1
            }
            if position % 500 == 250, let template = ads.first {
                for extra in 0..<2 {
                    var ad = template
                    ad.id = "9\(groupID.suffix(8))\(extra)"
                    ad.reviewStatus = .pending
                    ads.append(ad)
                    added += 1
                }
            }
            if position % 1000 == 500, !ads.isEmpty {
                ads.removeLast()
                removed += 1
            }
            adsByAdGroup[groupID] = ads
        }
        new.adsByAdGroup = adsByAdGroup
        for (id, var metrics) in new.metrics {
            metrics.ranges.today.spend += 12_345
            new.metrics[id] = metrics
        }
        let summary = "\(statusChanges) status, \(budgetChanges) budget, \(bidChanges) bid changes; "
            + "\(reviewed) ads reviewed, \(added) added, \(removed) removed"
        return (new, summary)
    }
}
