import Foundation
import PinterestAds
@testable import PinterestSandbox
import PinwatchTestSupport
import Testing

/// The sandbox checks every request against the spec's schemas and answers 400 the way Pinterest
/// does, naming the field.
@Suite("Request validation")
struct RequestValidationTests {
    static let account = DemoData.primaryAccountID

    // MARK: - the generated rules are the spec's

    /// The spec's schema with `$ref`s resolved, `allOf` merged and only the keywords the sandbox
    /// checks kept: what `SchemaRule.jsonObject` gives back when the generator is right.
    struct Normalizer {
        let root: [String: Any]

        func target(_ ref: String) -> [String: Any] {
            var node: Any = root
            for step in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(step)] ?? [:] }
            return node as? [String: Any] ?? [:]
        }

        func normalized(_ schema: [String: Any]) -> [String: Any] {
            if let ref = schema["$ref"] as? String { return normalized(target(ref)) }
            var out: [String: Any] = [:]
            var properties: [String: Any] = [:]
            var required: [String] = []
            for part in schema["allOf"] as? [[String: Any]] ?? [] {
                var merged = normalized(part)
                properties.merge(merged.removeValue(forKey: "properties") as? [String: Any] ?? [:]) { $1 }
                for name in merged.removeValue(forKey: "required") as? [String] ?? [] where !required.contains(name) {
                    required.append(name)
                }
                out.merge(merged) { current, _ in current }
            }
            for key in ["type", "format", "pattern"] { if let value = schema[key] as? String { out[key] = value } }
            if schema["nullable"] as? Bool == true { out["nullable"] = true }
            if let values = schema["enum"] as? [Any] {
                out["enum"] = values.filter { !($0 is NSNull) }.map { "\($0)" }
            }
            for key in ["minLength", "maxLength", "minItems", "maxItems"] {
                if let value = schema[key] as? Int { out[key] = value }
            }
            for key in ["minimum", "maximum"] {
                if let value = (schema[key] as? NSNumber)?.doubleValue { out[key] = value }
            }
            for (name, value) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                properties[name] = normalized(value)
            }
            if schema["properties"] != nil || !properties.isEmpty { out["properties"] = properties }
            for name in schema["required"] as? [String] ?? [] where !required.contains(name) { required.append(name) }
            if !required.isEmpty { out["required"] = required }
            if let items = schema["items"] as? [String: Any] { out["items"] = normalized(items) }
            if schema["additionalProperties"] as? Bool == false { out["additionalProperties"] = false }
            if let extra = schema["additionalProperties"] as? [String: Any] { out["additionalProperties"] = normalized(extra) }
            return out
        }

        func parameter(_ raw: [String: Any]) -> [String: Any] {
            let parameter = (raw["$ref"] as? String).map(target) ?? raw
            return ["name": parameter["name"] as? String ?? "", "in": parameter["in"] as? String ?? "",
                    "required": parameter["required"] as? Bool ?? false,
                    "schema": normalized(parameter["schema"] as? [String: Any] ?? [:])]
        }
    }

    /// A stable text of nested dictionaries, arrays, strings and numbers (keys sorted).
    static func text(_ value: Any) -> String {
        switch value {
        case let dictionary as [String: Any]:
            "{" + dictionary.keys.sorted().map { "\($0): \(text(dictionary[$0] ?? ""))" }.joined(separator: ", ") + "}"
        case let array as [Any]: "[" + array.map(text).joined(separator: ", ") + "]"
        case let string as String: "\"\(string)\""
        case let number as Double: "\(number)"
        default: "\(value)"
        }
    }

    @Test("the sandbox's generated request rules equal what the spec says, operation by operation")
    func generatedRulesEqualTheSpec() throws {
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.openAPIURL)) as? [String: Any])
        let normalizer = Normalizer(root: spec)
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        #expect(RequestRules.operations.count == 15)
        for rule in RequestRules.operations {
            let operation = try #require(paths[rule.path]?[rule.method.lowercased()] as? [String: Any], "\(rule.path)")
            let expectedParameters = (operation["parameters"] as? [[String: Any]] ?? []).map(normalizer.parameter)
            let generatedParameters: [[String: Any]] = rule.parameters.map {
                ["name": $0.name, "in": $0.location.rawValue, "required": $0.required, "schema": $0.schema.jsonObject]
            }
            #expect(Self.text(generatedParameters) == Self.text(expectedParameters), "\(rule.method) \(rule.path)")
            let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]
            let bodySchema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
            #expect(Self.text(rule.body?.jsonObject ?? [:]) == Self.text(bodySchema.map(normalizer.normalized) ?? [:]),
                    "\(rule.method) \(rule.path) body")
        }
    }

    // MARK: - refusals

    struct Refusal: Sendable, CustomStringConvertible {
        var method = "GET"
        var path: String
        var query: [(String, String)] = []
        var body: String?
        /// Words the message must hold (the field, and what is wrong with it).
        var mentions: [String]
        var description: String { "\(method) \(path) \(query) \(body ?? "")" }
    }

    static let refusals: [Refusal] = {
        let base = "ad_accounts/\(account)"
        return [
            Refusal(method: "PATCH", path: "\(base)/campaigns", body: #"[{"id": "626736533506", "status": "PAUSED"}]"#,
                    mentions: ["item 0", "'ad_account_id' is a required property"]),
            Refusal(method: "PATCH", path: "\(base)/ad_groups", body: #"[{"id": "2680060704746", "status": "SLEEPING"}]"#,
                    mentions: ["item 0.status", "'SLEEPING' is not one of"]),
            Refusal(method: "PATCH", path: "\(base)/ads", body: #"[{"id": "12ab", "status": "PAUSED"}]"#,
                    mentions: ["item 0.id", "does not match"]),
            Refusal(method: "PATCH", path: "\(base)/ads", body: #"[{"id": 687195134316}]"#,
                    mentions: ["item 0.id", "is not of type 'string'"]),
            Refusal(method: "PATCH", path: "\(base)/ad_groups", body: "[]", mentions: ["is too short"]),
            Refusal(method: "PATCH", path: "\(base)/ad_groups",
                    body: "[" + Array(repeating: #"{"id": "1"}"#, count: 31).joined(separator: ",") + "]",
                    mentions: ["is too long"]),
            Refusal(method: "PATCH", path: "\(base)/ad_groups", body: #"{"id": "1"}"#, mentions: ["is not of type 'array'"]),
            Refusal(method: "PATCH", path: "\(base)/campaigns",
                    body: #"[{"id": "1", "ad_account_id": "\#(account)", "daily_spend_cap": "lots"}]"#,
                    mentions: ["item 0.daily_spend_cap", "is not of type 'integer'"]),
            Refusal(method: "PATCH", path: "\(base)/campaigns",
                    body: #"[{"id": "1", "ad_account_id": "\#(account)", "bid_options": {"update_mask": ["AUDIENCE"], "audience_multipliers": {"x": 11}}}]"#,
                    mentions: ["item 0.bid_options.audience_multipliers.x", "greater than the maximum of 10"]),
            Refusal(path: "ad_accounts/12x45/campaigns", mentions: ["ad_account_id", "does not match"]),
            Refusal(path: "ad_accounts/1234567890123456789/ads", mentions: ["ad_account_id", "is too long"]),
            Refusal(path: "\(base)/ad_groups/abc", mentions: ["ad_group_id", "does not match"]),
            Refusal(path: "\(base)/ads", query: [("page_size", "0")], mentions: ["page_size", "less than the minimum of 1"]),
            Refusal(path: "\(base)/ads", query: [("page_size", "ten")], mentions: ["page_size", "is not of type 'integer'"]),
            Refusal(path: "\(base)/campaigns", query: [("order", "SIDEWAYS")], mentions: ["order", "is not one of"]),
            Refusal(path: "\(base)/ad_groups", query: [("entity_statuses", "SLEEPING")], mentions: ["entity_statuses"]),
            Refusal(path: "\(base)/ad_groups", query: [("translate_interests_to_names", "maybe")],
                    mentions: ["translate_interests_to_names", "'boolean'"]),
            Refusal(path: "ad_accounts", query: [("include_shared_accounts", "yes")], mentions: ["include_shared_accounts"]),
            Refusal(path: "\(base)/ad_groups/analytics",
                    query: [("end_date", "2026-11-20"), ("ad_group_ids", "1"), ("columns", "CTR"), ("granularity", "DAY")],
                    mentions: ["start_date"]),
            Refusal(path: "\(base)/campaigns/analytics",
                    query: [("start_date", "2026-02-30"), ("end_date", "2026-11-20"), ("campaign_ids", "1"),
                            ("columns", "CTR"), ("granularity", "DAY")],
                    mentions: ["start_date", "is not a 'date'"]),
            Refusal(path: "\(base)/ads/analytics",
                    query: [("start_date", "2026-11-20"), ("end_date", "2026-11-20"), ("ad_ids", "1"),
                            ("columns", "CTR"), ("granularity", "FORTNIGHT")],
                    mentions: ["granularity", "is not one of"]),
            Refusal(path: "\(base)/analytics",
                    query: [("start_date", "2026-11-20"), ("end_date", "2026-11-20"), ("columns", "NOT_A_COLUMN"),
                            ("granularity", "DAY")],
                    mentions: ["columns", "'NOT_A_COLUMN' is not one of"]),
        ]
    }()

    @Test("a request the spec refuses gets 400 in Pinterest's error shape, naming the field", arguments: refusals)
    func refused(_ refusal: Refusal) async throws {
        try await SandboxHarness.with { sandbox in
            let result = try await sandbox.send(refusal.method, refusal.path, query: refusal.query,
                                                body: refusal.body.map { Data($0.utf8) },
                                                headers: ["Content-Type": "application/json"])
            #expect(result.status == 400, "\(result.text)")
            let object = try result.object()
            #expect(Set(object.keys) == ["code", "message"])
            #expect(object["code"] as? Int == 1)
            let message = object["message"] as? String ?? ""
            for needle in refusal.mentions {
                #expect(message.contains(needle), "“\(needle)” in “\(message)”")
            }
        }
    }

    @Test("where a schema forbids other properties, an unlisted one is refused by name")
    func forbiddenAdditionalProperty() {
        let rule = SchemaRule(type: "object", properties: ["id": SchemaRule(type: "string")], required: ["id"],
                              additionalProperties: .forbidden)
        let problem = SchemaCheck.problem(.object(["id": .string("1"), "colour": .string("red")]), rule, at: ["0"])
        #expect(problem?.message == "Additional properties are not allowed ('colour' was unexpected)")
        #expect(SchemaCheck.problem(.object(["id": .string("1")]), rule, at: []) == nil)
    }

    @Test("a PATCH the spec accepts, with a property the sandbox does not act on, still succeeds")
    func acceptedWithExtraProperties() async throws {
        try await SandboxHarness.with { sandbox in
            let body: [[String: Any]] = [["id": DemoData.seedAdGroupCampaignID, "ad_account_id": Self.account,
                                          "status": "PAUSED", "name": "Renamed"]]
            let result = try await sandbox.patch("ad_accounts/\(Self.account)/campaigns", json: body)
            #expect(result.status == 200, "\(result.text)")
            #expect(await sandbox.store.snapshot().campaign(DemoData.seedAdGroupCampaignID)?.status == .paused)
        }
    }
}
