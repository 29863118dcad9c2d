#!/usr/bin/env python3
"""Generate Pinwatch's PinterestAds model types from Pinterest's official OpenAPI description.

Usage: scripts/generate-models.py [path/to/openapi.json]
(default: ../shared/pinterest-openapi/openapi.json beside the project root)

Writes Sources/PinterestAds/Models/Generated/{Enums,Models,Requests,Operations}.generated.swift and
Sources/PinterestSandbox/Generated/RequestRules.generated.swift (the request schemas the sandbox
checks every request against).
Every enum gets the spec's cases plus `unknown(String)`; every object keeps the keys it does not
model in `additionalProperties` and remembers which keys arrived as an explicit `null`, so a payload
decodes and encodes back to the same JSON. Every struct also gets a compact binary form
(`CompactCodable`, runtime in Support/CompactCoding.swift) for the local cache.
"""
import json, keyword, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "pinterest-openapi", "openapi.json")
OUT = os.path.join(ROOT, "Sources", "PinterestAds", "Models", "Generated")
spec = json.load(open(SPEC))
S = spec["components"]["schemas"]
VERSION = spec["info"]["version"]

SWIFT_KEYWORDS = {"do", "in", "is", "as", "if", "for", "let", "var", "try", "case", "default", "self", "Type",
                  "func", "return", "switch", "where", "while", "class", "struct", "enum", "import", "repeat",
                  "throw", "true", "false", "nil", "init", "super", "static", "protocol", "extension", "operator"}

def camel(raw, upper=False):
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", raw) if p]
    out = []
    for i, p in enumerate(parts):
        # keep embedded camelCase (organicPinId, iOS_deep_link) readable
        if p.isupper() or p.islower() or p.isdigit():
            p = p.lower()
        else:
            p = p[0].lower() + p[1:]
        out.append(p if (i == 0 and not upper) else p[:1].upper() + p[1:])
    name = "".join(out)
    if name[:1].isdigit():
        name = "v" + name
    return name

def case_name(raw):
    n = camel(raw)
    return f"`{n}`" if n in SWIFT_KEYWORDS else n

def doc(text, indent):
    if not text:
        return ""
    text = re.sub(r"<[^>]+>", "", text).strip().split("\n")[0].strip()
    text = re.sub(r"\s+", " ", text)
    if len(text) > 110:
        text = text[:107].rsplit(" ", 1)[0] + "…"
    return f"{indent}/// {text}\n"

# ---- enums ---------------------------------------------------------------------------------
# Swift name -> (description, values)
ENUMS = {}
def enum_from(name, schema, description=None):
    values = [v for v in schema["enum"] if v is not None]
    if name in ENUMS:
        assert ENUMS[name][1] == values, (name, ENUMS[name][1], values)
    ENUMS[name] = (description or schema.get("description") or name, values)
    return name

REF_ENUM_NAMES = {
    "EntityStatus": "EntityStatus", "ActionType": "BillableEvent", "BudgetType": "BudgetType",
    "PacingDeliveryType": "PacingDeliveryType", "PlacementGroupType": "PlacementGroup",
    "AdGroupSummaryStatus": "AdGroupSummaryStatus", "CampaignSummaryStatus": "CampaignSummaryStatus",
    "PinPromotionSummaryStatus": "AdSummaryStatus", "CreativeType": "CreativeType",
    "CustomizableCTAType": "CustomizableCTAType", "DisclosureType": "DisclosureType",
    "GridClickType": "GridClickType", "ObjectiveType": "ObjectiveType", "Currency": "Currency",
    "Country": "Country", "BusinessAccessRole": "BusinessAccessRole",
}
INLINE_ENUM_NAMES = {
    "bid_strategy_type": "BidStrategyType", "conversion_learning_mode_type": "ConversionLearningModeType",
    "learning_mode_type": "ConversionLearningModeType", "promotion_application_level": "PromotionApplicationLevel",
    "review_status": "ReviewStatus", "rejected_reasons": "RejectedReason", "conversion_event": "ConversionEvent",
    "timerange": "FrequencyTimeRange", "tie_breaker_type": "QuizTieBreakerType",
}
# ---- objects -------------------------------------------------------------------------------
# Schema name -> Swift struct name for nested objects we model.
OBJECTS = {
    "AdAccount": "AdAccount", "AdAccountOwner": "AdAccountOwner",
    "CampaignResponse": "Campaign", "AdGroupResponse": "AdGroup", "AdResponse": "Ad",
    "TrackingUrls": "TrackingURLs", "OptimizationGoalMetadata": "OptimizationGoalMetadata",
    "QuizPinData": "QuizPinData", "QuizPinQuestion": "QuizPinQuestion", "QuizPinOption": "QuizPinOption",
    "QuizPinResult": "QuizPinResult",
}
INLINE_OBJECT_NAMES = {
    "conversion_tag_v3_goal_metadata": "ConversionTagGoalMetadata", "attribution_windows": "AttributionWindows",
    "frequency_goal_metadata": "FrequencyGoalMetadata", "scrollup_goal_metadata": "ScrollupGoalMetadata",
}
# Fields we keep as free-form JSON (the spec leaves them open or they are not shown).
FREEFORM = {"dca_assets", "bid_options"}
# Fields with hand-written types.
CUSTOM = {"targeting_spec": "TargetingSpec"}
# `id` is required only on the top-level entities; nested objects (QuizPinOption) may omit it.
ENTITIES = {"AdAccount", "Campaign", "AdGroup", "Ad"}
REQUIRED = {"id"}
STRUCTS = []  # (name, description, [(json, swift, type, doc)])

