import Foundation
import PinterestAds

/// One ad group's delivery on one day, as the sandbox accumulates it. Fractions are kept so slow
/// spend still adds up; analytics round when they answer.
public struct DailyMetrics: Codable, Sendable, Hashable {
    /// Spend in micro units of the account currency.
    public var spendMicros: Double
    /// Impressions.
    public var impressions: Double
    /// Pin clicks.
    public var clicks: Double
    /// Outbound clicks (to the advertiser's site).
    public var outboundClicks: Double
    /// Conversions.
    public var conversions: Double
    /// Checkout value in micro units of the account currency.
    public var checkoutValueMicros: Double

    /// Creates metrics.
    public init(spendMicros: Double = 0, impressions: Double = 0, clicks: Double = 0, outboundClicks: Double = 0,
                conversions: Double = 0, checkoutValueMicros: Double = 0) {
        self.spendMicros = spendMicros
        self.impressions = impressions
        self.clicks = clicks
        self.outboundClicks = outboundClicks
        self.conversions = conversions
        self.checkoutValueMicros = checkoutValueMicros
    }

    /// Adds another day's (or share's) metrics.
    public static func + (lhs: DailyMetrics, rhs: DailyMetrics) -> DailyMetrics {
        DailyMetrics(spendMicros: lhs.spendMicros + rhs.spendMicros,
                     impressions: lhs.impressions + rhs.impressions,
                     clicks: lhs.clicks + rhs.clicks,
                     outboundClicks: lhs.outboundClicks + rhs.outboundClicks,
                     conversions: lhs.conversions + rhs.conversions,
                     checkoutValueMicros: lhs.checkoutValueMicros + rhs.checkoutValueMicros)
    }

    /// Scales every metric (an ad's share of its ad group).
    public func scaled(by factor: Double) -> DailyMetrics {
        DailyMetrics(spendMicros: spendMicros * factor, impressions: impressions * factor, clicks: clicks * factor,
                     outboundClicks: outboundClicks * factor, conversions: conversions * factor,
                     checkoutValueMicros: checkoutValueMicros * factor)
    }

    enum CodingKeys: String, CodingKey {
        case spendMicros = "spend_in_micro_dollar"
        case impressions = "impression_1"
        case clicks = "clickthrough_1"
        case outboundClicks = "outbound_click_1"
        case conversions = "total_conversions"
        case checkoutValueMicros = "total_checkout_value_in_micro_dollar"
    }

    /// Decodes metrics; the columns added later may be left out (they count as 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Double { try container.decodeIfPresent(Double.self, forKey: key) ?? 0 }
        self.init(spendMicros: try value(.spendMicros), impressions: try value(.impressions), clicks: try value(.clicks),
                  outboundClicks: try value(.outboundClicks), conversions: try value(.conversions),
                  checkoutValueMicros: try value(.checkoutValueMicros))
    }
}

/// Everything the sandbox serves. Codable as
/// `{"accounts": [...], "campaigns": [...], "ad_groups": [...], "ads": [...], "analytics": {...}}`
/// (`analytics`, ad group id → `yyyy-MM-dd` → metrics, may be left out).
public struct SandboxData: Codable, Sendable, Hashable {
    /// Ad accounts.
    public var accounts: [AdAccount]
    /// Campaigns of every account.
    public var campaigns: [Campaign]
    /// Ad groups of every account.
    public var adGroups: [AdGroup]
    /// Ads of every account.
    public var ads: [Ad]
    /// Delivery per ad group id, per day (`yyyy-MM-dd`, UTC).
    public var analytics: [String: [String: DailyMetrics]]

    /// Creates a data set.
    public init(accounts: [AdAccount] = [], campaigns: [Campaign] = [], adGroups: [AdGroup] = [],
                ads: [Ad] = [], analytics: [String: [String: DailyMetrics]] = [:]) {
        self.accounts = accounts
        self.campaigns = campaigns
        self.adGroups = adGroups
        self.ads = ads
        self.analytics = analytics
    }

