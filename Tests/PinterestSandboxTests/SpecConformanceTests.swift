import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// Checks served JSON against the schemas of Pinterest's OpenAPI description.
struct SpecChecker {
    let schemas: [String: Any]

    init() throws {
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.openAPIURL)) as? [String: Any]
        let components = spec?["components"] as? [String: Any]
        schemas = components?["schemas"] as? [String: Any] ?? [:]
    }

    /// A schema with `$ref`s followed.
    func resolve(_ schema: [String: Any]) -> [String: Any] {
        var current = schema
        while let ref = current["$ref"] as? String, let target = schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
            var merged = target
            for (key, value) in current where key != "$ref" { merged[key] = value }
            current = merged
        }
        return current
    }

    /// Properties, required names, type, enum and nullability, gathered through `allOf`.
    struct Flat {
        var properties: [String: [String: Any]] = [:]
        var required: Set<String> = []
        var type: String?
        var enumValues: [Any]?
        var nullable = false
        var items: [String: Any]?
    }

    func flatten(_ schema: [String: Any]) -> Flat {
        let schema = resolve(schema)
        var flat = Flat()
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            let sub = flatten(part)
            flat.properties.merge(sub.properties) { $1 }
            flat.required.formUnion(sub.required)
            flat.type = flat.type ?? sub.type
            flat.enumValues = flat.enumValues ?? sub.enumValues
            flat.nullable = flat.nullable || sub.nullable
            flat.items = flat.items ?? sub.items
        }
        for (name, value) in schema["properties"] as? [String: [String: Any]] ?? [:] { flat.properties[name] = value }
        flat.required.formUnion(schema["required"] as? [String] ?? [])
        flat.type = schema["type"] as? String ?? flat.type
        flat.enumValues = schema["enum"] as? [Any] ?? flat.enumValues
        flat.nullable = flat.nullable || (schema["nullable"] as? Bool ?? false)
        flat.items = schema["items"] as? [String: Any] ?? flat.items
        return flat
    }

    /// Problems of a value against a named schema (`AdGroupResponse`).
    func problems(_ value: PinterestAds.JSONValue, schemaNamed name: String) -> [String] {
        problems(value, schema: ["$ref": "#/components/schemas/\(name)"], path: name)
    }

    func problems(_ value: PinterestAds.JSONValue, schema: [String: Any], path: String) -> [String] {
        let flat = flatten(schema)
        if case .null = value {
            return flat.nullable || flat.type == nil ? [] : ["\(path): null but not nullable"]
        }
        var found: [String] = []
        switch (flat.type, value) {
        case (nil, _), ("string", .string), ("integer", .int), ("number", .int), ("number", .double),
             ("boolean", .bool), ("array", .array), ("object", .object):
            break
        case (let type?, _):
            found.append("\(path): expected \(type), got \(value.displayText.prefix(40))")
        }
        if let allowed = flat.enumValues, case .string(let text) = value,
           !allowed.contains(where: { ($0 as? String) == text }) {
            found.append("\(path): \(text) is not in the spec's enum")
        }
        if case .array(let elements) = value, let items = flat.items {
            for (index, element) in elements.enumerated() {
                found += problems(element, schema: items, path: "\(path)[\(index)]")
            }
        }
        if case .object(let members) = value {
            for name in flat.required where members[name] == nil {
                found.append("\(path): missing required \(name)")
            }
            for (name, member) in members {
                if let property = flat.properties[name] {
                    found += problems(member, schema: property, path: "\(path).\(name)")
                }
            }
        }
        return found
    }
}

@Suite("Spec conformance")
struct SpecConformanceTests {
    static let account = DemoData.primaryAccountID

