import Foundation

/// Turns non-2xx responses into `PinterestError`, and reads rate-limit headers.
enum HTTPErrorMapping {
    /// Pinterest's error body, `{"code": 2, "message": "..."}`.
    private struct ErrorBody: Decodable {
        var code: Int?
        var message: String?
    }

    /// How long to wait after a 429 when no header says.
    static let defaultRateLimitWait: TimeInterval = 60

    /// The error for a non-2xx response. `redact` removes secrets from any text taken from the body.
    static func error(for response: HTTPResponse, now: Date, redact: (String) -> String) -> PinterestError {
        let parsed = try? JSONDecoder().decode(ErrorBody.self, from: response.body)
        let message = redact(parsed?.message.map { ResponseDecoding.oneLine($0, limit: 300) }
            ?? fallbackMessage(response))
        switch response.status {
        case 401: return .unauthorized(message: message)
        case 403: return .forbidden(message: message)
        case 404: return .notFound(message: message)
        case 429: return .rateLimited(until: rateLimitDeadline(response.headers, now: now))
        default: return .server(status: response.status, code: parsed?.code, message: message)
        }
    }

    /// When a 429 lets us send again: `Retry-After` (seconds or an HTTP date), else
    /// `x-ratelimit-reset` (seconds), else a minute.
    static func rateLimitDeadline(_ headers: HTTPHeaderFields, now: Date) -> Date {
        if let retryAfter = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = TimeInterval(retryAfter), seconds.isFinite, seconds >= 0 {
                return now.addingTimeInterval(seconds)
            }
            if let date = httpDate(retryAfter) {
                return max(now, date)
            }
        }
        if let reset = headers["x-ratelimit-reset"]?.trimmingCharacters(in: .whitespaces),
           let seconds = TimeInterval(reset), seconds.isFinite, seconds >= 0 {
            return now.addingTimeInterval(seconds)
        }
        return now.addingTimeInterval(defaultRateLimitWait)
    }

    /// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// A short description of a body without Pinterest's error shape.
    private static func fallbackMessage(_ response: HTTPResponse) -> String {
        let snippet = ResponseDecoding.snippet(of: response.body)
        let reason = HTTPURLResponseReason.phrase(for: response.status)
        return snippet.isEmpty ? reason : "\(reason): \(snippet)"
    }
}

/// Reason phrases for common statuses, so messages read well without a body.
enum HTTPURLResponseReason {
    static func phrase(for status: Int) -> String {
        switch status {
        case 400: "Bad request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not found"
        case 408: "Request timeout"
        case 409: "Conflict"
        case 429: "Too many requests"
        case 500: "Internal server error"
        case 502: "Bad gateway"
        case 503: "Service unavailable"
        case 504: "Gateway timeout"
        default: "HTTP \(status)"
        }
    }
}
