import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production transport: an ephemeral `URLSession` (no cookies, no cache on disk) with a
/// timeout per request. URL-loading failures become `PinterestError.transport`.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // `URLSession` is thread-safe; it is only read after init.
    private let session: URLSession

    /// Creates a transport with its own ephemeral session.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends the request; any HTTP status is returned, only transport failures throw.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
                                    timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method.rawValue
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await Self.withDeadline(seconds: request.timeout) { [session, urlRequest] in
                try await session.data(for: urlRequest)
            }
        } catch let error as URLError {
            throw Self.map(error)
        } catch is CancellationError {
            throw PinterestError.transport(kind: .other, message: "cancelled")
        } catch {
            throw PinterestError.transport(kind: .other, message: String(describing: type(of: error)))
        }
        guard let http = response as? HTTPURLResponse else {
            throw PinterestError.transport(kind: .other, message: "not an HTTP response")
        }
        var headers = HTTPHeaderFields()
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// Runs `operation`, failing with `URLError(.timedOut)` once `seconds` have passed (URLSession's
    /// own timeout is an idle timeout and is not enforced on every platform). The operation is
    /// cancelled on timeout; the caller does not wait for it to wind down.
    static func withDeadline<T: Sendable>(
        seconds: TimeInterval, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let gate = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                gate.set(continuation)
                let work = Task {
                    do { gate.resume(with: .success(try await operation())) } catch { gate.resume(with: .failure(error)) }
                }
                let timer = Task {
                    try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                    if !Task.isCancelled { gate.resume(with: .failure(URLError(.timedOut))) }
                    work.cancel()
                }
                gate.onFinish { work.cancel(); timer.cancel() }
            }
        } onCancel: {
            gate.resume(with: .failure(CancellationError()))
        }
    }

    /// Maps a URL-loading error to a transport failure (never includes the URL's query or headers).
    static func map(_ error: URLError) -> PinterestError {
        let kind: PinterestError.TransportFailure
        let message: String
        switch error.code {
        case .timedOut:
            kind = .timedOut; message = "request timed out"
        case .networkConnectionLost:
            kind = .connectionLost; message = "connection lost"
        case .cannotConnectToHost:
            kind = .cannotConnect; message = "cannot connect to host"
        case .cannotFindHost, .dnsLookupFailed:
            kind = .cannotConnect; message = "cannot find host"
        case .notConnectedToInternet:
            kind = .cannotConnect; message = "not connected to the internet"
        case .cancelled:
            kind = .other; message = "cancelled"
        default:
            kind = .other; message = "URL error \(error.code.rawValue)"
        }
        return .transport(kind: kind, message: message)
    }
}

/// Resumes a continuation exactly once, from whichever of several tasks finishes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var finished = false
    private var cleanup: (@Sendable () -> Void)?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func onFinish(_ body: @escaping @Sendable () -> Void) {
        lock.lock()
        if finished {
            lock.unlock()
            body()
            return
        }
        cleanup = body
        lock.unlock()
    }

    func resume(with result: Result<T, any Error>) {
        lock.lock()
        guard !finished else {
            lock.unlock()
            return
        }
        finished = true
        let continuation = self.continuation
        self.continuation = nil
        if continuation == nil { early = result }
        let cleanup = self.cleanup
        self.cleanup = nil
        lock.unlock()
        continuation?.resume(with: result)
        cleanup?()
    }
}
