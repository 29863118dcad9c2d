import Foundation

extension EntityKind {
    /// The id column of an analytics row (`CAMPAIGN_ID`, `AD_GROUP_ID`, `AD_ID`).
    public var analyticsIDColumn: String {
        switch self {
        case .campaign: "CAMPAIGN_ID"
        case .adGroup: "AD_GROUP_ID"
        case .ad: "AD_ID"
        }
    }
}

extension PinterestClient {
    /// Analytics with `GET /ad_accounts/{id}/{kind}/analytics`, 250 ids per request. Ids are sent
    /// as repeated keys; `columns` is comma-separated (`explode: false` in the spec).
    public func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                          columns: [String], granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow] {
        var rows: [AnalyticsRow] = []
        try await analytics(kind, accountID: accountID, ids: ids, from: start, to: end, columns: columns,
                            granularity: granularity) { _, chunk in rows += chunk }
        return rows
    }

    /// `analytics`, each request's ids and rows handed to `receive` before the next request.
    public func analytics(_ kind: EntityKind, accountID: String, ids: [String], from start: APIDate, to end: APIDate,
                          columns: [String], granularity: Granularity,
                          receive: (_ ids: [String], _ rows: [AnalyticsRow]) -> Void) async throws(PinterestError) {
        guard !ids.isEmpty else { return }
        guard !columns.isEmpty else { throw .invalidRequest("Analytics need at least one column") }
        guard start <= end else { throw .invalidRequest("The start date \(start) is after the end date \(end)") }
        let path = try accountPath(accountID, "/" + kind.pathSegment + "/analytics")
        for chunk in Self.chunks(ids, size: Self.maxIDsPerRequest) {
            var query: [(String, String)] = [("start_date", start.description), ("end_date", end.description)]
            query += chunk.map { (kind.idsParameter, $0) }
            query += [("columns", columns.joined(separator: ",")), ("granularity", granularity.rawValue)]
            let response = try await perform(Endpoint(method: .get, path: path, query: query))
            receive(chunk, try Self.analyticsRows(response.body, idColumn: kind.analyticsIDColumn))
        }
    }

    /// The account's analytics with `GET /ad_accounts/{id}/analytics`: one request for the whole account.
    public func accountAnalytics(accountID: String, from start: APIDate, to end: APIDate, columns: [String],
                                 granularity: Granularity) async throws(PinterestError) -> [AnalyticsRow]? {
        guard !columns.isEmpty else { throw .invalidRequest("Analytics need at least one column") }
        guard start <= end else { throw .invalidRequest("The start date \(start) is after the end date \(end)") }
        let path = try accountPath(accountID, "/analytics")
        let query: [(String, String)] = [("start_date", start.description), ("end_date", end.description),
                                         ("columns", columns.joined(separator: ",")),
                                         ("granularity", granularity.rawValue)]
        let response = try await perform(Endpoint(method: .get, path: path, query: query))
        return try Self.analyticsRows(response.body, idColumn: "AD_ACCOUNT_ID")
    }

    /// Rows from `[{"AD_GROUP_ID": "1", "DATE": "2026-11-01", "SPEND_IN_MICRO_DOLLAR": 1200000}, …]`.
    /// Numeric columns become metrics; other values are ignored.
    static func analyticsRows(_ body: Data, idColumn: String) throws(PinterestError) -> [AnalyticsRow] {
        let objects = try ResponseDecoding.decode([[String: JSONValue]].self, from: body)
        return try objects.enumerated().map { (index, object) throws(PinterestError) -> AnalyticsRow in
            let entityID: String
            switch object[idColumn] {
            case .string(let value)?: entityID = value
            case .int(let value)?: entityID = String(value)
            default:
                throw .decoding(path: "[\(index)].\(idColumn)", message: "missing entity id",
                                snippet: ResponseDecoding.snippet(of: body))
            }
            var metrics: [String: Double] = [:]
            for (key, value) in object where key != idColumn && key != "DATE" {
                switch value {
                case .int(let number): metrics[key] = Double(number)
                case .double(let number): metrics[key] = number
                default: continue
                }
            }
            return AnalyticsRow(entityID: entityID, date: object["DATE"]?.stringValue, metrics: metrics)
        }
    }
}