    /// Every page of a list, as raw JSON, checking the list shape on the way.
    func allItems(_ sandbox: RunningSandbox, _ path: String) async throws -> [PinterestAds.JSONValue] {
        var items: [PinterestAds.JSONValue] = []
        var bookmark: String?
        repeat {
            var query = [("page_size", "100"), ("entity_statuses", "ACTIVE,PAUSED,ARCHIVED,DRAFT,DELETED_DRAFT")]
            if path == "ad_accounts" { query = [("page_size", "100")] }
            if let bookmark { query.append(("bookmark", bookmark)) }
            let result = try await sandbox.get(path, query: query)
            #expect(result.status == 200)
            let page = try JSONDecoder().decode(PinterestAds.JSONValue.self, from: result.body)
            guard case .object(let members) = page, case .array(let pageItems)? = members["items"] else {
                Issue.record("\(path): no items array")
                return items
            }
            #expect(Set(members.keys) == ["items", "bookmark"])
            items += pageItems
            switch members["bookmark"] {
            case .string(let next)?: bookmark = next
            case .null?, nil: bookmark = nil
            default:
                Issue.record("\(path): bookmark is neither string nor null")
                bookmark = nil
            }
        } while bookmark != nil
        return items
    }

    @Test("served accounts, campaigns, ad groups and ads match the spec's response schemas")
    func listsConform() async throws {
        let checker = try SpecChecker()
        #expect(checker.schemas["AdGroupResponse"] != nil)
        try await SandboxHarness.with { sandbox in
            let cases = [("ad_accounts", "AdAccount"),
                         ("ad_accounts/\(Self.account)/campaigns", "CampaignResponse"),
                         ("ad_accounts/\(Self.account)/ad_groups", "AdGroupResponse"),
                         ("ad_accounts/\(Self.account)/ads", "AdResponse"),
                         ("ad_accounts/\(DemoData.secondaryAccountID)/ads", "AdResponse")]
            for (path, schema) in cases {
                let items = try await allItems(sandbox, path)
                #expect(!items.isEmpty, "\(path)")
                let problems = items.flatMap { checker.problems($0, schemaNamed: schema) }
                #expect(problems.isEmpty, "\(path): \(problems.prefix(10))")
            }
        }
    }

    @Test("the checker itself catches a bad enum, a wrong type and a missing required field")
    func checkerCatchesProblems() throws {
        let checker = try SpecChecker()
        let badGroup: PinterestAds.JSONValue = .object(["id": .string("1"), "status": .string("SLEEPING"),
                                                        "budget_in_micro_currency": .string("five")])
        #expect(checker.problems(badGroup, schemaNamed: "AdGroupResponse").count == 2)
        let badAd: PinterestAds.JSONValue = .object(["id": .string("1"), "rejected_reasons": .array([.string("NOPE")])])
        #expect(checker.problems(badAd, schemaNamed: "AdResponse").count == 1)
        #expect(checker.problems(.object(["name": .string("x")]), schemaNamed: "AdAccount") == ["AdAccount: missing required id"])
    }
}

extension SpecConformanceTests {
    /// Ids of the primary account's active entities of a kind, except Pinterest's sample ad group
    /// and ad, which are served verbatim and whose placeholder values ("string" where the spec
    /// wants digits) do not follow the spec's patterns.
    static func activeIDs(_ kind: EntityKind, _ data: SandboxData) -> [String] {
        let ids = switch kind {
        case .campaign: data.campaigns.filter { $0.adAccountId == account && $0.status == .active }.map(\.id)
        case .adGroup: data.adGroups.filter { $0.adAccountId == account && $0.status == .active }.map(\.id)
        case .ad: data.ads.filter { $0.adAccountId == account && $0.status == .active }.map(\.id)
        }
        return ids.filter { !DemoData.frozenIDs.contains($0) }
    }

