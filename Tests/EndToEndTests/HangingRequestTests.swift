import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    /// A request the API never answers must cost nothing while it waits: an ops screen left on a
    /// hanging API would otherwise burn a core all day (URLSession on Linux spins while it waits).
    @Suite("A request that never answers")
    struct HangingRequestTests {
        @Test("pinwatch waiting on an API that never answers uses almost no CPU")
        func waitingCostsNoCPU() async throws {
            let listener = try SilentListener()
            let scratch = try Scratch()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try Pinwatch.binary())
            process.arguments = ["status", "--account", "549755885175", "--base-url",
                                 "http://127.0.0.1:\(listener.port)/v5", "--request-timeout", "60"]
            process.environment = scratch.environment(["PINTEREST_ACCESS_TOKEN": "pina_hanging_test_token"])
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }

            // The request has been sent once the connection waits in the listener's queue with bytes.
            let request = try await listener.firstRequest(within: 30)
            #expect(request.hasPrefix("GET /v5/"), "the request that arrived: \(request.prefix(200))")
            #expect(process.isRunning, "pinwatch stopped instead of waiting for the answer")

            let before = try cpuSeconds(of: process.processIdentifier)
            let window: Double = 3
            try await Task.sleep(for: .seconds(window))  // the measured window, not a synchronisation
            let used = try cpuSeconds(of: process.processIdentifier) - before
            #expect(process.isRunning)
            // Asleep in poll(), the process uses a few milliseconds at most; a spinning transport
            // uses the whole window.
            #expect(used < 0.1 * window, "used \(used) s of CPU in \(window) s while waiting")
        }

        /// User plus system CPU time of a running process, from /proc.
        private func cpuSeconds(of pid: Int32) throws -> Double {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            // Fields after the command name, which is in parentheses and may hold spaces.
            guard let close = stat.lastIndex(of: ")") else { throw E2EError("unreadable /proc/\(pid)/stat") }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
                throw E2EError("unreadable /proc/\(pid)/stat")
            }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
    }
}

/// A TCP socket on 127.0.0.1 that listens but never answers: connections complete in the kernel's
/// queue, and their requests are read only to check what arrived.
private final class SilentListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw E2EError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 8) == 0 else { close(socketFD); throw E2EError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else { close(socketFD); throw E2EError("getsockname failed") }
        _ = fcntl(socketFD, F_SETFL, fcntl(socketFD, F_GETFL) | O_NONBLOCK)
        fd = socketFD
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit {
        accepted.forEach { close($0) }
        close(fd)
    }

    /// The first bytes of the first request, waiting for it at most `seconds`. The connection is
    /// kept open (never answered) until the listener goes.
    func firstRequest(within seconds: Double) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var connection: Int32 = -1
        while Date() < deadline {
            if connection < 0 { connection = accept(fd, nil, nil) }
            if connection >= 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = recv(connection, &buffer, buffer.count, Int32(MSG_DONTWAIT | MSG_PEEK))
                if count > 0 {
                    accepted.append(connection)
                    return String(decoding: buffer[..<count], as: UTF8.self)
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        if connection >= 0 { close(connection) }
        throw E2EError("no request arrived within \(seconds) s")
    }

    private var accepted: [Int32] = []
}
