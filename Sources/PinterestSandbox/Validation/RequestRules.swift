import Foundation
import PinterestAds

/// The part of JSON Schema that Pinterest's OpenAPI description uses to constrain request values,
/// with `$ref` resolved and `allOf` merged (by scripts/generate-models.py, into
/// Generated/RequestRules.generated.swift). A class because schemas nest and are shared.
public final class SchemaRule: Sendable {
    /// What may stand beside the listed properties of an object.
    public enum Extra: Sendable {
        /// Nothing: an unlisted property is refused.
        case forbidden
        /// Any name, each value of this schema (a map).
        case schema(SchemaRule)
    }

    /// `string`, `integer`, `number`, `boolean`, `array`, `object`; nil accepts any type.
    public let type: String?
    /// `date` is checked (`YYYY-MM-DD`); other formats are descriptive.
    public let format: String?
    public let nullable: Bool
    /// The allowed values, each as its text (numbers in decimal).
    public let enumValues: [String]?
    public let pattern: String?
    public let minLength: Int?
    public let maxLength: Int?
    public let minimum: Double?
    public let maximum: Double?
    public let minItems: Int?
    public let maxItems: Int?
    public let properties: [String: SchemaRule]?
    public let required: [String]
    public let items: SchemaRule?
    /// Unlisted properties: nil allows any (the spec's default).
    public let additionalProperties: Extra?

    /// A rule; the parts of an `allOf` are merged into it: their properties and required names
    /// join its own, and a keyword it leaves out is taken from the first part that has it.
    init(allOf parts: [SchemaRule] = [], type: String? = nil, format: String? = nil, nullable: Bool? = nil,
         enumValues: [String]? = nil, pattern: String? = nil, minLength: Int? = nil, maxLength: Int? = nil,
         minimum: Double? = nil, maximum: Double? = nil, minItems: Int? = nil, maxItems: Int? = nil,
         properties: [String: SchemaRule]? = nil, required: [String] = [], items: SchemaRule? = nil,
         additionalProperties: Extra? = nil) {
        func inherited<T>(_ key: KeyPath<SchemaRule, T?>) -> T? { parts.lazy.compactMap { $0[keyPath: key] }.first }
        self.type = type ?? inherited(\.type)
        self.format = format ?? inherited(\.format)
        self.nullable = nullable ?? parts.contains(where: \.nullable)
        self.enumValues = enumValues ?? inherited(\.enumValues)
        self.pattern = pattern ?? inherited(\.pattern)
        self.minLength = minLength ?? inherited(\.minLength)
        self.maxLength = maxLength ?? inherited(\.maxLength)
        self.minimum = minimum ?? inherited(\.minimum)
        self.maximum = maximum ?? inherited(\.maximum)
        self.minItems = minItems ?? inherited(\.minItems)
        self.maxItems = maxItems ?? inherited(\.maxItems)
        let partProperties = parts.compactMap(\.properties)
        self.properties = partProperties.isEmpty && properties == nil ? nil
            : (partProperties + [properties ?? [:]]).reduce(into: [:]) { $0.merge($1) { $1 } }
        var names: [String] = []
        for name in parts.flatMap(\.required) + required where !names.contains(name) { names.append(name) }
        self.required = names
        self.items = items ?? inherited(\.items)
        self.additionalProperties = additionalProperties ?? inherited(\.additionalProperties)
    }

    /// The rule as JSON Schema keywords (for comparing with the spec).
    public var jsonObject: [String: Any] {
        var out: [String: Any] = [:]
        if let type { out["type"] = type }
        if let format { out["format"] = format }
        if nullable { out["nullable"] = true }
        if let enumValues { out["enum"] = enumValues }
        if let pattern { out["pattern"] = pattern }
        if let minLength { out["minLength"] = minLength }
        if let maxLength { out["maxLength"] = maxLength }
        if let minimum { out["minimum"] = minimum }
        if let maximum { out["maximum"] = maximum }
        if let minItems { out["minItems"] = minItems }
        if let maxItems { out["maxItems"] = maxItems }
        if let properties { out["properties"] = properties.mapValues(\.jsonObject) }
        if !required.isEmpty { out["required"] = required }
        if let items { out["items"] = items.jsonObject }
        switch additionalProperties {
        case .forbidden?: out["additionalProperties"] = false
        case .schema(let rule)?: out["additionalProperties"] = rule.jsonObject
        case nil: break
        }
        return out
    }
}

