import Foundation
import PinterestAds

/// The demo data with hostile values wherever the dashboard shows text or numbers: escape
/// sequences (CSI, OSC title, OSC 52 clipboard, DCS and friends), 8-bit C1 and raw C0 controls,
/// bidi overrides, zero-width and stacked combining characters, CJK, emoji sequences, a
/// 5,000-character name, an empty name, enum values no version knows, objects whose every nullable
/// field is null, and budgets at the edge of 64-bit micro amounts.
///
/// Everything else (ids, accounts, links between objects, delivery) is the demo data's, so the
/// dashboard loads it like a real account. It is what `pinwatch sandbox --dataset hostile` serves,
/// and what the robustness tests scan the terminal output for.
public enum HostileData {
    /// One hostile string, with the short ASCII tag it carries (so a test can find and filter its row).
    public struct Payload: Sendable, Hashable {
        /// Printable ASCII inside the string (`H01`…); empty for the empty name.
        public let tag: String
        /// The string as served.
        public let text: String
    }

    /// The account every hostile object belongs to (the demo's primary account).
    public static let accountID = DemoData.primaryAccountID
    /// The ad group whose ads carry the hostile payloads (one ad each, plus an all-null ad).
    public static let hostileAdsAdGroupID = DemoData.rejectedAdsAdGroupID
    /// An ad group whose every nullable field is null except the few the list needs.
    public static let nullAdGroupID = "2680061000001"
    /// An ad whose every nullable field is null except the few the list needs.
    public static let nullAdID = "687195300001"
    /// The ad group with a 5,000-character name.
    public static let longNameAdGroupID = adGroupID(12)
    /// The ad group with budgets and bids at the limits of 64-bit micro amounts.
    public static let hugeBudgetAdGroupID = adGroupID(10)
    /// What a terminal would do with the payloads' escapes: set the title to this, or copy it.
    public static let titlePayload = "pwned"

    /// The 5,000-character name (printable, so it shows how long text is cut).
    public static let longName: String = {
        let head = "H12 5000 characters "
        let body = String(repeating: "very long ad group name ", count: 5_000 / 24 + 1)
        return String((head + body).prefix(5_000))
    }()

    /// The hostile strings, in ad group order (`H01` is the first demo ad group's new name).
    public static let payloads: [Payload] = [
        Payload(tag: "H01", text: "\u{1B}[2J\u{1B}[HH01 CSI \u{1B}[31mred\u{1B}[0m \u{1B}[10;20Hmoved \u{1B}[6n\u{1B}[?1049l"
            + "\u{1B}[?25l hidden cursor"),
        Payload(tag: "H02", text: "\u{1B}]0;\(titlePayload)\u{07}H02 OSC title \u{1B}]2;\(titlePayload) too\u{1B}\\ "
            + "\u{1B}]8;;https://evil.example/\u{1B}\\link\u{1B}]8;;\u{1B}\\"),
        Payload(tag: "H03", text: "\u{1B}]52;c;cHduZWQgYnkgYSBuYW1l\u{07}H03 OSC 52 clipboard (BEL)"),
        Payload(tag: "H04", text: "H04 OSC 52 clipboard (ST)\u{1B}]52;c;ZWNobyBwd25lZCA+IH4vLmJhc2hyYw==\u{1B}\\ end"),
        Payload(tag: "H05", text: "\u{9B}2J\u{9D}0;\(titlePayload)\u{9C}H05 8-bit C1 \u{85}next line \u{90}dcs\u{9C} \u{9B}31mred"),
        Payload(tag: "H06", text: "H06 bell\u{07}\u{07} bs\u{08}\u{08}XY cr\rlf\ntab\tdel\u{7F} nul\u{0} vt\u{0B}ff\u{0C} esc\u{1B}"),
        Payload(tag: "H07", text: "\u{202E}H07 gnp.exe\u{202C} \u{2066}lri\u{2069} \u{2067}rli\u{2069} \u{2068}fsi\u{2069} "
            + "\u{200F}rlm\u{200E} \u{202B}rle\u{202C} \u{061C}alm"),
        Payload(tag: "H08", text: "\u{FEFF}H08 zero\u{200B}width\u{200D}joiner\u{FEFF}bom\u{200C}non\u{2060}wj\u{200B}"),
        Payload(tag: "H09", text: "H09 Ze" + String(repeating: "\u{0301}", count: 80) + "algo "
            + "a\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}\u{0306}\u{0307} 漢\u{0300}\u{0301} \u{0301}lead"),
        Payload(tag: "H10", text: "H10 東京 秋セール 広告グループ 한국어 ｆｕｌｌｗｉｄｔｈ 中文名称"),
        Payload(tag: "H11", text: "H11 👩‍👩‍👧‍👦 family 🇯🇵🇫🇷 flags ❤️ 🧢 👩🏽‍💻 ☀️ 1️⃣ 🏳️‍🌈"),
        Payload(tag: "H12", text: longName),
        Payload(tag: "", text: ""),
        Payload(tag: "H14", text: "H14 DCS \u{1B}P+q544e\u{1B}\\ APC \u{1B}_apc\u{1B}\\ PM \u{1B}^pm\u{1B}\\ "
            + "SOS \u{1B}Xsos\u{1B}\\ RIS \u{1B}c DECALN \u{1B}#8 charset \u{1B}(0qqq\u{1B}(B"),
    ]

