import Foundation

extension PinterestClient {
    /// The most ids one list or analytics request may carry (`maxItems` in the spec).
    static let maxIDsPerRequest = 250

    /// All ad accounts the token can see (`GET /ad_accounts`, every page).
    public func listAdAccounts() async throws(PinterestError) -> [AdAccount] {
        try await listAll(AdAccount.self, path: "/ad_accounts", query: [])
    }

    /// Campaigns of an account, every page. Campaigns filter only by `campaignIDs` and statuses.
    public func listCampaigns(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Campaign] {
        try await listEntities(Campaign.self, kind: .campaign, accountID: accountID, filter: filter, id: \.id)
    }

    /// Ad groups of an account, every page. Ad groups do not filter by `adIDs`.
    public func listAdGroups(accountID: String, filter: ListFilter) async throws(PinterestError) -> [AdGroup] {
        try await listEntities(AdGroup.self, kind: .adGroup, accountID: accountID, filter: filter, id: \.id)
    }

    /// Ads of an account, every page.
    public func listAds(accountID: String, filter: ListFilter) async throws(PinterestError) -> [Ad] {
        try await listEntities(Ad.self, kind: .ad, accountID: accountID, filter: filter, id: \.id)
    }

    /// One ad group (`GET /ad_accounts/{id}/ad_groups/{ad_group_id}`).
    public func adGroup(accountID: String, id: String) async throws(PinterestError) -> AdGroup {
        let path = try accountPath(accountID, "/ad_groups/" + Self.segment(try Self.checkedID(id)))
        let response = try await perform(Endpoint(method: .get, path: path))
        return try ResponseDecoding.decode(AdGroup.self, from: response.body)
    }

    /// One ad (`GET /ad_accounts/{id}/ads/{ad_id}`).
    public func ad(accountID: String, id: String) async throws(PinterestError) -> Ad {
        let path = try accountPath(accountID, "/ads/" + Self.segment(try Self.checkedID(id)))
        let response = try await perform(Endpoint(method: .get, path: path))
        return try ResponseDecoding.decode(Ad.self, from: response.body)
    }

    // MARK: - Helpers

    /// `/ad_accounts/{id}` + rest.
    func accountPath(_ accountID: String, _ rest: String) throws(PinterestError) -> String {
        "/ad_accounts/" + Self.segment(try Self.checkedID(accountID)) + rest
    }