/// A path or query parameter of an operation.
public struct ParameterRule: Sendable {
    public enum Location: String, Sendable {
        case path, query
    }

    public let name: String
    public let location: Location
    public let required: Bool
    public let schema: SchemaRule
}

/// One operation's request: its parameters and, for a PATCH, its JSON body.
public struct OperationRule: Sendable {
    public let method: String
    /// The spec's path template under `/v5`, e.g. `/ad_accounts/{ad_account_id}/campaigns`.
    public let path: String
    public let parameters: [ParameterRule]
    public let body: SchemaRule?
}

/// The request schemas of the operations the sandbox serves, and the check of a request against them.
public enum RequestRules {
    /// The operation a method and path (`/v5/…`) belong to, with the path parameters' values; a
    /// template's literal segment wins over a parameter (`…/campaigns/analytics` is not a campaign id).
    static func operation(method: String, path: String) -> (OperationRule, [String: String])? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0].isEmpty, parts[1] == "v5" else { return nil }
        parts.removeFirst(2)
        var best: (rule: OperationRule, values: [String: String], literals: Int)?
        for rule in operations where rule.method == method {
            let template = rule.path.split(separator: "/").map(String.init)
            guard template.count == parts.count else { continue }
            var values: [String: String] = [:]
            var literals = 0
            var matches = true
            for (segment, part) in zip(template, parts) {
                if segment.hasPrefix("{") {
                    values[String(segment.dropFirst().dropLast())] = part.removingPercentEncoding ?? part
                } else if segment == part {
                    literals += 1
                } else {
                    matches = false
                    break
                }
            }
            if matches, literals > best?.literals ?? -1 { best = (rule, values, literals) }
        }
        return best.map { ($0.rule, $0.values) }
    }

    /// Why the request does not follow its operation's schemas, as Pinterest words it, or nil.
    static func problem(in request: SandboxRequest, operation: OperationRule, pathValues: [String: String]) -> String? {
        for parameter in operation.parameters {
            let values: [String]
            switch parameter.location {
            case .path: values = pathValues[parameter.name].map { [$0] } ?? []
            case .query: values = request.query.filter { $0.name == parameter.name }.map(\.value)
            }
            guard !values.isEmpty else {
                if parameter.required { return "Missing required parameter: '\(parameter.name)'" }
                continue
            }
            let kind = parameter.location == .path ? "path parameter" : "parameter"
            if let problem = parameterProblem(values, schema: parameter.schema) {
                return "Invalid \(kind) '\(parameter.name)': \(problem)"
            }
        }
        guard let body = operation.body else { return nil }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: request.body)
        } catch {
            return "Invalid request body: the body is not JSON"
        }
        guard let problem = SchemaCheck.problem(value, body, at: []) else { return nil }
        let place = problem.path.enumerated().map { index, step in
            index == 0 && step.first?.isNumber == true ? "item \(step)" : step
        }.joined(separator: ".")
        return "Invalid request body: " + (place.isEmpty ? "" : place + ": ") + problem.message
    }

    /// A query or path value as the JSON value its schema describes: arrays from repeated keys or
    /// comma-separated values, numbers and booleans from their text.
    static func parameterProblem(_ texts: [String], schema: SchemaRule) -> String? {
        func scalar(_ text: String, _ rule: SchemaRule) -> JSONValue {
            switch rule.type {
            case "integer": return Int(text).map(JSONValue.int) ?? .string(text)
            case "number": return Double(text).map(JSONValue.double) ?? .string(text)
            case "boolean": return ["true": JSONValue.bool(true), "false": .bool(false)][text] ?? .string(text)
            default: return .string(text)
            }
        }
        let value: JSONValue
        if schema.type == "array" {
            let pieces = texts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            value = .array(pieces.map { scalar($0, schema.items ?? SchemaRule()) })
        } else {
            value = scalar(texts[0], schema)
        }
        return SchemaCheck.problem(value, schema, at: []).map { problem in
            problem.path.isEmpty ? problem.message : "item \(problem.path.joined(separator: ".")): \(problem.message)"
        }
    }
}