    enum CodingKeys: String, CodingKey {
        case accounts, campaigns, ads, analytics
        case adGroups = "ad_groups"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accounts = try container.decode([AdAccount].self, forKey: .accounts)
        campaigns = try container.decode([Campaign].self, forKey: .campaigns)
        adGroups = try container.decode([AdGroup].self, forKey: .adGroups)
        ads = try container.decode([LenientAd].self, forKey: .ads).map(\.ad)
        analytics = try container.decodeIfPresent([String: [String: DailyMetrics]].self, forKey: .analytics) ?? [:]
    }

    /// The account with this id.
    public func account(_ id: String) -> AdAccount? { accounts.first { $0.id == id } }
    /// The campaign with this id.
    public func campaign(_ id: String) -> Campaign? { campaigns.first { $0.id == id } }
    /// The ad group with this id.
    public func adGroup(_ id: String) -> AdGroup? { adGroups.first { $0.id == id } }
    /// The ad with this id.
    public func ad(_ id: String) -> Ad? { ads.first { $0.id == id } }
}

/// Why a data file could not be used.
public struct SandboxDataError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for people.
    public var description: String
}

extension SandboxData {
    /// Loads a data set from a JSON file, with an error that says which file and where it is wrong.
    public static func load(from url: URL) throws(SandboxDataError) -> SandboxData {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw SandboxDataError(description: "Cannot read sandbox data file \(url.path): \(error.localizedDescription)")
        }
        return try decode(bytes, source: url.path)
    }

    /// Decodes a data set from JSON; `source` names it in error messages.
    public static func decode(_ bytes: Data, source: String = "data") throws(SandboxDataError) -> SandboxData {
        let data: SandboxData
        do {
            data = try JSONDecoder().decode(SandboxData.self, from: bytes)
        } catch let error as DecodingError {
            throw SandboxDataError(description: "Sandbox data \(source) is not valid: \(Self.explain(error))")
        } catch {
            throw SandboxDataError(description: "Sandbox data \(source) is not valid JSON: \(error.localizedDescription)")
        }
        if let problem = data.consistencyProblem() {
            throw SandboxDataError(description: "Sandbox data \(source) is inconsistent: \(problem)")
        }
        return data
    }

    /// JSON for `--data` files (sorted keys, pretty printed).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A reason the set cannot be served (duplicate ids, objects without an account), or nil.
    func consistencyProblem() -> String? {
        if accounts.isEmpty { return "\"accounts\" is empty" }
        let accountIDs = Set(accounts.map(\.id))
        for (kind, ids) in [("account", accounts.map(\.id)), ("campaign", campaigns.map(\.id)),
                            ("ad group", adGroups.map(\.id)), ("ad", ads.map(\.id))] {
            var seen = Set<String>()
            for id in ids where !seen.insert(id).inserted {
                return "\(kind) id \(id) appears twice"
            }
        }
        let owners: [(String, String, String?)] = campaigns.map { ("campaign", $0.id, $0.adAccountId) }
            + adGroups.map { ("ad group", $0.id, $0.adAccountId) } + ads.map { ("ad", $0.id, $0.adAccountId) }
        for (kind, id, account) in owners where !accountIDs.contains(account ?? "") {
            return "\(kind) \(id) has ad_account_id \(account ?? "null"), which is not in \"accounts\""
        }
        return nil
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return String(describing: error)
        }
    }
}

/// An ad decoded leniently: Pinterest's own sample ad has quiz options without the `id` the
/// description requires, so an unreadable `quiz_pin_data` is kept as raw JSON instead of failing.
struct LenientAd: Decodable {
    var ad: Ad

    init(from decoder: any Decoder) throws {
        let raw = try PinterestAds.JSONValue(from: decoder)
        ad = try Self.ad(from: raw)
    }

    /// Decodes an ad from raw JSON, keeping an unreadable `quiz_pin_data` verbatim.
    static func ad(from raw: PinterestAds.JSONValue) throws -> Ad {
        let data = try JSONEncoder().encode(raw)
        do {
            return try JSONDecoder().decode(Ad.self, from: data)
        } catch {
            guard case .object(var members) = raw, let quiz = members.removeValue(forKey: "quiz_pin_data") else {
                throw error
            }
            var ad = try JSONDecoder().decode(Ad.self, from: try JSONEncoder().encode(PinterestAds.JSONValue.object(members)))
            ad.additionalProperties["quiz_pin_data"] = quiz
            return ad
        }
    }
}
