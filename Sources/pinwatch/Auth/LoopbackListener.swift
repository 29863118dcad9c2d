import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-shot HTTP listener on 127.0.0.1 for the OAuth redirect: it answers the browser's
/// `GET /path?code=…&state=…` (or `?error=…`) with a short page and hands the full URL over.
/// Requests for other paths (a favicon) get a 404 and listening goes on.
final class LoopbackListener: Sendable {
    /// The port actually bound (the one asked for, or the one the system picked for 0).
    let port: UInt16
    private let descriptor: Int32
    private let path: String

    /// Binds 127.0.0.1:`port`; throws a sentence when the port is taken or not allowed.
    init(port: UInt16, path: String) throws(UserError) {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw UserError("Cannot open a socket for the sign-in redirect.") }
        var yes: Int32 = 1
        setsockopt(socketDescriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketDescriptor, 8) == 0 else {
            close(socketDescriptor)
            throw UserError("Port \(port) on localhost is in use, so the browser cannot come back to Pinwatch by itself.",
                            hint: "Paste the address instead, or pick a free port registered for the app with --redirect-uri.")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        self.descriptor = socketDescriptor
        self.path = path.isEmpty ? "/" : path
    }

    /// Accepts connections on a thread of its own until a redirect arrives, then calls `deliver`
    /// once with `http://localhost:port/path?query`.
    func start(deliver: @escaping @Sendable (String) -> Void) {
        let thread = Thread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if let target = answer(client) {
                    deliver("http://localhost:\(port)" + target)
                    return
                }
            }
        }
        thread.start()
    }

    /// Stops listening (wakes the accepting thread).
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    /// Reads one request and answers it; the request target when it is the redirect.
    private func answer(_ client: Int32) -> String? {
        defer { close(client) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 16_384 {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count >= 4, bytes.suffix(4) == [13, 10, 13, 10] { break }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let requestLine = text.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2, parts[0] == "GET" else {
            reply(client, status: "400 Bad Request", body: "Pinwatch expected the sign-in redirect here.")
            return nil
        }
        let target = String(parts[1])
        let targetPath = String(target.prefix { $0 != "?" })
        let query = target.contains("?") ? String(target.drop { $0 != "?" }.dropFirst()) : ""
        guard targetPath == path, query.contains("code=") || query.contains("error=") else {
            reply(client, status: "404 Not Found", body: "Not found.")
            return nil
        }
        let denied = query.contains("error=")
        reply(client, status: "200 OK", body: denied
              ? "Pinwatch was not allowed to sign in. You can close this tab."
              : "Pinwatch received the sign-in. You can close this tab and go back to the terminal.")
        return target
    }

    private func reply(_ client: Int32, status: String, body: String) {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Pinwatch</title></head>"
            + "<body><p>\(body)</p></body></html>"
        let response = "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\n"
            + "Content-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n" + page
        let data = Array(response.utf8)
        var offset = 0
        while offset < data.count {
            let sent = data[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }
            offset += sent
        }
    }
}
