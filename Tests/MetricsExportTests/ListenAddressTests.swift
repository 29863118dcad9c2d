import MetricsExport
import Testing

@Suite("--listen addresses")
struct ListenAddressTests {
    @Test("IPv4 and bracketed IPv6 with a port are taken", arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("0.0.0.0:0", "0.0.0.0", 0), ("[::1]:9464", "::1", 9464), ("[::]:80", "::", 80),
    ])
    func valid(text: String, host: String, port: Int) throws {
        let address = try #require(ListenAddress(text))
        #expect(address.host == host && Int(address.port) == port)
        #expect(address.description == text)
    }

    @Test("Anything else is refused", arguments: [
        "9464", "localhost:9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "1.2.3:9", "::1:9464", "[::1]9464",
        "[1.2.3.4]:9", "256.0.0.1:9", "127.0.0.1:-1",
    ])
    func invalid(text: String) {
        #expect(ListenAddress(text) == nil)
    }
}