    @Test("PATCH answers, with updated items and with per-item exceptions, match the spec's response schemas",
          arguments: EntityKind.allCases)
    func patchResponsesConform(_ kind: EntityKind) async throws {
        let contract = try OpenAPIContract()
        try await SandboxHarness.with { sandbox in
            let ids = Self.activeIDs(kind, await sandbox.store.snapshot()).prefix(2) + ["999999999"]
            let items: [[String: String]] = ids.map {
                kind == .campaign ? ["id": $0, "ad_account_id": Self.account, "status": "PAUSED"] : ["id": $0, "status": "PAUSED"]
            }
            let path = "ad_accounts/\(Self.account)/\(kind.pathSegment)"
            let body = try JSONSerialization.data(withJSONObject: items)
            #expect(contract.requestProblems(method: "PATCH", path: "/v5/" + path, query: [], body: body).isEmpty)
            let result = try await sandbox.send("PATCH", path, body: body, headers: ["Content-Type": "application/json"])
            #expect(result.status == 200, "\(result.text)")
            let problems = contract.responseProblems(method: "PATCH", path: "/v5/" + path, status: 200, body: result.body)
            #expect(problems.isEmpty, "\(problems.prefix(10))")
            let answered = try #require(try result.object()["items"] as? [[String: Any]])
            #expect(answered.count == 3 && answered.last?["data"] == nil, "the unknown id carries an exception")
        }
    }

    @Test("every read a monitoring client makes is served and matches the spec: the account, gets by id, analytics")
    func readsConform() async throws {
        let contract = try OpenAPIContract()
        try await SandboxHarness.with { sandbox in
            let data = await sandbox.store.snapshot()
            let base = "ad_accounts/\(Self.account)"
            let dates = [("start_date", "2026-11-20"), ("end_date", "2026-11-26")]
            let columns = [("columns", "SPEND_IN_MICRO_DOLLAR,IMPRESSION_1,CLICKTHROUGH_1,CTR")]
            var reads: [(String, [(String, String)])] = [
                (base, []), ("ad_accounts/\(DemoData.secondaryAccountID)", []),
                ("\(base)/analytics", dates + columns + [("granularity", "DAY")]),
                ("\(base)/analytics", dates + columns + [("granularity", "TOTAL")]),
            ]
            for kind in EntityKind.allCases {
                let ids = Self.activeIDs(kind, data)
                reads.append(("\(base)/\(kind.pathSegment)/\(try #require(ids.first))", []))
                reads.append(("\(base)/\(kind.pathSegment)/analytics",
                              dates + columns + ids.prefix(3).map { (kind.idsParameter, $0) } + [("granularity", "DAY")]))
            }
            for (path, query) in reads {
                #expect(contract.requestProblems(method: "GET", path: "/v5/" + path, query: query, body: nil).isEmpty)
                let result = try await sandbox.get(path, query: query)
                #expect(result.status == 200, "\(path): \(result.text)")
                let problems = contract.responseProblems(method: "GET", path: "/v5/" + path, status: 200, body: result.body)
                #expect(problems.isEmpty, "\(path): \(problems.prefix(10))")
                #expect(result.text.count > 2, "\(path) answers something: \(result.text)")
            }
            let account = try await sandbox.get(base).object()
            #expect(account["id"] as? String == Self.account)
            let unknown = try await sandbox.get("ad_accounts/123456")
            #expect(unknown.status == 404)
        }
    }

    @Test("the real client pauses and activates a campaign, an ad group and an ad in the sandbox over HTTP",
          arguments: EntityKind.allCases)
    func clientPausesAndActivates(_ kind: EntityKind) async throws {
        try await SandboxHarness.with { sandbox in
            let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: sandbox.token))
            let id = try #require(Self.activeIDs(kind, await sandbox.store.snapshot()).first)
            func status() async -> EntityStatus? {
                let data = await sandbox.store.snapshot()
                return switch kind {
                case .campaign: data.campaign(id)?.status
                case .adGroup: data.adGroup(id)?.status
                case .ad: data.ad(id)?.status
                }
            }
            let paused = try await client.updateStatus(kind, accountID: Self.account, ids: [id], to: .paused)
            #expect(paused.confirmed == [id: .paused], "\(paused)")
            #expect(await status() == .paused)
            let active = try await client.updateStatus(kind, accountID: Self.account, ids: [id], to: .active)
            #expect(active.confirmed == [id: .active], "\(active)")
            #expect(await status() == .active)
        }
    }
}
