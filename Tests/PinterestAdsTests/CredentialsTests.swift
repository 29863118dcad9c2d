import Foundation
import Testing
@testable import PinterestAds

@Suite("SHA-256 and credentials")
struct CredentialsTests {
    @Test func sha256KnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 55/56/64 bytes: the padding boundaries.
        #expect(SHA256.hex(String(repeating: "a", count: 55))
            == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(String(repeating: "a", count: 56))
            == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(String(repeating: "a", count: 64))
            == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func environmentIsRead() {
        let env = ["PINTEREST_ACCESS_TOKEN": " tok ", "PINTEREST_REFRESH_ACCESS_TOKEN": "ref",
                   "PINTEREST_APP_ID": "1234", "PINTEREST_APP_SECRET": "sec",
                   "PINTEREST_API_URI": "http://127.0.0.1:8080/v5"]
        let credentials = Credentials.fromEnvironment(env)
        #expect(credentials == Credentials(accessToken: "tok", refreshToken: "ref", appID: "1234", appSecret: "sec"))
        #expect(credentials?.canRefresh == true)
        #expect(Credentials.baseURL(fromEnvironment: env).absoluteString == "http://127.0.0.1:8080/v5")
        #expect(Credentials.baseURL(fromEnvironment: [:]).absoluteString == "https://api.pinterest.com/v5")
        #expect(Credentials.fromEnvironment([:]) == nil)
        #expect(Credentials.fromEnvironment(["PINTEREST_ACCESS_TOKEN": "x"])?.canRefresh == false)
    }

    @Test func fingerprintIsStableOneWayAndDistinct() {
        let credentials = Credentials(accessToken: secretToken)
        #expect(credentials.fingerprint.count == 16)
        #expect(credentials.fingerprint == Credentials(accessToken: secretToken, refreshToken: "r").fingerprint)
        #expect(credentials.fingerprint != Credentials(accessToken: secretToken + "x").fingerprint)
        #expect(!secretToken.contains(credentials.fingerprint))
        #expect(credentials.fingerprint.allSatisfy { $0.isHexDigit })
    }

    @Test func secretsAreRedactedInEveryTextualForm() {
        let credentials = Credentials(accessToken: secretToken, refreshToken: "refresh-SECRET-1",
                                      appID: "1234", appSecret: "app-SECRET-2")
        var dumped = ""
        dump(credentials, to: &dumped)
        let texts = [credentials.description, credentials.debugDescription, String(describing: credentials),
                     String(reflecting: credentials), "\(credentials)", dumped, String(reflecting: [credentials])]
        for text in texts {
            #expect(!text.contains(secretToken))
            #expect(!text.contains("refresh-SECRET-1"))
            #expect(!text.contains("app-SECRET-2"))
        }
        #expect(credentials.description.contains("<redacted>"))
        #expect(dumped.contains("1234"))
    }
}
