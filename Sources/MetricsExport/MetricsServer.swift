import FlyingFox
import FlyingSocks
import Foundation

/// Where `pinwatch exporter` listens: an IPv4 or a bracketed IPv6 address and a port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host: `127.0.0.1`, `0.0.0.0`, `::1`, `::`.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: UInt16

    /// Parses `127.0.0.1:9464`, `0.0.0.0:9464` or `[::1]:9464`; nil for anything else.
    public init?(_ text: String) {
        let host: Substring, port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard host.contains(":") else { return nil }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            host = parts[0]
            port = parts[1]
            guard host.split(separator: ".", omittingEmptySubsequences: false).count == 4,
                  host.split(separator: ".").allSatisfy({ UInt8($0) != nil }) else { return nil }
        }
        guard let number = UInt16(port) else { return nil }
        self.host = String(host)
        self.port = number
    }

    /// `host:port`, the host in brackets when it is IPv6.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    func socketAddress() throws -> any SocketAddress {
        host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
    }
}

/// Why the metrics server did not start.
public struct MetricsServerError: Error, CustomStringConvertible {
    /// What went wrong, in a sentence.
    public var description: String
}

/// Serves `GET /metrics` (the exposition text) over HTTP with FlyingFox, the server the sandbox
/// already uses. Anything else is 404, any other method 405. It waits in `accept` between
/// scrapes: an idle exporter uses no CPU.
public actor MetricsServer {
    private let address: ListenAddress
    private let server: HTTPServer
    private var runTask: Task<Void, Never>?

    /// A server on `address` answering with `metrics()` at each scrape.
    public init(address: ListenAddress, metrics: @escaping @Sendable () -> String) throws {
        self.address = address
        // Prometheus keeps its connection open between scrapes: a timeout below its interval.
        let settings = HTTPServer.Configuration(address: try address.socketAddress(), timeout: 300, logger: .disabled)
        server = HTTPServer(config: settings, handler: ClosureHTTPHandler { request in
            Self.answer(request, metrics: metrics)
        })
    }

    /// Starts serving and returns the metrics URL (with the port picked, when 0 was asked for).
    public func start() async throws -> URL {
        let server = self.server
        let (failures, failed) = AsyncStream.makeStream(of: (any Error).self)
        runTask = Task {
            do {
                try await server.run()
            } catch {
                failed.yield(error)
            }
            failed.finish()
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.waitUntilListening(timeout: 10) }
                group.addTask { for await error in failures { throw error } }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch SocketError.failed(type: _, errno: EADDRINUSE, message: _) {
            throw MetricsServerError(description: "\(address) is already in use")
        } catch {
            throw MetricsServerError(description: "cannot listen on \(address): \(error)")
        }
        let port: UInt16
        switch await server.listeningAddress {
        case .ip4(_, let bound)?: port = bound
        case .ip6(_, let bound)?: port = bound
        default: throw MetricsServerError(description: "the server did not report its address")
        }
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        guard let url = URL(string: "http://\(host):\(port)/metrics") else {
            throw MetricsServerError(description: "no URL for \(host):\(port)")
        }
        return url
    }

    /// Stops serving.
    public func stop() async {
        await server.stop(timeout: 1)
        runTask?.cancel()
        await runTask?.value
        runTask = nil
    }

    static func answer(_ request: HTTPRequest, metrics: () -> String) -> HTTPResponse {
        guard request.path == "/metrics" else {
            let headers: HTTPHeaders = [.contentType: "text/plain; charset=utf-8"]
            return HTTPResponse(statusCode: .notFound, headers: headers, body: Data("Not found: metrics are at /metrics\n".utf8))
        }
        guard request.method == .GET else {
            let headers: HTTPHeaders = [HTTPHeader("Allow"): "GET"]
            return HTTPResponse(statusCode: .methodNotAllowed, headers: headers)
        }
        let headers: HTTPHeaders = [.contentType: PrometheusText.contentType]
        return HTTPResponse(statusCode: .ok, headers: headers, body: Data(metrics().utf8))
    }
}
