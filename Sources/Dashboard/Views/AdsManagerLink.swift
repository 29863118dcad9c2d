import AdsCache
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

    /// The Ads Manager page of row `id` of the table on screen (an account row: the account's),
    /// or nil when the account is not known yet.
    static func url(ofRow id: String, in state: AppState) -> String? {
        guard let kind = state.screen.tableKind.entityKind else { return url(kind: nil, id: id, accountID: id) }
        return state.snapshot.accountInView.map { url(kind: kind, id: id, accountID: $0) }
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
        guard let link = AdsManagerLink.url(ofRow: id, in: state) else {
            state.say("The account is still loading; nothing copied", .warning)
            return []
        }
        state.say("Copied " + link)
        return [.copyToClipboard(link)]
    }
}

extension Snapshot {
    /// The id of the account in view. Its objects name it before the account itself has arrived
    /// (the account list and the ad groups are fetched side by side), so a link can be made then.
    var accountInView: String? {
        let id = account?.id ?? adGroups.first?.adAccountId ?? campaigns.first?.adAccountId
        return id?.isEmpty == false ? id : nil
    }
}
