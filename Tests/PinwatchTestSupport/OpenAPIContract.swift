import Foundation
import PinterestAds

/// Checks requests and responses against Pinterest's OpenAPI description as it is written in
/// ../shared: `$ref`s are followed where they stand and each part of an `allOf` is checked on its
/// own, so this oracle shares nothing with the rules the sandbox generates from the same spec.
public struct OpenAPIContract: Sendable {
    /// The spec as parsed JSON (read-only after loading).
    nonisolated(unsafe) let root: [String: Any]

    /// Loads `Fixtures.openAPIURL`.
    public init() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.openAPIURL))
        guard let object = parsed as? [String: Any] else { throw HarnessError("the spec is not a JSON object") }
        root = object
    }

    /// What `#/components/...` points at.
    func pointer(_ ref: String) -> [String: Any] {
        var node: Any = root
        for step in ref.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(step)] ?? [:]
        }
        return node as? [String: Any] ?? [:]
    }

    /// The node with `$ref`s followed.
    func resolved(_ node: [String: Any]) -> [String: Any] {
        var current = node
        while let ref = current["$ref"] as? String { current = pointer(ref) }
        return current
    }

    /// The spec's operation for a method and a path under `/v5`, with the values of its path
    /// parameters; literal segments win over parameters.
    public func operation(method: String, path: String) -> (template: String, operation: [String: Any],
                                                              pathValues: [String: String])? {
        guard path.hasPrefix("/v5/") else { return nil }
        let parts = path.dropFirst(3).split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let paths = root["paths"] as? [String: Any] ?? [:]
        var best: (String, [String: Any], [String: String], Int)?
        for (template, item) in paths {
            guard let operation = (item as? [String: Any])?[method.lowercased()] as? [String: Any] else { continue }
            let segments = template.split(separator: "/").map(String.init)
            guard segments.count == parts.count else { continue }
            var values: [String: String] = [:]
            var literals = 0
            var fits = true
            for (segment, part) in zip(segments, parts) {
                if segment.hasPrefix("{") && segment.hasSuffix("}") {
                    values[String(segment.dropFirst().dropLast())] = part.removingPercentEncoding ?? part
                } else if segment == part {
                    literals += 1
                } else {
                    fits = false
                }
            }
            if fits, literals > best?.3 ?? -1 { best = (template, operation, values, literals) }
        }
        return best.map { ($0.0, $0.1, $0.2) }
    }

    /// Every way a request departs from its operation: unknown operation or query parameter,
    /// a missing required parameter, a value its schema refuses (arrays per `style: form` and
    /// `explode`), a body its schema refuses. Empty when the request follows the spec.
    public func requestProblems(method: String, path: String, query: [(String, String)], body: Data?) -> [String] {
        guard let (template, operation, pathValues) = self.operation(method: method, path: path) else {
            return ["\(method) \(path): no such operation in the spec"]
        }
        let where_ = "\(method) \(template)"
        var found: [String] = []
        let parameters = (operation["parameters"] as? [[String: Any]] ?? []).map(resolved)
        let known = Set(parameters.compactMap { $0["name"] as? String })
        for (name, _) in query where !known.contains(name) {
            found.append("\(where_): query parameter \(name) is not in the spec")
        }
        for parameter in parameters {
            guard let name = parameter["name"] as? String, let place = parameter["in"] as? String else { continue }
            let schema = resolved(parameter["schema"] as? [String: Any] ?? [:])
            let texts: [String] = place == "path" ? pathValues[name].map { [$0] } ?? []
                : query.filter { $0.0 == name }.map(\.1)
            if texts.isEmpty {
                if parameter["required"] as? Bool == true { found.append("\(where_): missing required \(name)") }
                continue
            }
            let value: JSONValue
            if schema["type"] as? String == "array" {
                // `style: form`: repeated keys when exploded (the default), else one comma-separated value.
                let explode = parameter["explode"] as? Bool ?? true
                if !explode && texts.count > 1 { found.append("\(where_): \(name) repeated but explode is false") }
                let pieces = explode ? texts : texts.flatMap { $0.split(separator: ",").map(String.init) }
                let items = resolved(schema["items"] as? [String: Any] ?? [:])
                value = .array(pieces.map { Self.typed($0, items) })
            } else {
                if texts.count > 1 { found.append("\(where_): \(name) sent \(texts.count) times") }
                value = Self.typed(texts[0], schema)
            }
            found += problems(value, schema: schema, at: "\(where_) \(name)")
        }
        if let requestBody = operation["requestBody"] as? [String: Any] {
            let content = requestBody["content"] as? [String: Any] ?? [:]
            let schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any] ?? [:]
            if let body, !body.isEmpty {
                if let value = try? JSONDecoder().decode(JSONValue.self, from: body) {
                    found += problems(value, schema: schema, at: "\(where_) body")
                } else {
                    found.append("\(where_): the body is not JSON")
                }
            } else if requestBody["required"] as? Bool == true {
                found.append("\(where_): the body is required")
            }
        } else if let body, !body.isEmpty {
            found.append("\(where_): a body where the spec has none")
        }
        return found
    }

    /// Problems of a response body against the spec's schema for that operation and status.
    public func responseProblems(method: String, path: String, status: Int, body: Data) -> [String] {
        guard let (template, operation, _) = self.operation(method: method, path: path) else {
            return ["\(method) \(path): no such operation in the spec"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let response = (responses[String(status)] ?? responses["default"]) as? [String: Any] else {
            return ["\(method) \(template): status \(status) is not in the spec"]
        }
        let content = resolved(response)["content"] as? [String: Any] ?? [:]
        guard let schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any] else {
            return []
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return ["\(method) \(template): the response is not JSON"]
        }
        return problems(value, schema: schema, at: "\(method) \(template) \(status)")
    }

    /// A query text as the JSON value its schema's type calls for (left a string when it is not one).
    static func typed(_ text: String, _ schema: [String: Any]) -> JSONValue {
        switch schema["type"] as? String {
        case "integer": Int(text).map(JSONValue.int) ?? .string(text)
        case "number": Double(text).map(JSONValue.double) ?? .string(text)
        case "boolean": text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        default: .string(text)
        }
    }

    /// Every problem of `value` against `schema` (JSON Schema as OpenAPI 3.0 uses it).
    public func problems(_ value: JSONValue, schema raw: [String: Any], at path: String) -> [String] {
        let schema = resolved(raw)
        var found: [String] = []
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            found += problems(value, schema: part, at: path)
        }
        let type = schema["type"] as? String
        if case .null = value {
            let nullable = schema["nullable"] as? Bool ?? false
            return type == nil || nullable ? found : found + ["\(path): null but not nullable"]
        }
        if let type {
            let fits: Bool = switch (type, value) {
            case ("string", .string), ("integer", .int), ("number", .int), ("number", .double), ("boolean", .bool),
                 ("array", .array), ("object", .object): true
            default: false
            }
            if !fits { return found + ["\(path): \(value.displayText.prefix(60)) is not of type \(type)"] }
        }
        if let allowed = schema["enum"] as? [Any] {
            let text: String = if case .string(let string) = value { string } else { value.displayText }
            if !allowed.contains(where: { "\($0)" == text }) { found.append("\(path): \(text) is not in the enum") }
        }
        switch value {
        case .string(let text):
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \(text) does not match \(pattern)")
            }
            if let most = schema["maxLength"] as? Int, text.count > most { found.append("\(path): longer than \(most)") }
            if let least = schema["minLength"] as? Int, text.count < least { found.append("\(path): shorter than \(least)") }
            if schema["format"] as? String == "date",
               text.range(of: #"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"#, options: .regularExpression) == nil {
                found.append("\(path): \(text) is not a date")
            }
        case .int, .double:
            let number: Double = if case .int(let whole) = value { Double(whole) } else if case .double(let real) = value { real } else { 0 }
            if let least = (schema["minimum"] as? NSNumber)?.doubleValue, number < least {
                found.append("\(path): \(number) below \(least)")
            }
            if let most = (schema["maximum"] as? NSNumber)?.doubleValue, number > most {
                found.append("\(path): \(number) above \(most)")
            }
        case .array(let elements):
            if let most = schema["maxItems"] as? Int, elements.count > most { found.append("\(path): more than \(most) items") }
            if let least = schema["minItems"] as? Int, elements.count < least { found.append("\(path): fewer than \(least) items") }
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in elements.enumerated() {
                    found += problems(element, schema: items, at: "\(path)[\(index)]")
                }
            }
        case .object(let members):
            for name in schema["required"] as? [String] ?? [] where members[name] == nil {
                found.append("\(path): missing required \(name)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, member) in members {
                if let property = properties[name] as? [String: Any] {
                    found += problems(member, schema: property, at: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    found += problems(member, schema: extra, at: "\(path).\(name)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): \(name) is not allowed")
                }
            }
        case .null, .bool:
            break
        }
        return found
    }
}

/// Waits until `condition` holds, checking every 20 ms, and throws once `timeout` has passed: a
/// wait for a condition with a deadline, never a fixed sleep.
public func waitUntil(timeout: TimeInterval = 10, _ what: String,
                      _ condition: @Sendable () async -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !(await condition()) {
        guard Date() < deadline else { throw HarnessError("timed out after \(timeout)s waiting for \(what)") }
        try await Task.sleep(nanoseconds: 20_000_000)
    }
}
