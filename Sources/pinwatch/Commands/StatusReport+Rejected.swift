import AdsCache
import Dashboard
import PinterestAds
import ScreenGrid

extension StatusReport {
    /// A REJECTED ad, as `--fail-on-rejected` names it.
    struct RejectedAd: Equatable {
        var id: String
        var name: String
        var adGroupID: String
        var adGroupName: String
        var reasons: [String]
    }

    /// The snapshot's REJECTED ads, in ad group order.
    static func rejectedAds(in snapshot: Snapshot) -> [RejectedAd] {
        snapshot.adGroups.flatMap { group in
            (snapshot.adBriefs[group.id] ?? []).filter(\.isRejected).map { ad in
                RejectedAd(id: ad.id, name: ad.name ?? "", adGroupID: group.id, adGroupName: group.name ?? "",
                           reasons: (ad.rejectedReasons ?? []).map(\.label))
            }
        }
    }

    /// Lines for standard error: which ads are rejected, in which ad group, and why. Every API string
    /// is sanitized (standard error is usually a terminal) and long names are cut.
    static func rejectedReport(_ ads: [RejectedAd]) -> String {
        func clean(_ text: String) -> String {
            DisplayWidth.truncate(TextSanitizer.sanitize(text), toWidth: 100, ellipsis: "…")
        }
        let lines = ads.map { ad in
            let reasons = ad.reasons.isEmpty ? "no reason given" : ad.reasons.map(clean).joined(separator: "; ")
            return "  ad \(clean(ad.id)) “\(clean(ad.name))” in ad group \(clean(ad.adGroupID)) “\(clean(ad.adGroupName))”: \(reasons)"
        }
        let count = ads.count == 1 ? "1 ad is" : "\(ads.count) ads are"
        return (["pinwatch: \(count) REJECTED:"] + lines).joined(separator: "\n") + "\n"
    }
}