    /// Rejects empty ids before anything is sent.
    static func checkedID(_ id: String) throws(PinterestError) -> String {
        let trimmed = id.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidRequest("An id is empty") }
        return trimmed
    }

    /// Splits a list into chunks of at most `size`; an empty list gives one empty chunk.
    static func chunks<T>(_ values: [T], size: Int) -> [[T]] {
        guard !values.isEmpty else { return [[]] }
        return stride(from: 0, to: values.count, by: size).map { Array(values[$0..<min($0 + size, values.count)]) }
    }

    /// Lists an entity kind under an account. Id lists longer than 250 are split into several
    /// listings (every combination of chunks, since filters combine with AND); results are merged
    /// without duplicates, in order. Array parameters are sent as repeated keys (`style: form`,
    /// `explode: true`, the spec's default). With no statuses the API's default applies.
    private func listEntities<T: Decodable & Sendable>(
        _ type: T.Type, kind: EntityKind, accountID: String, filter: ListFilter, id: KeyPath<T, String>
    ) async throws(PinterestError) -> [T] {
        let path = try accountPath(accountID, "/" + kind.pathSegment)
        var idLists: [(String, [String])] = [("campaign_ids", filter.campaignIDs)]
        switch kind {
        case .campaign:
            guard filter.adGroupIDs.isEmpty, filter.adIDs.isEmpty else {
                throw .invalidRequest("Campaigns cannot be filtered by ad group or ad")
            }
        case .adGroup:
            guard filter.adIDs.isEmpty else { throw .invalidRequest("Ad groups cannot be filtered by ad") }
            idLists.append(("ad_group_ids", filter.adGroupIDs))
        case .ad:
            idLists.append(("ad_group_ids", filter.adGroupIDs))
            idLists.append(("ad_ids", filter.adIDs))
        }
        let statuses = filter.entityStatuses.map { ("entity_statuses", $0.rawValue) }
        var combinations: [[(String, String)]] = [[]]
        for (name, ids) in idLists {
            let chunked = Self.chunks(ids, size: Self.maxIDsPerRequest)
            combinations = combinations.flatMap { prefix in chunked.map { prefix + $0.map { (name, $0) } } }
        }
        if combinations.count == 1, let only = combinations.first {
            // One listing (no id list over 250): returned as is unless an id repeats, so an
            // unchanged listing stays the very array it was.
            let items = try await listAll(T.self, path: path, query: only + statuses)
            var ids = Set<String>(minimumCapacity: items.count)
            if items.allSatisfy({ ids.insert($0[keyPath: id]).inserted }) { return items }
        }
        var seen = Set<String>()
        var merged: [T] = []
        for idQuery in combinations {
            for item in try await listAll(T.self, path: path, query: idQuery + statuses) where
                seen.insert(item[keyPath: id]).inserted {
                merged.append(item)
            }
        }
        return merged
    }

    /// The memo key of an unfiltered listing of `kind` (statuses only), as `listAll` forms it; nil
    /// for a listing filtered by ids (several requests, merged).
    private func listingKey(_ kind: EntityKind, accountID: String, filter: ListFilter) -> String? {
        guard filter.campaignIDs.isEmpty, filter.adGroupIDs.isEmpty, filter.adIDs.isEmpty,
              let path = try? accountPath(accountID, "/" + kind.pathSegment) else { return nil }
        let query = filter.entityStatuses.map { ("entity_statuses", $0.rawValue) }
        return path + "?" + query.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }

    /// How the last listing of ad groups with `filter` was paged, for a cache to keep beside the
    /// ad groups it returned; nil if there was none (or it was filtered by ids).
    public func adGroupListingPages(accountID: String, filter: ListFilter) -> ListingPages? {
        guard let key = listingKey(.adGroup, accountID: accountID, filter: filter),
              let listing = pageMemo.listing(key) else { return nil }
        return listing.pages
    }

    /// Takes `adGroups` as what the last listing with `filter` returned, paged as `pages` says (a
    /// start from a cache that kept both): the next listing then decodes only the pages whose
    /// bytes differ. Ignored when the pages do not cover `adGroups` exactly, in order.
    public func rememberAdGroupListing(accountID: String, filter: ListFilter, pages: ListingPages,
                                       adGroups: [AdGroup]) {
        guard let key = listingKey(.adGroup, accountID: accountID, filter: filter), pages.covers(adGroups.count) else {
            return
        }
        pageMemo.remember(PageMemo.Listing(pages: pages, items: adGroups), key: key)
    }

    /// Follows `bookmark` until it is absent, null or empty. A bookmark seen before in the same
    /// listing throws `.repeatedBookmark` instead of looping. Pages whose bytes are the ones this
    /// listing gave last time are not decoded again; when every page is, the very array returned
    /// last time comes back, so callers comparing it with what they hold (10,000 ad groups, every
    /// 30 s) find it equal at once, and nothing is copied.
    func listAll<T: Decodable & Sendable>(_ type: T.Type, path: String, query: [(String, String)])
        async throws(PinterestError) -> [T] {
        let key = path + "?" + query.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
        let previous = pageMemo.listing(key)
        let previousItems = previous?.items as? [T]
        // Nil while every page so far is the previous listing's page at the same place.
        var items: [T]?
        var count = 0
        var digests: [PageDigest] = [], ranges: [Range<Int>] = [], bookmarks: [String?] = []
        var reused = 0
        try await walkPages(path: path, query: query) { (index: Int, body: Data) throws(PinterestError) -> String? in
            let digest = PageDigest(of: body)
            let bookmark: String?
            if let previous = previous?.pages, let previousItems, index < previous.digests.count,
               previous.digests[index] == digest {
                let range = previous.ranges[index]
                items?.append(contentsOf: previousItems[range])
                bookmark = previous.bookmarks[index]
                reused += 1
            } else {
                let page = try ResponseDecoding.decode(Page<T>.self, from: body)
                if items == nil { items = Array((previousItems ?? [])[..<count]) }
                items?.append(contentsOf: page.items)
                bookmark = page.bookmark
            }
            let added = (items?.count ?? (count + (previous?.pages.ranges[index].count ?? 0))) - count
            ranges.append(count..<count + added)
            count += added
            digests.append(digest)
            bookmarks.append(bookmark)
            return bookmark
        }
        pageMemo.countReused(reused)
        let result: [T]
        if let items {
            result = items.withoutSpareCapacity()
        } else if let previousItems, count == previousItems.count {
            return previousItems
        } else {
            result = Array((previousItems ?? [])[..<count])
        }
        pageMemo.remember(PageMemo.Listing(pages: ListingPages(digests: digests, ranges: ranges, bookmarks: bookmarks),
                                           items: result), key: key)
        return result
    }

    /// Every ad of the account (statuses as `filter` says; its id lists must be empty), page by page,
    /// each handed to `receive` as it arrives so a caller need not hold them all at once. A page
    /// whose digest is the one `known` holds at its position is not decoded: it comes as `.unchanged`
    /// with the bookmark known. Large accounts refresh their ads this way without decoding
    /// the pages that did not change.
    public func listAdPages(accountID: String, filter: ListFilter, known: [ListedPage<Ad>],
                            receive: (ListedPage<Ad>) -> Void) async throws(PinterestError) {
        guard filter.campaignIDs.isEmpty, filter.adGroupIDs.isEmpty, filter.adIDs.isEmpty else {
            receive(ListedPage(digest: nil, bookmark: nil, content: .decoded(try await listAds(accountID: accountID, filter: filter))))
            return
        }
        let path = try accountPath(accountID, "/ads")
        let statuses = filter.entityStatuses.map { ("entity_statuses", $0.rawValue) }
        try await walkPages(path: path, query: statuses) { (index: Int, body: Data) throws(PinterestError) -> String? in
            let digest = PageDigest(of: body)
            let page: ListedPage<Ad>
            if index < known.count, let knownDigest = known[index].digest, knownDigest == digest {
                page = ListedPage(digest: digest, bookmark: known[index].bookmark, content: .unchanged)
            } else {
                let decoded = try ResponseDecoding.decode(Page<Ad>.self, from: body)
                page = ListedPage(digest: digest, bookmark: decoded.bookmark, content: .decoded(decoded.items))
            }
            receive(page)
            return page.bookmark
        }
    }

    /// Requests page after page, following the bookmark `body` returns for each (index, bytes),
    /// until it is absent, null or empty. A bookmark seen before in the same listing throws
    /// `.repeatedBookmark` instead of looping.
    private func walkPages(path: String, query: [(String, String)],
                           _ body: (Int, Data) throws(PinterestError) -> String?) async throws(PinterestError) {
        var seen = Set<String>()
        var bookmark: String?
        var index = 0
        repeat {
            var pageQuery = query + [("page_size", String(configuration.pageSize))]
            if let bookmark { pageQuery.append(("bookmark", bookmark)) }
            let response = try await perform(Endpoint(method: .get, path: path, query: pageQuery))
            bookmark = try body(index, response.body).flatMap { $0.isEmpty ? nil : $0 }
            index += 1
            if let next = bookmark, !seen.insert(next).inserted {
                logger?.debug("Repeated bookmark on \(path); stopping")
                throw .repeatedBookmark(path: path)
            }
        } while bookmark != nil
    }
}