def resolve(schema):
    """Merge allOf parts into one properties dict."""
    props = {}
    for part in schema.get("allOf", []):
        if "$ref" in part:
            props.update(resolve(S[part["$ref"].split("/")[-1]]))
        else:
            props.update(resolve(part))
    props.update(schema.get("properties", {}))
    return props

def swift_type(key, p):
    if key in CUSTOM:
        return CUSTOM[key]
    if key in FREEFORM:
        return "JSONValue"
    if "$ref" in p:
        ref = p["$ref"].split("/")[-1]
        target = S[ref]
        if ref in OBJECTS:
            build_struct(ref, target); return OBJECTS[ref]
        if "enum" in target:
            return enum_from(REF_ENUM_NAMES[ref], target)
        if target.get("type") in ("boolean", "string", "integer", "number"):
            return swift_type(key, target)
        raise SystemExit(f"unhandled ref {ref} at {key}")
    if p.get("allOf") and len(p["allOf"]) == 1:
        return swift_type(key, p["allOf"][0])
    if "enum" in p and p.get("type") == "string":
        return enum_from(INLINE_ENUM_NAMES[key], p)
    t = p.get("type")
    if t == "string": return "String"
    if t == "integer": return "Int"
    if t == "number": return "Double"
    if t == "boolean": return "Bool"
    if t == "array":
        items = p["items"]
        if "enum" in items:
            return "[" + enum_from(INLINE_ENUM_NAMES[key], items, items.get("description")) + "]"
        return "[" + swift_type(key, items) + "]"
    if t == "object" and key in INLINE_OBJECT_NAMES:
        build_struct(None, p, INLINE_OBJECT_NAMES[key]); return INLINE_OBJECT_NAMES[key]
    raise SystemExit(f"unhandled type for {key}: {json.dumps(p)[:200]}")

def build_struct(ref, schema, name=None):
    name = name or OBJECTS[ref]
    if any(s[0] == name for s in STRUCTS):
        return
    entry = [name, schema.get("description") or "", []]
    STRUCTS.append(entry)
    for key, p in resolve(schema).items():
        desc = p.get("description") or ""
        if not desc and "$ref" in p:
            desc = S[p["$ref"].split("/")[-1]].get("description", "")
        entry[2].append((key, camel(key), swift_type(key, p), desc))

for ref in ["AdAccount", "CampaignResponse", "AdGroupResponse", "AdResponse"]:
    build_struct(ref, S[ref])

HEADER = f"""// Generated by scripts/generate-models.py from Pinterest's OpenAPI description {VERSION}.
// Do not edit by hand: change the generator and run it again.
"""