    /// Enum values no version of the API lists, some hostile themselves.
    public static let unknownSummaryStatus = "SOMETHING_NEW"
    /// A review status nobody knows.
    public static let unknownReviewStatus = "ALIEN"
    /// An unknown enum value that is an escape sequence.
    public static let hostileEnumValue = "\u{1B}]0;\(titlePayload)\u{07}\u{1B}[31mNEW"
    /// The account's currency: unknown, so it is written before every amount, and hostile.
    public static let hostileCurrency = "US\u{1B}[8mD\u{202E}"

    /// Builds the hostile data set around a reference time (usually "now").
    public static func make(now: Date) -> SandboxData {
        var builder = DemoBuilder(now: now)
        builder.build()
        builder.makeHostile()
        return builder.data
    }

    /// The id of the `index`-th (from 1) generated ad group of the primary account.
    static func adGroupID(_ index: Int) -> String { String(2_680_060_800_000 + index) }

    /// `value` with every JSON field null but those in `keeping` (fields it did not have stay absent).
    static func nulled<T: Codable>(_ value: T, keeping: Set<String>) throws -> T {
        let raw = try JSONDecoder().decode(PinterestAds.JSONValue.self, from: JSONEncoder().encode(value))
        guard case .object(let members) = raw else { return value }
        var kept: [String: PinterestAds.JSONValue] = [:]
        for (key, member) in members { kept[key] = keeping.contains(key) ? member : .null }
        return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(PinterestAds.JSONValue.object(kept)))
    }
}

extension DemoBuilder {
    /// Rewrites the demo data into the hostile set (see `HostileData`).
    mutating func makeHostile() {
        let payloads = HostileData.payloads
        hostileAccounts()
        hostileCampaigns(payloads)
        for (offset, payload) in payloads.enumerated() {
            guard let index = data.adGroups.firstIndex(where: { $0.id == HostileData.adGroupID(offset + 1) }) else {
                continue
            }
            data.adGroups[index].name = payload.text
        }
        hostileEnumsAndNumbers()
        hostileAds(payloads)
        addNullObjects()
        // Delivery follows the new budgets.
        data.analytics = [:]
        addHistory()
    }

    private mutating func hostileAccounts() {
        guard let primary = data.accounts.firstIndex(where: { $0.id == HostileData.accountID }) else { return }
        data.accounts[primary].name = "Acme \u{1B}]0;\(HostileData.titlePayload)\u{07}\u{202E}Outdoor\u{202C} 東京 👩‍💻"
        data.accounts[primary].country = .unknown("\u{1B}[5mZZ")
        data.accounts[primary].currency = .unknown(HostileData.hostileCurrency)
        data.accounts[primary].owner?.username = "\u{1B}]52;c;b3duZXI=\u{07}owner"
        // The second account: every nullable field null.
        if let second = data.accounts.firstIndex(where: { $0.id == DemoData.secondaryAccountID }),
           let nulled = try? HostileData.nulled(data.accounts[second], keeping: ["id"]) {
            data.accounts[second] = nulled
        }
    }

