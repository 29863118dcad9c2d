import Foundation
import PinterestAds

/// What one analytics fetch asks about: every level at once, so cycling the range costs nothing.
struct AnalyticsScope: Sendable, Equatable {
    /// Read the account's own analytics (and its campaigns' and ad groups').
    var wholeAccount: Bool
    /// Campaign ids (250 per request).
    var campaignIDs: [String]
    /// Ad group ids (250 per request).
    var adGroupIDs: [String]
    /// The ids of the ads of the ad group in view (250 per request).
    var adIDs: [String]

    /// The requests this fetch sends: one for the account, one per 250 ids of each level.
    var requestCount: Int {
        let pages = { (ids: [String]) in (ids.count + 249) / 250 }
        return (wholeAccount ? 1 + pages(campaignIDs) + pages(adGroupIDs) : 0) + pages(adIDs)
    }
}

/// What an analytics fetch brought back.
struct AnalyticsResult: Sendable {
    /// Metrics by ad group id (unused when only the ads in view were read).
    var adGroups: [String: EntityMetrics]
    /// The account's, campaigns' and ads' metrics.
    var levels: LevelMetrics
}

/// Analytics: one collection that reads the account, its campaigns, its ad groups and the ads of
/// the ad group in view, all columns of each in one request per 250 ids; opening an ad group reads
/// its ads' analytics alone (one request), without moving the account's refresh.
extension EngineCore {
    /// The scope of an analytics fetch now.
    func analyticsScope(adsOnly: Bool) -> AnalyticsScope {
        AnalyticsScope(wholeAccount: !adsOnly, campaignIDs: adsOnly ? [] : snapshot.campaigns.map(\.id),
                       adGroupIDs: adsOnly ? [] : snapshot.adGroups.map(\.id), adIDs: adsInViewIDs)
    }

    /// The ids of the ads of the ad group in view, as far as they are known.
    var adsInViewIDs: [String] {
        guard let group = adGroupInView, let briefs = snapshot.adBriefs[group] else { return [] }
        return Array(briefs.ids)
    }

    /// Reads the analytics of the ads in view when they are not known yet; after the fetch in
    /// flight when there is one.
    mutating func analyzeAdsInView(now: Date) -> [EngineAction] {
        guard phase == .running, startup == .done, loaded.contains(.analytics) else { return [] }
        let ids = adsInViewIDs
        guard !ids.isEmpty, ids.contains(where: { snapshot.levelMetrics.ads[$0] == nil }) else { return [] }
        if let until = rateLimitedUntil, now < until { return [] }
        var runtime = collections[.analytics] ?? CollectionRuntime()
        defer { collections[.analytics] = runtime }
        if runtime.inFlight != nil || runtime.waitingForLists {
            runtime.adsRerun = true
            return []
        }
        fetchSequence += 1
        runtime.inFlight = fetchSequence
        runtime.adsOnly = true
        return [.fetch(FetchRequest(id: FetchID(kind: .analytics, sequence: fetchSequence),
                                    parameters: .analytics(analyticsScope(adsOnly: true))))]
    }

    /// The ads' analytics arrived: they replace the ads' metrics; the account's refresh keeps its time.
    mutating func adsAnalyticsFinished(_ result: FetchResult) {
        collections[.analytics]?.adsOnly = false
        guard case .analytics(let analytics) = result else { return }
        snapshot.levelMetrics.ads = analytics.levels.ads
    }
}
