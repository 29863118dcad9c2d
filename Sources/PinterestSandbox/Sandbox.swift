import FlyingFox
import FlyingSocks
import Foundation
import Logging

/// A local stand-in for the Pinterest API v5 on 127.0.0.1: serves the demo data (or a data file),
/// lives on a simulated clock, and misbehaves on request.
///
/// Choices where the real API is vague: an unknown ad account is 404 `{"code": 2, "message":
/// "AdAccount not found."}` (the spec's own example), not 403; lists without `entity_statuses`
/// return ACTIVE and PAUSED only (the spec's default); ad PATCH elements carry `exceptions` as a
/// single object (the spec's `AdArrayResponseElement`), campaigns and ad groups as an array.
public actor Sandbox {
    /// The state behind the API, for tests to arrange and inspect.
    public nonisolated let store: SandboxStore
    /// How this sandbox was configured.
    public nonisolated let configuration: SandboxConfiguration
    private var server: HTTPServer?
    private var runTask: Task<Void, Never>?
    private var listening = false

    /// Creates a sandbox; throws only when `.file` data cannot be loaded.
    public init(configuration: SandboxConfiguration) throws(SandboxDataError) {
        self.configuration = configuration
        let start = configuration.clock()
        let data: SandboxData
        switch configuration.dataSource {
        case .demo: data = DemoData.make(now: start)
        case .data(let given): data = given
        case .file(let url): data = try SandboxData.load(from: url)
        }
        store = SandboxStore(data: data, clock: configuration.clock, speed: configuration.speed,
                             chaos: configuration.chaos, requiredToken: configuration.requiredToken,
                             refreshToken: configuration.refreshToken, oauth: configuration.oauth,
                             budget: configuration.budget)
    }

    /// Starts serving and returns the base URL, e.g. `http://127.0.0.1:8080/v5`.
    public func start() async throws -> URL {
        if let server, let url = await Self.baseURL(of: server) { return url }
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: configuration.port)
        let settings = HTTPServer.Configuration(address: address, timeout: 86_400, logger: .disabled)
        let handler = SandboxHTTPHandler(store: store, logger: configuration.logger)
        let server = HTTPServer(config: settings, handler: handler)
        self.server = server
        let logger = configuration.logger
        let store = store
        let (failures, failed) = AsyncStream.makeStream(of: (any Error).self)
        runTask = Task { [weak self] in
            do {
                try await server.run()
            } catch {
                failed.yield(error)
                // A failure to start is `start`'s error; only a server that was serving is logged.
                if await !store.isStopped, await self?.listening == true {
                    logger.error("Sandbox server stopped: \(error)")
                }
            }
            failed.finish()
        }
        // A port already in use fails `run` at once: report that error now rather than wait for
        // `listening` to time out.
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.waitUntilListening(timeout: 10) }
                group.addTask { for await error in failures { throw error } }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch SocketError.failed(type: _, errno: EADDRINUSE, message: _) {
            throw SandboxStartError.portInUse(configuration.port)
        }
        listening = true
        guard let url = await Self.baseURL(of: server) else {
            throw SandboxDataError(description: "The sandbox server did not report its address.")
        }
        logger.debug("Pinterest API sandbox listening on \(url.absoluteString)")
        return url
    }

    /// Stops serving; held ("hang") requests are let go and their connections closed.
    public func stop() async {
        await store.markStopped()
        if let server { await server.stop(timeout: 0.5) }
        runTask?.cancel()
        await runTask?.value
        server = nil
        runTask = nil
        listening = false
    }

    private static func baseURL(of server: HTTPServer) async -> URL? {
        guard case .ip4(let host, let port)? = await server.listeningAddress else { return nil }
        return URL(string: "http://\(host):\(port)/v5")
    }
}

/// Bridges FlyingFox requests to the store and its answers back, including the fault deliveries.
struct SandboxHTTPHandler: HTTPHandler {
    let store: SandboxStore
    let logger: Logger

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        var headers: [String: String] = [:]
        for (key, value) in request.headers { headers[key.rawValue.lowercased()] = value }
        let sandboxRequest = SandboxRequest(
            method: request.method.rawValue, path: request.path,
            query: request.query.map { RecordedRequest.QueryItem(name: $0.name, value: $0.value) },
            headers: headers, body: try await request.bodyData)
        let response = await store.handle(sandboxRequest)
        let query = sandboxRequest.query.isEmpty ? ""
            : "?" + sandboxRequest.query.map { $0.name + "=" + $0.value }.joined(separator: "&")
        logger.debug("\(sandboxRequest.method) \(sandboxRequest.path)\(query) → \(response.status)")
        if response.delay > 0, await !wait(seconds: response.delay) {
            return Self.dropped(response)
        }
        switch response.delivery {
        case .normal:
            return HTTPResponse(statusCode: Self.status(response.status), headers: Self.headers(response),
                                body: response.body)
        case .reset:
            return Self.dropped(response)
        case .hang:
            _ = await wait(seconds: .infinity)
            return Self.dropped(response)
        }
    }

    /// Sleeps up to `seconds`; false if the sandbox stopped first.
    private func wait(seconds: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await store.isStopped || Task.isCancelled { return false }
            try? await Task.sleep(for: .milliseconds(min(50, max(1, deadline.timeIntervalSinceNow * 1000))))
        }
        return true
    }

    /// Headers announcing the whole body, then half of it, then the connection closes.
    private static func dropped(_ response: SandboxResponse) -> HTTPResponse {
        let bytes = [UInt8](response.body)
        let body = HTTPBodySequence(from: FailingBody(prefix: Array(bytes.prefix(bytes.count / 2))),
                                    count: max(bytes.count, 1))
        return HTTPResponse(statusCode: status(response.status), headers: headers(response), body: body)
    }

    private static func headers(_ response: SandboxResponse) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers[HTTPHeader(name)] = value }
        return headers
    }

    private static func status(_ code: Int) -> HTTPStatusCode {
        let phrases = [200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                       405: "Method Not Allowed", 429: "Too Many Requests", 500: "Internal Server Error",
                       502: "Bad Gateway", 503: "Service Unavailable"]
        return HTTPStatusCode(code, phrase: phrases[code] ?? "Status \(code)")
    }
}