    private mutating func hostileCampaigns(_ payloads: [HostileData.Payload]) {
        let names = [payloads[2].text, payloads[6].text, payloads[9].text, payloads[4].text, payloads[11].text]
        var next = 0
        for index in data.campaigns.indices where data.campaigns[index].adAccountId == HostileData.accountID {
            data.campaigns[index].name = names[next % names.count]
            next += 1
        }
        if let first = data.campaigns.indices.first {
            data.campaigns[first].dailySpendCap = Int.max
            data.campaigns[first].lifetimeSpendCap = Int.max
        }
        if let last = data.campaigns.indices.last {
            data.campaigns[last].summaryStatus = .unknown(HostileData.hostileEnumValue)
            data.campaigns[last].objectiveType = .unknown(HostileData.unknownSummaryStatus)
        }
    }

    /// Unknown enum values and numbers at the limits, on ad groups that still list (ACTIVE or PAUSED).
    private mutating func hostileEnumsAndNumbers() {
        for index in data.adGroups.indices {
            switch data.adGroups[index].id {
            case HostileData.adGroupID(9):
                data.adGroups[index].summaryStatus = .unknown(HostileData.unknownSummaryStatus)
                data.adGroups[index].bidStrategyType = .unknown(HostileData.hostileEnumValue)
            case HostileData.adGroupID(11):
                data.adGroups[index].summaryStatus = .unknown(HostileData.hostileEnumValue)
                data.adGroups[index].budgetInMicroCurrency = Int.max
                data.adGroups[index].budgetType = .lifetime
                data.adGroups[index].endTime = nowSeconds + 30 * day
            case HostileData.hugeBudgetAdGroupID:
                data.adGroups[index].status = .active
                data.adGroups[index].summaryStatus = .running
                data.adGroups[index].budgetInMicroCurrency = Int.max
                data.adGroups[index].budgetType = .daily
                data.adGroups[index].bidInMicroCurrency = Int.max
            case HostileData.adGroupID(13):
                data.adGroups[index].budgetInMicroCurrency = Int.min
                data.adGroups[index].bidInMicroCurrency = -1
            default:
                break
            }
        }
    }

    /// The hostile ads group: one ad per payload, with unknown statuses and hostile rejection labels.
    private mutating func hostileAds(_ payloads: [HostileData.Payload]) {
        let groupID = HostileData.hostileAdsAdGroupID
        guard let group = data.adGroup(groupID) else { return }
        let template = data.ads.first { $0.adGroupId == groupID }
        data.ads.removeAll { $0.adGroupId == groupID }
        for (offset, payload) in payloads.enumerated() {
            var ad = template ?? Ad(id: "", adAccountId: group.adAccountId, adGroupId: groupID)
            ad.id = String(687_195_300_101 + offset)
            ad.campaignId = group.campaignId
            ad.name = payload.text
            ad.rejectionLabels = [payload.text, payloads[(offset + 1) % payloads.count].text]
            ad.rejectedReasons = [.hashtags, .unknown(HostileData.hostileEnumValue)]
            ad.destinationUrl = "https://shop.example.com/\u{1B}]8;;https://evil.example/\u{07}p/\(offset)"
            switch offset % 3 {
            case 0:
                ad.reviewStatus = .unknown(HostileData.unknownReviewStatus)
                ad.summaryStatus = .unknown(HostileData.unknownSummaryStatus)
            case 1:
                ad.reviewStatus = .rejected
                ad.summaryStatus = .unknown(HostileData.hostileEnumValue)
                ad.creativeType = .unknown("\u{9B}31mHOLOGRAM")
            default:
                ad.reviewStatus = .rejected
                ad.summaryStatus = .rejected
            }
            data.ads.append(ad)
        }
    }

    /// An ad group and an ad whose every nullable field is null, except what a list needs to
    /// return them at all: the account, the ad group (for the ad) and an ACTIVE status.
    private mutating func addNullObjects() {
        if let seed = try? SeedObjects.adGroup(),
           var group = try? HostileData.nulled(seed, keeping: ["id", "ad_account_id", "status"]) {
            group.id = HostileData.nullAdGroupID
            data.adGroups.append(group)
        }
        if let seed = try? SeedObjects.ad(),
           var ad = try? HostileData.nulled(seed, keeping: ["id", "ad_account_id", "status"]) {
            ad.id = HostileData.nullAdID
            ad.adGroupId = HostileData.hostileAdsAdGroupID
            ad.explicitNulls.remove("ad_group_id")
            data.ads.append(ad)
        }
    }
}
