import Foundation

/// Sends one HTTP request and returns the response; the client's only way to reach the network.
///
/// Implementations throw `PinterestError.transport` for failures below HTTP (no connection,
/// timeout, reset). Any HTTP status, including errors, is a response, not a thrown error.
public protocol HTTPTransport: Sendable {
    /// Sends a request and waits for the whole response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Header fields with case-insensitive names (`content-type` finds `Content-Type`).
public struct HTTPHeaderFields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var fields: [(name: String, value: String)] = []

    /// No headers.
    public init() {}

    /// Headers from name/value pairs, in order.
    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { self[name] = value }
    }

    /// Headers from a dictionary literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The value of a header, ignoring case in its name; setting replaces it (nil removes it).
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        set {
            fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    /// The header names as given.
    public var names: [String] { fields.map(\.name) }

    /// Iterates name/value pairs in insertion order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Equal when both have the same fields, names compared without case.
    public static func == (lhs: HTTPHeaderFields, rhs: HTTPHeaderFields) -> Bool {
        lhs.fields.count == rhs.fields.count && lhs.fields.allSatisfy { rhs[$0.name] == $0.value }
    }

    /// Hashes names (lowercased) and values, independent of order.
    public func hash(into hasher: inout Hasher) {
        for field in fields.sorted(by: { $0.name.lowercased() < $1.name.lowercased() }) {
            hasher.combine(field.name.lowercased())
            hasher.combine(field.value)
        }
    }
}

/// A request to send: method, full URL, headers, optional body and how long to wait for it.
public struct HTTPRequest: Sendable, Hashable {
    /// An HTTP method the client uses.
    public struct Method: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The method as written on the wire (`GET`).
        public var rawValue: String

        /// Creates a method from its wire form.
        public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

        /// `GET`.
        public static let get = Method(rawValue: "GET")
        /// `POST`.
        public static let post = Method(rawValue: "POST")
        /// `PATCH`.
        public static let patch = Method(rawValue: "PATCH")

        /// The wire form.
        public var description: String { rawValue }
    }

    /// The method.
    public var method: Method
    /// The full URL, query included.
    public var url: URL
    /// Header fields.
    public var headers: HTTPHeaderFields
    /// The body, if any.
    public var body: Data?
    /// Seconds to wait for the response before failing with a timeout.
    public var timeout: TimeInterval

    /// Creates a request.
    public init(method: Method, url: URL, headers: HTTPHeaderFields = [:], body: Data? = nil,
                timeout: TimeInterval = 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A response as received: status, headers and the whole body.
public struct HTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields (look-ups ignore case).
    public var headers: HTTPHeaderFields
    /// The body bytes.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaderFields = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
