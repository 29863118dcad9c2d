import Foundation

extension PinterestClient {
    /// The most entities one PATCH may carry (`maxItems` in the spec).
    static let maxIDsPerUpdate = 30

    /// Sets the status of campaigns, ad groups or ads with `PATCH /ad_accounts/{id}/{kind}`, 30 ids
    /// per request, one request after the other. Each id ends up confirmed, failed (Pinterest's
    /// exception, or a definite HTTP error for its chunk) or unknown. A PATCH is never retried after a
    /// timeout or lost connection: that chunk is unknown and later chunks are not sent. A 5xx is not
    /// definite either (a gateway may answer 502 or 504 after the change was made): its chunk is
    /// unknown, for the caller to read back, and later chunks are still sent.
    /// Throws only when the first chunk got a definite refusal (unauthorized, forbidden, not found,
    /// rate limited) and so nothing was done.
    public func updateStatus(_ kind: EntityKind, accountID: String, ids: [String], to status: EntityStatus)
        async throws(PinterestError) -> StatusUpdateResult {
        let path = try accountPath(accountID, "/" + kind.pathSegment)
        var result = StatusUpdateResult()
        let chunks = ids.isEmpty ? [] : Self.chunks(ids, size: Self.maxIDsPerUpdate)
        for (index, chunk) in chunks.enumerated() {
            let body = try Self.updateBody(kind, accountID: accountID, ids: chunk, status: status)
            do {
                let response = try await perform(Endpoint(method: .patch, path: path, body: body))
                Self.record(response: response, chunk: chunk, requested: status, into: &result)
            } catch {
                let remaining = chunks[index...].flatMap { $0 }
                switch error {
                case .transport:
                    result.unknown += remaining
                    result.unknownReason = error
                    return result
                case .unauthorized, .forbidden, .notFound, .rateLimited, .invalidRequest:
                    if index == 0 { throw error }
                    result.unknown += remaining
                    result.unknownReason = error
                    return result
                case .server(let status, _, _) where status >= 500:
                    result.unknown += chunk
                    result.unknownReason = error
                case .server(let status, let code, let message):
                    for id in chunk {
                        result.failed[id] = ItemFailure(code: code ?? status, message: message)
                    }
                case .decoding, .repeatedBookmark:
                    result.unknown += chunk
                    result.unknownReason = error
                }
            }
        }
        return result
    }

    /// The body of one PATCH, built from the types generated from the spec's update requests, so
    /// every property the spec requires is there: `[{"id": "1", "ad_account_id": "5", "status":
    /// "PAUSED"}, …]` for campaigns, `[{"id": "1", "status": "PAUSED"}, …]` for ad groups and ads.
    static func updateBody(_ kind: EntityKind, accountID: String, ids: [String], status: EntityStatus)
        throws(PinterestError) -> Data {
        do {
            switch kind {
            case .campaign:
                return try JSONEncoder().encode(ids.map {
                    CampaignUpdateRequest(id: $0, adAccountId: accountID, status: status)
                })
            case .adGroup:
                return try JSONEncoder().encode(ids.map { AdGroupUpdateRequest(id: $0, status: status) })
            case .ad:
                return try JSONEncoder().encode(ids.map { AdUpdateRequest(id: $0, status: status) })
            }
        } catch {
            throw .invalidRequest("Cannot encode the update")
        }
    }

    /// Maps `{"items": [{"data": {...}, "exceptions": ...}]}` onto the chunk's ids. Items are
    /// matched by `data.id`, else by position; ids with no item are unknown.
    static func record(response: HTTPResponse, chunk: [String], requested: EntityStatus,
                       into result: inout StatusUpdateResult) {
        let decoded: UpdateResponse
        do {
            decoded = try ResponseDecoding.decode(UpdateResponse.self, from: response.body)
        } catch {
            result.unknown += chunk
            result.unknownReason = error
            return
        }
        var pending = Set(chunk)
        for (position, item) in (decoded.items ?? []).enumerated() {
            let id = item.data?.id ?? (chunk.indices.contains(position) ? chunk[position] : nil)
            guard let id, pending.remove(id) != nil else { continue }
            if let failure = item.failure {
                result.failed[id] = failure
            } else if let data = item.data {
                result.confirmed[id] = data.status ?? requested
            } else {
                pending.insert(id)
            }
        }
        let missing = chunk.filter(pending.contains)
        if !missing.isEmpty {
            result.unknown += missing
            result.unknownReason = .decoding(path: "items", message: "no result for \(missing.count) of the ids sent",
                                             snippet: ResponseDecoding.snippet(of: response.body))
        }
    }
}

/// The body of a bulk update: `AdGroupArrayResponse`, `AdArrayResponse`, `CampaignUpdateResponse`.
struct UpdateResponse: Decodable {
    var items: [UpdateResponseElement]?
}

/// One element: the updated entity, or exceptions. Ad groups and campaigns send `exceptions` as an
/// array, ads as a single object; both are accepted.
struct UpdateResponseElement: Decodable {
    /// The fields of the updated entity the client reads.
    struct Entity: Decodable {
        var id: String?
        var status: EntityStatus?
    }

    /// `{"code": 2, "message": "Advertiser not found."}`.
    struct Exception: Decodable {
        var code: Int?
        var message: String?
    }

    var data: Entity?
    var exceptions: [Exception]

    enum CodingKeys: String, CodingKey {
        case data, exceptions
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decodeIfPresent(Entity.self, forKey: .data)
        if let list = try? container.decodeIfPresent([Exception].self, forKey: .exceptions) {
            exceptions = list
        } else if let single = try container.decodeIfPresent(Exception.self, forKey: .exceptions) {
            exceptions = [single]
        } else {
            exceptions = []
        }
    }

    /// The failure the exceptions describe, if any carries a code or message.
    var failure: ItemFailure? {
        let meaningful = exceptions.filter { $0.code != nil || !($0.message ?? "").isEmpty }
        guard let first = meaningful.first else { return nil }
        let message = meaningful.compactMap(\.message).filter { !$0.isEmpty }.joined(separator: "; ")
        return ItemFailure(code: first.code, message: message.isEmpty ? "Update refused" : message)
    }
}
