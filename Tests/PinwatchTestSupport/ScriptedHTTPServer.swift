import FlyingFox
import Foundation

/// A real HTTP server on 127.0.0.1 (ephemeral port) that answers each request with the next
/// response of a script and records what it received, for client tests.
public final class ScriptedHTTPServer: Sendable {
    /// One scripted answer: status, headers, body, and an optional delay before answering.
    public struct Reply: Sendable {
        /// The status code.
        public var status: Int
        /// Extra headers.
        public var headers: [String: String]
        /// The body.
        public var body: Data
        /// Seconds to wait before answering (to provoke client timeouts).
        public var delay: TimeInterval

        /// Creates a reply.
        public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data(), delay: TimeInterval = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        /// A JSON reply from text.
        public static func json(_ text: String, status: Int = 200, headers: [String: String] = [:],
                                delay: TimeInterval = 0) -> Reply {
            Reply(status: status, headers: headers.merging(["Content-Type": "application/json"]) { $1 },
                  body: Data(text.utf8), delay: delay)
        }
    }

    /// What the server received.
    public struct Recorded: Sendable {
        /// `GET`, `PATCH`, …
        public var method: String
        /// The path without the query.
        public var path: String
        /// Query items in order, repeated keys kept, values percent-decoded.
        public var query: [(name: String, value: String)]
        /// Header fields; names lowercased.
        public var headers: [String: String]
        /// The body.
        public var body: Data

        /// The values of a query parameter, in order.
        public func queryValues(_ name: String) -> [String] {
            query.filter { $0.name == name }.map(\.value)
        }

        /// The body as JSON, if it is.
        public var jsonBody: Any? { try? JSONSerialization.jsonObject(with: body) }
    }

    private actor Script {
        var replies: [Reply]
        var fallback: Reply
        var received: [Recorded] = []

        init(replies: [Reply], fallback: Reply) {
            self.replies = replies
            self.fallback = fallback
        }

        func next(recording request: Recorded) -> Reply {
            received.append(request)
            return replies.isEmpty ? fallback : replies.removeFirst()
        }

        func append(_ more: [Reply]) { replies += more }
    }

    private let server: HTTPServer
    private let script: Script
    private let task: Task<Void, any Error>
    /// The server's root URL, e.g. `http://127.0.0.1:54321`.
    public let baseURL: URL

    /// Starts a server answering with `replies` in order, then with `fallback` (a 599 by default).
    public init(replies: [Reply],
                fallback: Reply = .json(#"{"code": 599, "message": "script exhausted"}"#, status: 599)) async throws {
        let script = Script(replies: replies, fallback: fallback)
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        await server.appendRoute("*") { request in
            let recorded = Recorded(
                method: request.method.rawValue,
                path: request.path,
                query: request.query.map { ($0.name, $0.value) },
                headers: Dictionary(request.headers.map { ($0.key.rawValue.lowercased(), $0.value) }) { $1 },
                body: try await request.bodyData)
            let reply = await script.next(recording: recorded)
            if reply.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(reply.delay * 1_000_000_000)) }
            var headers = HTTPHeaders()
            for (name, value) in reply.headers { headers[HTTPHeader(name)] = value }
            return HTTPResponse(statusCode: HTTPStatusCode(reply.status, phrase: "Scripted"),
                                headers: headers, body: reply.body)
        }
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress,
              let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw CocoaError(.fileNoSuchFile)
        }
        self.server = server
        self.script = script
        self.task = task
        self.baseURL = url
    }

    /// Everything received so far, in order.
    public var requests: [Recorded] {
        get async { await script.received }
    }

    /// Adds replies to the end of the script.
    public func enqueue(_ replies: [Reply]) async {
        await script.append(replies)
    }

    /// Stops the server.
    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }
}
