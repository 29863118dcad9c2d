import Foundation
import PinterestAds

/// What list filters and getters need from campaigns, ad groups and ads alike.
struct EntityView {
    var id: String
    var account: String?
    var campaign: String?
    var adGroup: String?
    var status: EntityStatus?
}

extension SandboxStore {
    /// `GET /ad_accounts`.
    func listAccounts(_ request: SandboxRequest) -> SandboxResponse {
        page(data.accounts, request: request, invalid: "Invalid ad accounts parameters.")
    }

    /// `GET /ad_accounts/{id}/campaigns|ad_groups|ads` with the spec's filters.
    func listEntities(_ kind: EntityKind, account: String, request: SandboxRequest) -> SandboxResponse {
        let invalid = "Invalid ad account \(kind.noun(count: 2)) parameters."
        var filters: [String: Set<String>] = [:]
        let allowed: [EntityKind: [String]] = [.campaign: ["campaign_ids"],
                                               .adGroup: ["campaign_ids", "ad_group_ids"],
                                               .ad: ["campaign_ids", "ad_group_ids", "ad_ids"]]
        for name in allowed[kind] ?? [] {
            let ids = request.values(name)
            guard request.value(name) != nil else { continue }
            guard (1...250).contains(ids.count) else {
                return .error(400, code: ErrorCode.invalidParameters, "\(invalid) \(name) must list 1 to 250 ids.")
            }
            guard ids.allSatisfy(Self.isNumericID) else {
                return .error(400, code: ErrorCode.invalidParameters, "\(invalid) \(name) must be numeric ids.")
            }
            filters[name] = Set(ids)
        }
        let statusNames = request.values("entity_statuses")
        let known = ["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT"]
        if let bad = statusNames.first(where: { !known.contains($0) }) {
            return .error(400, code: ErrorCode.invalidParameters,
                          "\(invalid) entity_statuses: \(bad) is not one of \(known.joined(separator: ", ")).")
        }
        let statuses = Set(statusNames.isEmpty ? ["ACTIVE", "PAUSED"] : statusNames)
        let descending: Bool
        switch request.value("order") {
        case nil, "ASCENDING"?: descending = false
        case "DESCENDING"?: descending = true
        case let other?:
            return .error(400, code: ErrorCode.invalidParameters, "\(invalid) order \(other) is not ASCENDING or DESCENDING.")
        }
        func keep(_ view: EntityView) -> Bool {
            view.account == account
                && statuses.contains(view.status?.rawValue ?? "")
                && filters["campaign_ids"].map { $0.contains(view.campaign ?? "") } ?? true
                && filters["ad_group_ids"].map { $0.contains(view.adGroup ?? "") } ?? true
                && filters["ad_ids"].map { $0.contains(view.id) } ?? true
        }
        func ordered<T>(_ items: [T], _ view: (T) -> EntityView) -> [T] {
            let sorted = items.filter { keep(view($0)) }.sorted { Self.idLess(view($0).id, view($1).id) }
            return descending ? sorted.reversed() : sorted
        }
        switch kind {
        case .campaign: return page(ordered(data.campaigns, Self.view), request: request, invalid: invalid)
        case .adGroup: return page(ordered(data.adGroups, Self.view), request: request, invalid: invalid)
        case .ad: return page(ordered(data.ads, Self.view), request: request, invalid: invalid)
        }
    }

    /// `GET /ad_accounts/{id}/campaigns|ad_groups|ads/{entity_id}`.
    func getEntity(_ kind: EntityKind, account: String, id: String) -> SandboxResponse {
        let missing = SandboxResponse.error(404, code: ErrorCode.notFound,
                                            "\(kind.noun(count: 1).capitalizedFirst) \(id) not found.")
        switch kind {
        case .campaign:
            guard let item = data.campaign(id), item.adAccountId == account else { return missing }
            return .json(item)
        case .adGroup:
            guard let item = data.adGroup(id), item.adAccountId == account else { return missing }
            return .json(item)
        case .ad:
            guard let item = data.ad(id), item.adAccountId == account else { return missing }
            return .json(item)
        }
    }

    /// One page of `items` per `page_size` (1…250, default 25) and `bookmark` (base64 of an offset).
    func page<T: Encodable>(_ items: [T], request: SandboxRequest, invalid: String) -> SandboxResponse {
        var size = 25
        if let raw = request.value("page_size") {
            guard let value = Int(raw), (1...250).contains(value) else {
                return .error(400, code: ErrorCode.invalidParameters,
                              "\(invalid) page_size must be an integer from 1 to 250, got \(raw).")
            }
            size = value
        }
        var offset = 0
        if let bookmark = request.value("bookmark") {
            guard let value = Self.offset(fromBookmark: bookmark), value <= items.count else {
                return .error(400, code: ErrorCode.invalidParameters, "\(invalid) Invalid bookmark.")
            }
            offset = value
        }
        let end = min(items.count, offset + size)
        let next = end < items.count ? Self.bookmark(forOffset: end) : nil
        return .json(ListPage(items: Array(items[offset..<end]), bookmark: next))
    }

    static func bookmark(forOffset offset: Int) -> String {
        Data("sandbox-offset:\(offset)".utf8).base64EncodedString()
    }

    static func offset(fromBookmark bookmark: String) -> Int? {
        guard let bytes = Data(base64Encoded: bookmark), let text = String(data: bytes, encoding: .utf8),
              text.hasPrefix("sandbox-offset:"), let value = Int(text.dropFirst("sandbox-offset:".count)),
              value >= 0 else { return nil }
        return value
    }

    static func isNumericID(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Numeric order of decimal ids (shorter is smaller).
    static func idLess(_ lhs: String, _ rhs: String) -> Bool {
        lhs.count != rhs.count ? lhs.count < rhs.count : lhs < rhs
    }

    static func view(_ item: Campaign) -> EntityView {
        EntityView(id: item.id, account: item.adAccountId, campaign: item.id, adGroup: nil, status: item.status)
    }

    static func view(_ item: AdGroup) -> EntityView {
        EntityView(id: item.id, account: item.adAccountId, campaign: item.campaignId, adGroup: item.id, status: item.status)
    }

    static func view(_ item: Ad) -> EntityView {
        EntityView(id: item.id, account: item.adAccountId, campaign: item.campaignId, adGroup: item.adGroupId,
                   status: item.status)
    }
}

extension String {
    /// The string with its first letter upper-cased ("ad group" → "Ad group").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