def gen_enums():
    out = [HEADER, "import Foundation\n"]
    for name in sorted(ENUMS):
        desc, values = ENUMS[name]
        out.append(doc(desc, "") + f"public enum {name}: OpenEnum {{")
        for v in values:
            out.append(f"    case {case_name(v)}")
        out.append("    /// A value this version of Pinwatch does not know yet, kept as sent.")
        out.append("    case unknown(String)\n")
        out.append("    /// The values listed in the API description.")
        out.append(f"    public static let knownCases: [{name}] = [" + ", ".join("." + case_name(v).strip("`") if case_name(v)[0] != "`" else "." + case_name(v) for v in values) + "]\n")
        out.append("    public init(rawValue: String) {\n        switch rawValue {")
        for v in values:
            out.append(f"        case {json.dumps(v)}: self = .{case_name(v)}")
        out.append("        default: self = .unknown(rawValue)\n        }\n    }\n")
        out.append("    public var rawValue: String {\n        switch self {")
        for v in values:
            out.append(f"        case .{case_name(v)}: {json.dumps(v)}")
        out.append("        case .unknown(let raw): raw\n        }\n    }\n}\n")
    return "\n".join(out)

# Nested values large in memory and rarely read, kept in their compact form (`Packed`, in
# Support/Packed.swift) so the lists of entities kept all day stay small.
PACKED = {"OptimizationGoalMetadata", "TrackingURLs", "QuizPinData", "AttributionWindows", "TargetingSpec"}

def packed(key, ty, required):
    return ty in PACKED and key not in required

def gen_structs():
    out = [HEADER, "import Foundation\n"]
    for name, desc, fields in STRUCTS:
        required = REQUIRED if name in ENTITIES else set()
        fields = sorted(fields, key=lambda f: (f[0] not in required, f[0]))
        out.append(doc(desc or name, "") + f"public struct {name}: PinterestModel {{")
        for key, sw, ty, d in fields:
            wrapper = "@Packed " if packed(key, ty, required) else ""
            out.append(doc(d, "    ") + f"    {wrapper}public var {sw}: {ty}{'' if key in required else '?'}")
        out.append("    /// Keys the API sent that this version does not model, kept for round trips.")
        out.append("    public var additionalProperties: [String: JSONValue]")
        out.append("    /// Keys that arrived with an explicit `null`, so encoding gives back the same JSON.")
        out.append("    public var explicitNulls: Set<String>\n")
        out.append("    enum CodingKeys: String, CodingKey, CaseIterable {")
        for key, sw, ty, d in fields:
            out.append(f"        case {sw}" + ("" if sw == key else f" = {json.dumps(key)}"))
        out.append("    }\n")
        out.append("    /// The JSON keys this type models, computed once.")
        out.append("    static let knownKeys = AdditionalProperties.knownNames(CodingKeys.self)\n")
        params = ",\n        ".join(f"{sw}: {ty}" + ("" if key in required else "? = nil") for key, sw, ty, d in fields)
        out.append("    /// Creates a value; fields left out are absent from the JSON.")
        out.append(f"    public init(\n        {params},\n        additionalProperties: [String: JSONValue] = [:]\n    ) {{")
        for key, sw, ty, d in fields:
            out.append(f"        self.{sw} = {sw}")
        out.append("        self.additionalProperties = additionalProperties\n        self.explicitNulls = []\n    }\n")
        out.append("    public init(from decoder: any Decoder) throws {")
        out.append("        let container = try decoder.container(keyedBy: CodingKeys.self)")
        out.append("        var nulls = Set<String>()")
        for key, sw, ty, d in fields:
            if key in required:
                out.append(f"        {sw} = try container.decode({ty}.self, forKey: .{sw})")
            else:
                out.append(f"        {sw} = try container.decodeNullable({ty}.self, forKey: .{sw}, nulls: &nulls)")
        out.append("        explicitNulls = nulls")
        out.append("        additionalProperties = try AdditionalProperties.decode(from: decoder, known: Self.knownKeys)")
        out.append("    }\n")
        out.append("    public func encode(to encoder: any Encoder) throws {")
        out.append("        var container = encoder.container(keyedBy: CodingKeys.self)")
        for key, sw, ty, d in fields:
            if key in required:
                out.append(f"        try container.encode({sw}, forKey: .{sw})")
            else:
                out.append(f"        try container.encodeNullable({sw}, forKey: .{sw}, nulls: explicitNulls)")
        out.append("        try AdditionalProperties.encode(additionalProperties, to: encoder)")
        out.append("    }\n}\n")
        out.append(gen_compact(name, fields, required))
    return "\n".join(out)

