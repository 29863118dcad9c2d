import Foundation
import Testing
@testable import PinterestAds

@Suite("Credentials")
struct CredentialsTests {
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
