import Foundation
import PinterestAds

/// Where an entity lives in Pinterest's Ads Manager, and where the ad guidelines are: the links
/// the dashboard copies (`y`, with OSC 52). Ids are digits from the API; anything else in them is
/// percent-encoded, so a link never carries text of its own.
public enum AdsManagerLink {
    /// Pinterest's advertising guidelines (what a rejection reason refers to).
    public static let adGuidelines = "https://policy.pinterest.com/en/advertising-guidelines"

    /// The Ads Manager page of an entity of `accountID`.
    public static func url(kind: EntityKind?, id: String, accountID: String) -> String {
        let base = "https://ads.pinterest.com/advertiser/" + encode(accountID) + "/"
        switch kind {
        case .campaign?: return base + "reporting/campaigns/?campaignIds=%5B" + encode(id) + "%5D"
        case .adGroup?: return base + "reporting/adgroups/?adGroupIds=%5B" + encode(id) + "%5D"
        case .ad?: return base + "reporting/ads/?pinPromotionIds=%5B" + encode(id) + "%5D"
        case nil: return base
        }
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

/// `y`: copy the selected row's Ads Manager link (and, for a rejected ad, say where the
/// guidelines are).
enum LinkHandling {
    static func copy(_ state: inout AppState) -> [Effect] {
        guard let id = state.selectedID else {
            state.say("Nothing selected to copy", .warning)
            return []
        }
        let kind = state.screen.tableKind.entityKind
        let account = kind == nil ? id : (state.snapshot.account?.id ?? "")
        guard !account.isEmpty else { return [] }
        let link = AdsManagerLink.url(kind: kind, id: id, accountID: account)
        state.say("Copied " + link)
        return [.copyToClipboard(link)]
    }
}