def gen_compact(name, fields, required):
    """The compact binary form (see Support/CompactCoding.swift): every field in declaration order,
    optionals behind a presence byte, then the keys kept for round trips."""
    out = [f"extension {name}: CompactCodable {{"]
    out.append("    /// Writes the fields in declaration order, then the unmodelled keys and explicit nulls.")
    out.append("    public func write(to writer: inout CompactWriter) {")
    for key, sw, ty, d in fields:
        if packed(key, ty, required):
            out.append(f"        writer.writePacked(_{sw})")
        else:
            out.append(f"        writer.{'write' if key in required else 'writeOptional'}({sw})")
    out.append("        writer.write(additionalProperties)")
    out.append("        writer.write(explicitNulls)")
    out.append("    }\n")
    out.append("    /// Reads what `write(to:)` wrote.")
    out.append("    public init(from reader: inout CompactReader) throws(CompactDecodingError) {")
    for key, sw, ty, d in fields:
        if packed(key, ty, required):
            out.append(f"        _{sw} = try reader.readPacked({ty}.self)")
        else:
            out.append(f"        {sw} = try reader.{'read' if key in required else 'readOptional'}({ty}.self)")
    out.append("        additionalProperties = try reader.read([String: JSONValue].self)")
    out.append("        explicitNulls = try reader.read(Set<String>.self)")
    out.append("    }\n}\n")
    return "\n".join(out)

# ---- update requests -----------------------------------------------------------------------
# The bodies of the status PATCHes: every required property (non-optional, so leaving one out does
# not compile) plus the optional ones Pinwatch sends.
UPDATE_REQUESTS = [("CampaignUpdateRequest", ["status"]), ("AdGroupUpdateRequest", ["status"]),
                   ("AdUpdateRequest", ["status"])]

def flat_required(schema):
    """Required names gathered through `$ref` and `allOf`."""
    while "$ref" in schema:
        schema = S[schema["$ref"].split("/")[-1]]
    names = []
    for part in schema.get("allOf", []):
        names += [n for n in flat_required(part) if n not in names]
    return names + [n for n in schema.get("required", []) if n not in names]

def gen_requests():
    out = [HEADER, "import Foundation\n"]
    for name, optional in UPDATE_REQUESTS:
        schema = S[name]
        props = resolve(schema)
        required = flat_required(schema)
        fields = [(k, True) for k in required] + [(k, False) for k in optional if k not in required]
        for key, _ in fields:
            assert key in props, (name, key)
        out.append(f"/// One element of the body of `{name}` (required: {', '.join(required)}).")
        out.append(f"public struct {name}: Encodable, Sendable, Hashable {{")
        for key, req in fields:
            p = props[key]
            desc = p.get("description") or ("" if "$ref" not in p else S[p["$ref"].split("/")[-1]].get("description", ""))
            out.append(doc(desc, "    ") + f"    public var {camel(key)}: {swift_type(key, p)}{'' if req else '?'}")
        out.append("")
        out.append("    enum CodingKeys: String, CodingKey {")
        for key, _ in fields:
            out.append(f"        case {camel(key)}" + ("" if camel(key) == key else f" = {json.dumps(key)}"))
        out.append("    }\n")
        params = ", ".join(f"{camel(k)}: {swift_type(k, props[k])}" + ("" if req else "? = nil") for k, req in fields)
        out.append("    /// Creates an element; optional fields left nil are not sent.")
        out.append(f"    public init({params}) {{")
        for key, _ in fields:
            out.append(f"        self.{camel(key)} = {camel(key)}")
        out.append("    }\n}\n")
    return "\n".join(out)

# ---- request rules for the sandbox ---------------------------------------------------------
# The sandbox checks every request against the spec's parameter and body schemas, but cannot read
# the spec on a user's machine: the schemas of the operations it serves are written out as Swift
# (runtime in Sources/PinterestSandbox/Validation). `$ref`s become shared constants; `allOf` parts
# are merged when the rule is made; only the keywords that constrain a value are kept.
SANDBOX_OUT = os.path.join(ROOT, "Sources", "PinterestSandbox", "Generated")
SANDBOX_OPERATIONS = [
    ("GET", "/ad_accounts"), ("GET", "/ad_accounts/{ad_account_id}"),
    ("GET", "/ad_accounts/{ad_account_id}/analytics"),
] + [(m, f"/ad_accounts/{{ad_account_id}}/{kind}{tail}")
     for kind, single in [("campaigns", "campaign_id"), ("ad_groups", "ad_group_id"), ("ads", "ad_id")]
     for m, tail in [("GET", ""), ("PATCH", ""), ("GET", f"/{{{single}}}"), ("GET", "/analytics")]]
