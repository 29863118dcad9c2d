import Foundation
import PinterestAds

/// A request as the sandbox's handlers see it, independent of the HTTP server.
struct SandboxRequest: Sendable {
    var method: String
    var path: String
    var query: [RecordedRequest.QueryItem]
    /// Header values by lower-cased name.
    var headers: [String: String]
    var body: Data

    /// Every value of a query parameter; repeated keys and comma-separated values both count.
    func values(_ name: String) -> [String] {
        query.filter { $0.name == name }
            .flatMap { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    /// The first value of a query parameter.
    func value(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// How the bytes of a response go out.
enum Delivery: Sendable, Equatable {
    /// Headers and the whole body.
    case normal
    /// Headers announcing the whole body, part of it, then the connection closes.
    case reset
    /// Nothing until the sandbox stops; then the connection closes.
    case hang
}

/// A response before it meets the HTTP server.
struct SandboxResponse: Sendable {
    var status: Int
    var headers: [String: String] = ["Content-Type": "application/json"]
    var body: Data
    var delivery: Delivery = .normal
    /// Real seconds to wait before answering.
    var delay: TimeInterval = 0

    /// A JSON response of an encodable value.
    static func json(_ value: some Encodable, status: Int = 200) -> SandboxResponse {
        do {
            return SandboxResponse(status: status, body: try JSONOutput.encode(value))
        } catch {
            return .error(500, code: ErrorCode.internalError, "Could not encode the response: \(error)")
        }
    }

    /// A Pinterest-style error `{"code", "message"}`.
    static func error(_ status: Int, code: Int, _ message: String) -> SandboxResponse {
        let body = (try? JSONOutput.encode(APIErrorBody(code: code, message: message))) ?? Data()
        return SandboxResponse(status: status, body: body)
    }
}

/// Pinterest's error body.
struct APIErrorBody: Codable, Sendable, Hashable {
    var code: Int
    var message: String
}

/// The `code` values the sandbox puts in error bodies.
enum ErrorCode {
    /// Bad parameters or body (400).
    static let invalidParameters = 1
    /// Missing, wrong or expired token (401); also "AdAccount not found." as in the spec's example.
    static let authenticationFailed = 2
    /// Unknown campaign, ad group or ad (404).
    static let notFound = 3
    /// Something the sandbox itself failed at (500), or injected 5xx answers.
    static let internalError = 4
    /// Too many requests (429).
    static let rateLimited = 29
    /// A status change the entity's state forbids (per-item exception).
    static let forbiddenTransition = 2613
}

/// The JSON encoder all answers go through.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// `{"items": [...], "bookmark": ...}` with an explicit `null` bookmark on the last page.
struct ListPage<Item: Encodable>: Encodable {
    var items: [Item]
    var bookmark: String?

    enum CodingKeys: String, CodingKey { case items, bookmark }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        if let bookmark { try container.encode(bookmark, forKey: .bookmark) } else { try container.encodeNil(forKey: .bookmark) }
    }
}
