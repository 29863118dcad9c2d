import Foundation
import PinterestAds
import PinterestSandbox

/// An HTTP answer as tests look at it.
public struct HTTPResult: Sendable {
    /// Status code.
    public var status: Int
    /// Header values by lower-cased name.
    public var headers: [String: String]
    /// The body bytes.
    public var body: Data

    /// A header value by (case-insensitive) name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body parsed with JSONSerialization.
    public func json() throws -> Any { try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }

    /// The body as a JSON object.
    public func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw HarnessError("body is not a JSON object") }
        return object
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A failure in the harness itself.
public struct HarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// A sandbox running on an ephemeral port, with a tiny HTTP client pointed at it.
public struct RunningSandbox: Sendable {
    /// The sandbox.
    public let sandbox: Sandbox
    /// Its base URL, `http://127.0.0.1:PORT/v5`.
    public let baseURL: URL
    /// Its state.
    public var store: SandboxStore { sandbox.store }
    /// The token requests carry by default.
    public let token: String

    /// `GET baseURL + path` with query items (repeat a name for repeated keys).
    public func get(_ path: String, query: [(String, String)] = [], token: String?? = .none,
                    timeout: TimeInterval = 10) async throws -> HTTPResult {
        try await send("GET", path, query: query, token: token, timeout: timeout)
    }

    /// `PATCH baseURL + path` with a JSON body.
    public func patch(_ path: String, json: Any, token: String?? = .none) async throws -> HTTPResult {
        let body = try JSONSerialization.data(withJSONObject: json)
        return try await send("PATCH", path, body: body, headers: ["Content-Type": "application/json"], token: token)
    }

    /// Any request; `token: .some(nil)` sends no Authorization header, `.none` sends the default token.
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
                     headers: [String: String] = [:], token: String?? = .none,
                     timeout: TimeInterval = 10) async throws -> HTTPResult {
        guard var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
        else { throw HarnessError("bad path \(path)") }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components.url else { throw HarnessError("bad query for \(path)") }
        var extra = headers
        switch token {
        case .none: extra["Authorization"] = "Bearer \(self.token)"
        case .some(.some(let value)): extra["Authorization"] = "Bearer \(value)"
        case .some(.none): break
        }
        return try await SandboxHarness.request(method, url, body: body, headers: extra, timeout: timeout)
    }

    /// Stops the sandbox.
    public func stop() async { await sandbox.stop() }
}

/// Starts sandboxes for tests and sends raw requests.
public enum SandboxHarness {
    /// The fixed "now" of test sandboxes: 2026-11-26 12:00:00 UTC.
    public static let referenceDate = Date(timeIntervalSince1970: 1_795_694_400)
    /// The default bearer token tests send.
    public static let token = "test-token"

    /// Starts a sandbox on 127.0.0.1 with an ephemeral port and a frozen clock (time moves only
    /// with `store.advance(by:)`), unless the configuration says otherwise.
    public static func start(_ configuration: SandboxConfiguration? = nil) async throws -> RunningSandbox {
        var settings = configuration ?? SandboxConfiguration(clock: { referenceDate })
        settings.port = 0
        let sandbox = try Sandbox(configuration: settings)
        let url = try await sandbox.start()
        return RunningSandbox(sandbox: sandbox, baseURL: url, token: settings.requiredToken ?? token)
    }

    /// Runs `body` with a started sandbox and stops it afterwards, also when `body` throws.
    public static func with<T: Sendable>(_ configuration: SandboxConfiguration? = nil,
                                         _ body: (RunningSandbox) async throws -> T) async throws -> T {
        let running = try await start(configuration)
        do {
            let result = try await body(running)
            await running.stop()
            return result
        } catch {
            await running.stop()
            throw error
        }
    }

    /// One transport for every test request: libcurl, whose transfers block threads of their own
    /// and never wait on Swift's cooperative pool, where the sandboxes answer.
    private static let transport = CurlTransport()

    /// Sends one request and returns whatever status came back; only transport failures throw.
    public static func request(_ method: String, _ url: URL, body: Data? = nil, headers: [String: String] = [:],
                               timeout: TimeInterval = 10) async throws -> HTTPResult {
        let request = HTTPRequest(method: HTTPRequest.Method(rawValue: method), url: url,
                                  headers: HTTPHeaderFields(headers.map { ($0.key, $0.value) }), body: body,
                                  timeout: timeout)
        let response = try await transport.send(request)
        var values: [String: String] = [:]
        for (name, value) in response.headers { values[name.lowercased()] = value }
        return HTTPResult(status: response.status, headers: values, body: response.body)
    }
}
