import Foundation
import PinterestAds

/// `{"code", "message"}` inside a PATCH answer's element.
struct ItemException: Encodable {
    var code: Int
    var message: String
}

/// An element of `CampaignUpdateResponse` / `AdGroupArrayResponse`: `exceptions` is an array.
struct ArrayResponseElement<Item: Encodable>: Encodable {
    var data: Item?
    var exceptions: [ItemException]
}

/// An element of `AdArrayResponse`: the spec makes `exceptions` a single object, present on failure.
struct AdArrayResponseElement: Encodable {
    var data: Ad?
    var exceptions: ItemException?
}

/// `{"items": [...]}`.
struct ItemsResponse<Element: Encodable>: Encodable {
    var items: [Element]
}

extension SandboxStore {
    /// `PATCH /ad_accounts/{id}/campaigns|ad_groups|ads` with `[{"id", "status"}, …]` (1…30 items).
    /// Each item succeeds or carries its own exception; the others are applied regardless.
    func updateStatuses(_ kind: EntityKind, account: String, request: SandboxRequest) -> SandboxResponse {
        let invalid = "Invalid \(kind.noun(count: 1)) update request:"
        guard let parsed = try? JSONSerialization.jsonObject(with: request.body), let list = parsed as? [Any] else {
            return .error(400, code: ErrorCode.invalidParameters, "\(invalid) the body must be a JSON array.")
        }
        guard (1...30).contains(list.count) else {
            return .error(400, code: ErrorCode.invalidParameters,
                          "\(invalid) list of \(kind.noun(count: 2)) to update, size limit [1, 30], got \(list.count).")
        }
        var updates: [(id: String, status: String?)] = []
        for element in list {
            guard let object = element as? [String: Any], let id = object["id"] as? String, Self.isNumericID(id) else {
                return .error(400, code: ErrorCode.invalidParameters, "\(invalid) every item needs a numeric string \"id\".")
            }
            updates.append((id, object["status"] as? String))
        }
        let time = Int(now().timeIntervalSince1970)
        switch kind {
        case .campaign:
            let items = updates.map { update -> ArrayResponseElement<Campaign> in
                switch updateCampaign(update.id, to: update.status, account: account, time: time) {
                case .success(let item): return ArrayResponseElement(data: item, exceptions: [])
                case .failure(let failure): return ArrayResponseElement(data: nil, exceptions: [failure.exception])
                }
            }
            return .json(ItemsResponse(items: items))
        case .adGroup:
            let items = updates.map { update -> ArrayResponseElement<AdGroup> in
                switch updateAdGroup(update.id, to: update.status, account: account, time: time) {
                case .success(let item): return ArrayResponseElement(data: item, exceptions: [])
                case .failure(let failure): return ArrayResponseElement(data: nil, exceptions: [failure.exception])
                }
            }
            return .json(ItemsResponse(items: items))
        case .ad:
            let items = updates.map { update -> AdArrayResponseElement in
                switch updateAd(update.id, to: update.status, account: account, time: time) {
                case .success(let item): return AdArrayResponseElement(data: item, exceptions: nil)
                case .failure(let failure): return AdArrayResponseElement(data: nil, exceptions: failure.exception)
                }
            }
            return .json(ItemsResponse(items: items))
        }
    }

    /// Why one item was refused.
    struct ItemFailureReason: Error {
        var exception: ItemException
    }

    /// Checks that an entity exists in the account and may take the status; returns the status to set.
    func validate(_ kind: EntityKind, id: String, owner: String??, current: EntityStatus?, target: String?,
                  account: String) -> Result<EntityStatus?, ItemFailureReason> {
        let noun = kind.noun(count: 1)
        guard let owner else {
            return .failure(ItemFailureReason(exception: ItemException(
                code: ErrorCode.notFound, message: "\(noun.capitalizedFirst) \(id) not found.")))
        }
        guard owner == account else {
            return .failure(ItemFailureReason(exception: ItemException(
                code: ErrorCode.notFound,
                message: "\(noun.capitalizedFirst) \(id) does not belong to ad account \(account).")))
        }
        guard let target else { return .success(nil) }
        let status = EntityStatus(rawValue: target)
        if let refusal = StatusRules.refusal(from: current, to: status, noun: noun) {
            return .failure(ItemFailureReason(exception: ItemException(code: ErrorCode.forbiddenTransition,
                                                                       message: refusal)))
        }
        return .success(status)
    }

    func updateCampaign(_ id: String, to target: String?, account: String, time: Int) -> Result<Campaign, ItemFailureReason> {
        let index = data.campaigns.firstIndex { $0.id == id }
        let current = index.map { data.campaigns[$0] }
        return validate(.campaign, id: id, owner: current.map(\.adAccountId), current: current?.status,
                        target: target, account: account).flatMap { status in
            guard let index, var item = current else { return .failure(Self.internalFailure(id)) }
            if let status {
                item.status = status
                item.summaryStatus = StatusRules.campaignSummary(status: status, start: item.startTime, end: item.endTime,
                                                                 now: Date(timeIntervalSince1970: Double(time)))
                item.updatedTime = time
                data.campaigns[index] = item
            }
            return .success(item)
        }
    }

    func updateAdGroup(_ id: String, to target: String?, account: String, time: Int) -> Result<AdGroup, ItemFailureReason> {
        let index = data.adGroups.firstIndex { $0.id == id }
        let current = index.map { data.adGroups[$0] }
        return validate(.adGroup, id: id, owner: current.map(\.adAccountId), current: current?.status,
                        target: target, account: account).flatMap { status in
            guard let index, var item = current else { return .failure(Self.internalFailure(id)) }
            if let status {
                item.status = status
                item.summaryStatus = StatusRules.adGroupSummary(status: status, start: item.startTime, end: item.endTime,
                                                                now: Date(timeIntervalSince1970: Double(time)))
                item.updatedTime = time
                data.adGroups[index] = item
            }
            return .success(item)
        }
    }

    func updateAd(_ id: String, to target: String?, account: String, time: Int) -> Result<Ad, ItemFailureReason> {
        let index = data.ads.firstIndex { $0.id == id }
        let current = index.map { data.ads[$0] }
        return validate(.ad, id: id, owner: current.map(\.adAccountId), current: current?.status,
                        target: target, account: account).flatMap { status in
            guard let index, var item = current else { return .failure(Self.internalFailure(id)) }
            if let status {
                item.status = status
                if item.summaryStatus != .advertiserDisabled {
                    item.summaryStatus = StatusRules.adSummary(status: status, review: item.reviewStatus)
                }
                item.updatedTime = time
                data.ads[index] = item
            }
            return .success(item)
        }
    }

    static func internalFailure(_ id: String) -> ItemFailureReason {
        ItemFailureReason(exception: ItemException(code: ErrorCode.internalError, message: "Could not update \(id)."))
    }
}