# Keywords kept, in this order (the Swift test normalising the spec keeps the same ones).
KEYWORDS = ["type", "format", "nullable", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
            "minItems", "maxItems"]
NAMED = {}   # Swift constant name -> canonical schema

def canonical(schema):
    """The schema with `$ref` resolved (marked with the name it came from)."""
    if "$ref" in schema:
        ref = schema["$ref"].split("/")[-1]
        name = camel(ref)
        if name not in NAMED:
            NAMED[name] = None
            NAMED[name] = canonical(S[ref])
        return dict(NAMED[name], **{"$name": name})
    out = {}
    if schema.get("allOf"):
        # Merged by SchemaRule's initialiser, so shared parts are written once.
        out["allOf"] = [canonical(part) for part in schema["allOf"]]
    for key in KEYWORDS:
        if key in schema:
            value = schema[key]
            if key == "enum":
                value = [v if isinstance(v, str) else json.dumps(v) for v in value if v is not None]
            out[key] = value
    if "properties" in schema:
        props = out.setdefault("properties", {})
        for key, value in schema["properties"].items():
            props[key] = canonical(value)
    if "required" in schema:
        out["required"] = out.get("required", []) + [n for n in schema["required"] if n not in out.get("required", [])]
    if "items" in schema:
        out["items"] = canonical(schema["items"])
    if "additionalProperties" in schema and schema["additionalProperties"] is not True:
        extra = schema["additionalProperties"]
        out["additionalProperties"] = False if extra is False else canonical(extra)
    return out

def swift_string(text):
    return "#\"" + text + "\"#" if "\\" in text or '"' in text else json.dumps(text)

def swift_rule(schema, indent):
    if "$name" in schema:
        return schema["$name"]
    args = []
    if "allOf" in schema:
        args.append("allOf: [" + ", ".join(swift_rule(part, indent + "    ") for part in schema["allOf"]) + "]")
    for key in KEYWORDS:
        if key not in schema:
            continue
        value = schema[key]
        label = {"enum": "enumValues"}.get(key, key)
        if key == "enum":
            args.append(f"{label}: [" + ", ".join(swift_string(v) for v in value) + "]")
        elif isinstance(value, bool):
            args.append(f"{label}: {'true' if value else 'false'}")
        elif isinstance(value, str):
            args.append(f"{label}: {swift_string(value)}")
        elif isinstance(value, float) and value.is_integer():
            args.append(f"{label}: {int(value)}")
        else:
            args.append(f"{label}: {value}")
    inner = indent + "    "
    if "properties" in schema:
        members = ",\n".join(f"{inner}    {json.dumps(k)}: {swift_rule(v, inner + '    ')}"
                             for k, v in sorted(schema["properties"].items()))
        args.append(f"properties: [\n{members},\n{inner}]" if members else "properties: [:]")
    if "required" in schema:
        args.append("required: [" + ", ".join(json.dumps(n) for n in schema["required"]) + "]")
    if "items" in schema:
        args.append(f"items: {swift_rule(schema['items'], inner)}")
    if "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        args.append("additionalProperties: " + (".forbidden" if extra is False else f".schema({swift_rule(extra, inner)})"))
    if sum(len(a) for a in args) < 90 and "\n" not in "".join(args):
        return "SchemaRule(" + ", ".join(args) + ")"
    return "SchemaRule(\n" + ",\n".join(inner + a for a in args) + f"\n{indent})"

def parameter_rule(param):
    name = None
    if "$ref" in param:
        name = camel(param["$ref"].split("/")[-1]) + "Parameter"
        param = spec["components"]["parameters"][param["$ref"].split("/")[-1]]
    schema = canonical(param["schema"])
    text = (f"ParameterRule(name: {json.dumps(param['name'])}, location: .{param['in']}, "
            f"required: {'true' if param.get('required') else 'false'}, schema: {swift_rule(schema, '        ')})")
    return name, text

