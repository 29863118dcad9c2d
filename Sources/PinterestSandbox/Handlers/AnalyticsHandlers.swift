import Foundation
import PinterestAds

extension SandboxStore {
    /// `GET /ad_accounts/{id}/campaigns|ad_groups|ads/analytics`: rows of the asked columns per entity
    /// (TOTAL) or per entity and day (DAY), from the delivery the sandbox accumulated.
    func analytics(_ kind: EntityKind, account: String, request: SandboxRequest) -> SandboxResponse {
        let invalid = "Invalid ad account \(kind == .adGroup ? "group" : kind.noun(count: 1)) analytics parameters."
        let ids = request.values(kind.idsParameter)
        guard (1...250).contains(ids.count), ids.allSatisfy(Self.isNumericID) else {
            return .error(400, code: ErrorCode.invalidParameters,
                          "\(invalid) \(kind.idsParameter) must list 1 to 250 numeric ids.")
        }
        return analyticsRows(request: request, invalid: invalid, idKey: kind.analyticsIDColumn, ids: ids) { id, days in
            metrics(kind, id: id, account: account, days: days)
        }
    }

    /// `GET /ad_accounts/{id}/analytics`: the account's delivery, the sum of its campaigns'.
    func accountAnalytics(account: String, request: SandboxRequest) -> SandboxResponse {
        analyticsRows(request: request, invalid: "Invalid ad account analytics parameters.", idKey: "AD_ACCOUNT_ID",
                      ids: [account]) { _, days in
            var total: [String: DailyMetrics] = [:]
            for campaign in data.campaigns where campaign.adAccountId == account {
                total.merge(metrics(.campaign, id: campaign.id, account: account, days: days) ?? [:],
                            uniquingKeysWith: +)
            }
            return total
        }
    }

    /// Rows of the asked columns per id (TOTAL) or per id and day (DAY), from `perDay` of each id.
    func analyticsRows(request: SandboxRequest, invalid: String, idKey: String, ids: [String],
                       perDay metricsOf: (String, [String]) -> [String: DailyMetrics]?) -> SandboxResponse {
        func bad(_ detail: String) -> SandboxResponse {
            .error(400, code: ErrorCode.invalidParameters, "\(invalid) \(detail)")
        }
        guard let startText = request.value("start_date"), let start = Self.day(startText) else {
            return bad("start_date is required as YYYY-MM-DD.")
        }
        guard let endText = request.value("end_date"), let end = Self.day(endText) else {
            return bad("end_date is required as YYYY-MM-DD.")
        }
        guard end >= start else { return bad("end_date must not precede start_date.") }
        guard end.timeIntervalSince(start) <= 90 * 86_400 else {
            return bad("end_date cannot be more than 90 days past start_date.")
        }
        let columns = request.values("columns")
        guard !columns.isEmpty else { return bad("columns is required.") }
        let granularity = request.value("granularity")
        guard granularity == "TOTAL" || granularity == "DAY" else {
            return bad("granularity must be TOTAL or DAY in the sandbox, got \(granularity ?? "nothing").")
        }
        var days: [String] = []
        var cursor = start
        while cursor <= end {
            days.append(APIDate(cursor).description)
            cursor.addTimeInterval(86_400)
        }
        var rows: [[String: PinterestAds.JSONValue]] = []
        for id in ids {
            guard let perDay = metricsOf(id, days) else { continue }
            if granularity == "TOTAL" {
                // Counts are whole per day, as Pinterest's are: a total is the sum of its days'.
                var row = Self.columns(columns, perDay.values.map(Self.whole).reduce(DailyMetrics(), +))
                row[idKey] = .string(id)
                rows.append(row)
            } else {
                for day in days {
                    guard let value = perDay[day], value.spendMicros > 0 || value.impressions > 0 else { continue }
                    var row = Self.columns(columns, value)
                    row[idKey] = .string(id)
                    row["DATE"] = .string(day)
                    rows.append(row)
                }
            }
        }
        return .json(rows)
    }

