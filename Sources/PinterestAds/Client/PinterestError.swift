import Foundation

/// Everything that can go wrong talking to the Pinterest API, typed so callers can react
/// (back off, refresh the token, show a message). No case ever holds the access token.
public enum PinterestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 401: the token is missing, expired or revoked (and could not be refreshed).
    case unauthorized(message: String)
    /// 403: the token may not do this.
    case forbidden(message: String)
    /// 404: no such account or entity.
    case notFound(message: String)
    /// 429: no request may be sent before `until`.
    case rateLimited(until: Date)
    /// Another HTTP error, with Pinterest's `code` and `message` when the body had them.
    case server(status: Int, code: Int?, message: String)
    /// The request did not complete (no connection, reset, timeout…).
    case transport(kind: TransportFailure, message: String)
    /// The body was not what the API description says; `path` is the JSON path that failed.
    case decoding(path: String, message: String, snippet: String)
    /// A paginated list returned a bookmark it had returned before.
    case repeatedBookmark(path: String)
    /// The request was invalid before it was sent (e.g. an empty id list).
    case invalidRequest(String)

    /// Kinds of transport failure; `timedOut` and `connectionLost` leave a write's outcome unknown.
    public enum TransportFailure: String, Sendable, Hashable {
        case cannotConnect, timedOut, connectionLost, other
    }

    /// Whether a GET may be retried after this error.
    public var isRetryable: Bool {
        switch self {
        case .transport: return true
        case .server(let status, _, _): return status >= 500
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .unauthorized(let message): return "Unauthorized: \(message)"
        case .forbidden(let message): return "Forbidden: \(message)"
        case .notFound(let message): return "Not found: \(message)"
        case .rateLimited(let until):
            return "Rate limited until \(Self.timeFormatter.string(from: until))"
        case .server(let status, let code, let message):
            return "Pinterest API error \(status)" + (code.map { " (code \($0))" } ?? "") + ": \(message)"
        case .transport(let kind, let message):
            switch kind {
            case .cannotConnect: return "Cannot reach the Pinterest API: \(message)"
            case .timedOut: return "The Pinterest API did not answer in time: \(message)"
            case .connectionLost: return "The connection to the Pinterest API was lost: \(message)"
            case .other: return "Network error: \(message)"
            }
        case .decoding(let path, let message, let snippet):
            return "Unexpected response at \(path.isEmpty ? "top level" : path): \(message)"
                + (snippet.isEmpty ? "" : " near “\(snippet)”")
        case .repeatedBookmark(let path):
            return "The API repeated a page bookmark for \(path); stopped to avoid looping"
        case .invalidRequest(let message): return "Invalid request: \(message)"
        }
    }

    private static let timeFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter
    }()
}