/// Checks a JSON value against a `SchemaRule`; messages follow Python's jsonschema, as Pinterest's do.
enum SchemaCheck {
    struct Problem {
        var path: [String]
        var message: String
    }

    static func problem(_ value: JSONValue, _ rule: SchemaRule, at path: [String]) -> Problem? {
        func fail(_ message: String) -> Problem { Problem(path: path, message: message) }
        if case .null = value {
            return rule.nullable || rule.type == nil ? nil : fail("None is not of type '\(rule.type ?? "")'")
        }
        if let type = rule.type, !matches(value, type: type) {
            return fail("\(quoted(value)) is not of type '\(type)'")
        }
        if let allowed = rule.enumValues, !allowed.contains(enumText(value)) {
            return fail("\(quoted(value)) is not one of [\(allowed.map { "'\($0)'" }.joined(separator: ", "))]")
        }
        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = rule.minLength, length < minimum { return fail("\(quoted(value)) is too short") }
            if let maximum = rule.maxLength, length > maximum { return fail("\(quoted(value)) is too long") }
            if let pattern = rule.pattern, !matches(text, pattern: pattern) {
                return fail("\(quoted(value)) does not match '\(pattern)'")
            }
            if rule.format == "date", !isDate(text) { return fail("\(quoted(value)) is not a 'date'") }
        case .int, .double:
            let number: Double = if case .int(let whole) = value { Double(whole) } else if case .double(let real) = value { real } else { 0 }
            if let minimum = rule.minimum, number < minimum {
                return fail("\(quoted(value)) is less than the minimum of \(decimal(minimum))")
            }
            if let maximum = rule.maximum, number > maximum {
                return fail("\(quoted(value)) is greater than the maximum of \(decimal(maximum))")
            }
        case .array(let elements):
            if let minimum = rule.minItems, elements.count < minimum {
                return fail("\(elements.count) items is too short (at least \(minimum))")
            }
            if let maximum = rule.maxItems, elements.count > maximum {
                return fail("\(elements.count) items is too long (at most \(maximum))")
            }
            if let items = rule.items {
                for (index, element) in elements.enumerated() {
                    if let found = problem(element, items, at: path + [String(index)]) { return found }
                }
            }
        case .object(let members):
            for name in rule.required where members[name] == nil {
                return fail("'\(name)' is a required property")
            }
            for name in members.keys.sorted() {
                guard let member = members[name] else { continue }
                if let property = rule.properties?[name] {
                    if let found = problem(member, property, at: path + [name]) { return found }
                    continue
                }
                switch rule.additionalProperties {
                case .forbidden?:
                    return fail("Additional properties are not allowed ('\(name)' was unexpected)")
                case .schema(let extra)?:
                    if let found = problem(member, extra, at: path + [name]) { return found }
                case nil:
                    break
                }
            }
        case .null, .bool:
            break
        }
        return nil
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("integer", .int), ("number", .int), ("number", .double), ("boolean", .bool),
             ("array", .array), ("object", .object):
            true
        default:
            false
        }
    }

    /// Whether `text` matches a pattern of the spec. Ids (`^\d+$`, most of what is checked, up to
    /// 250 in one query) are checked without compiling a regular expression each time.
    static func matches(_ text: String, pattern: String) -> Bool {
        if pattern == #"^\d+$"# {
            return !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal }
        }
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    /// A value as the spec's enums list it.
    static func enumText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        default: value.displayText
        }
    }

    static func quoted(_ value: JSONValue) -> String {
        let text = value.displayText
        let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
        if case .string = value { return "'\(short)'" }
        return short
    }

    static func decimal(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// `YYYY-MM-DD` naming a real day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts.map(\.count) == [4, 2, 2],
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return DateComponents(year: year, month: month, day: day).isValidDate(in: calendar)
    }
}