    /// Day → metrics of one entity of the account, nil if it is not one.
    func metrics(_ kind: EntityKind, id: String, account: String, days: [String]) -> [String: DailyMetrics]? {
        func groupDays(_ groupID: String) -> [String: DailyMetrics] {
            let all = data.analytics[groupID] ?? [:]
            return all.filter { days.contains($0.key) }
        }
        switch kind {
        case .adGroup:
            guard data.adGroup(id)?.adAccountId == account else { return nil }
            return groupDays(id)
        case .campaign:
            guard data.campaign(id)?.adAccountId == account else { return nil }
            var total: [String: DailyMetrics] = [:]
            for group in data.adGroups where group.campaignId == id {
                total.merge(groupDays(group.id), uniquingKeysWith: +)
            }
            return total
        case .ad:
            guard let ad = data.ad(id), ad.adAccountId == account, let groupID = ad.adGroupId else { return nil }
            let siblings = data.ads.filter { $0.adGroupId == groupID }
            let weight = { (ad: Ad) in 0.5 + StableHash.unit(ad.id, salt: "share") }
            let share = weight(ad) / siblings.map(weight).reduce(0, +)
            return groupDays(groupID).mapValues { $0.scaled(by: share) }
        }
    }

    /// `value` rounded, held to what an `Int` holds: budgets near `Int.max` (the hostile data set)
    /// accumulate spend past it, and converting such a Double would trap.
    static func wholeNumber(_ value: Double) -> Int {
        let rounded = value.rounded()
        guard rounded.isFinite else { return rounded > 0 ? Int.max : 0 }
        if rounded >= 0x1p63 { return Int.max }
        if rounded < -0x1p63 { return Int.min }
        return Int(rounded)
    }

    /// Every metric of a day rounded to a whole number.
    static func whole(_ value: DailyMetrics) -> DailyMetrics {
        func round(_ number: Double) -> Double { Double(wholeNumber(number)) }
        return DailyMetrics(spendMicros: round(value.spendMicros), impressions: round(value.impressions),
                            clicks: round(value.clicks), outboundClicks: round(value.outboundClicks),
                            conversions: round(value.conversions), checkoutValueMicros: round(value.checkoutValueMicros))
    }

    /// The asked columns the sandbox knows, computed from metrics; others are left out.
    static func columns(_ names: [String], _ value: DailyMetrics) -> [String: PinterestAds.JSONValue] {
        let spend = wholeNumber(value.spendMicros)
        let impressions = wholeNumber(value.impressions)
        let clicks = wholeNumber(value.clicks)
        var row: [String: PinterestAds.JSONValue] = [:]
        for name in names {
            switch name {
            case "SPEND_IN_MICRO_DOLLAR": row[name] = .int(spend)
            case "SPEND_IN_DOLLAR": row[name] = .double(Double(spend) / 1_000_000)
            case "IMPRESSION_1", "TOTAL_IMPRESSION", "PAID_IMPRESSION": row[name] = .int(impressions)
            case "CLICKTHROUGH_1", "TOTAL_CLICKTHROUGH": row[name] = .int(clicks)
            case "OUTBOUND_CLICK_1": row[name] = .int(wholeNumber(value.outboundClicks))
            case "TOTAL_CONVERSIONS": row[name] = .int(wholeNumber(value.conversions))
            case "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": row[name] = .int(wholeNumber(value.checkoutValueMicros))
            case "CTR": row[name] = .double(impressions > 0 ? Double(clicks) / Double(impressions) : 0)
            case "CPC_IN_MICRO_DOLLAR": row[name] = .double(clicks > 0 ? Double(spend) / Double(clicks) : 0)
            case "CPM_IN_MICRO_DOLLAR":
                row[name] = .double(impressions > 0 ? Double(spend) / Double(impressions) * 1000 : 0)
            default: break
            }
        }
        return row
    }

    /// Midnight UTC of a `yyyy-MM-dd` day.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