def gen_rules():
    ops = []
    params = {}
    for method, path in SANDBOX_OPERATIONS:
        op = spec["paths"][path][method.lower()]
        names = []
        for param in op.get("parameters", []):
            name, text = parameter_rule(param)
            if name is None:
                name = camel(op["operationId"] + "_" + param["name"]) + "Parameter"
            params[name] = text
            names.append(name)
        body = "nil"
        if "requestBody" in op:
            body = swift_rule(canonical(op["requestBody"]["content"]["application/json"]["schema"]), "            ")
        ops.append(f"        OperationRule(\n            method: {json.dumps(method)}, path: {json.dumps(path)},\n"
                   f"            parameters: [{', '.join(names)}],\n            body: {body}\n        )")
    out = [HEADER, "// The request schemas of the operations the sandbox serves.\n", "extension RequestRules {"]
    out.append("    /// Every operation the sandbox serves, as the spec describes its requests.")
    out.append("    static let operations: [OperationRule] = [\n" + ",\n".join(ops) + ",\n    ]\n")
    for name in sorted(params):
        out.append(f"    static let {name} = {params[name]}\n")
    for name in sorted(NAMED):
        body = {k: v for k, v in NAMED[name].items()}
        out.append(f"    static let {name} = {swift_rule(body, '    ')}\n")
    out.append("}\n")
    return "\n".join(out)

# ---- operations and their rate-limit categories --------------------------------------------
# Every operation PinterestClient (and PinterestOAuth) sends, with the spec's `x-ratelimit-category`,
# so each request is counted against the right budget. A test checks the client sends nothing else.
CLIENT_OPERATIONS = [
    ("GET", "/ad_accounts"), ("GET", "/user_account"), ("POST", "/oauth/token"), ("POST", "/oauth/token/revoke"),
] + [(m, f"/ad_accounts/{{ad_account_id}}/{kind}{tail}")
     for kind, single in [("campaigns", "campaign_id"), ("ad_groups", "ad_group_id"), ("ads", "ad_id")]
     for m, tail in [("GET", ""), ("PATCH", ""), ("GET", "/analytics")] + ([] if kind == "campaigns" else [("GET", f"/{{{single}}}")])]

def category_values():
    values = set()
    for ops in spec["paths"].values():
        for op in ops.values():
            if isinstance(op, dict) and op.get("x-ratelimit-category"):
                values.add(op["x-ratelimit-category"])
    return sorted(values)

enum_from("RateLimitCategory", {"enum": category_values()},
          "A rate-limit category of the Pinterest API (`x-ratelimit-category`): each has its own budget.")

def gen_operations():
    out = [HEADER, "import Foundation\n"]
    out.append("/// An operation Pinwatch sends to the Pinterest API, with its method, path template and")
    out.append("/// rate-limit category as the API description gives them.")
    out.append("public enum APIOperation: String, CaseIterable, Sendable {")
    rows = []
    for method, path in CLIENT_OPERATIONS:
        op = spec["paths"][path][method.lower()]
        rows.append((camel(op["operationId"]), method, path, op["x-ratelimit-category"]))
        out.append(doc(op.get("summary") or op["operationId"], "    ")
                   + f"    case {camel(op['operationId'])} = {json.dumps(op['operationId'])}")
    for doc_line, member, value in [("The HTTP method.", "method: String", lambda r: json.dumps(r[1])),
                                    ("The path under the API root, with `{name}` for each path parameter.",
                                     "pathTemplate: String", lambda r: json.dumps(r[2])),
                                    ("The budget this operation counts against (`x-ratelimit-category`).",
                                     "rateLimitCategory: RateLimitCategory", lambda r: "." + case_name(r[3]))]:
        out.append(f"\n    /// {doc_line}\n    public var {member} {{\n        switch self {{")
        for row in rows:
            out.append(f"        case .{row[0]}: {value(row)}")
        out.append("        }\n    }")
    out.append("}\n")
    return "\n".join(out)

os.makedirs(OUT, exist_ok=True)
os.makedirs(SANDBOX_OUT, exist_ok=True)
requests = gen_requests()
structs = gen_structs()
enums = gen_enums()
rules = gen_rules()
operations = gen_operations()
open(os.path.join(OUT, "Models.generated.swift"), "w").write(structs)
open(os.path.join(OUT, "Enums.generated.swift"), "w").write(enums)
open(os.path.join(OUT, "Requests.generated.swift"), "w").write(requests)
open(os.path.join(OUT, "Operations.generated.swift"), "w").write(operations)
open(os.path.join(SANDBOX_OUT, "RequestRules.generated.swift"), "w").write(rules)
print(f"{len(STRUCTS)} structs, {len(ENUMS)} enums, {len(UPDATE_REQUESTS)} update requests, "
      f"{len(SANDBOX_OPERATIONS)} sandbox operations, {len(CLIENT_OPERATIONS)} client operations from spec {VERSION}")
