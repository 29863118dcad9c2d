import Foundation

extension APIOperation {
    /// The operation a request is, from its method and its path under the API root
    /// (`/ad_accounts/123/ad_groups`); nil for a path Pinwatch does not send.
    public init?(method: String, path: String) {
        let segments = Self.segments(of: path)
        let upper = method.uppercased()
        guard let match = Self.templates.first(where: { entry in
            entry.operation.method == upper && entry.segments.count == segments.count
                && zip(entry.segments, segments).allSatisfy { $0 == nil || $0 == $1 }
        }) else { return nil }
        self = match.operation
    }

    /// Each operation's template split into segments, nil where a parameter goes; those with more
    /// literal segments first, so `/ad_groups/analytics` is not taken for `/ad_groups/{ad_group_id}`.
    private static let templates: [(operation: APIOperation, segments: [String?])] = allCases.map { operation in
        (operation, segments(of: operation.pathTemplate).map { $0.hasPrefix("{") ? nil : $0 })
    }.sorted { $0.segments.compactMap { $0 }.count > $1.segments.compactMap { $0 }.count }

    private static func segments(of path: String) -> [String] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return withoutQuery.split(separator: "/").map(String.init)
    }
}

extension RateLimitCategory {
    /// The category of a request Pinwatch does not know the operation of.
    public static let unclassified = RateLimitCategory.unknown("unclassified")

    /// The category of a request, from its method and path (`unclassified` for an unknown path).
    public init(method: String, path: String) {
        self = APIOperation(method: method, path: path)?.rateLimitCategory ?? .unclassified
    }
}
