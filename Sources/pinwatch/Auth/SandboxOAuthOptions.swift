import ArgumentParser
import PinterestSandbox

/// `pinwatch sandbox` options for trying `pinwatch login` against it.
struct SandboxOAuthOptions: ParsableArguments {
    @Option(name: .customLong("app-id"), help: ArgumentHelp("The only app id the sandbox's sign-in accepts (default: any).", valueName: "id"))
    var appID: String?

    @Option(name: .customLong("app-secret"), help: ArgumentHelp("The only app secret it accepts (default: any).", valueName: "secret"))
    var appSecret: String?

    @Option(name: .customLong("access-token-lifetime"), help: ArgumentHelp("Seconds an access token it issues works (default 30 days).", valueName: "seconds"))
    var accessTokenLifetime: Int = 2_592_000

    @Option(name: .customLong("refresh-token-lifetime"), help: ArgumentHelp("Seconds a refresh token it issues works (default 60 days).", valueName: "seconds"))
    var refreshTokenLifetime: Int = 5_184_000

    func validate() throws {
        guard accessTokenLifetime >= 1, refreshTokenLifetime >= 1 else {
            throw ValidationError("Token lifetimes must be at least 1 second.")
        }
    }

    /// The sandbox's OAuth settings.
    var settings: SandboxOAuthSettings {
        SandboxOAuthSettings(appID: appID, appSecret: appSecret, accessTokenLifetime: accessTokenLifetime,
                             refreshTokenLifetime: refreshTokenLifetime)
    }
}
