import AdsCache
import Foundation
import Logging
import PinterestAds
#if canImport(Glibc)
import Glibc
#endif

/// Where a run's credentials come from. The environment wins, then the config file, then the
/// credentials file `pinwatch login` wrote.
enum CredentialSource {
    case environment
    case config(path: String)
    case file(CredentialStore, StoredCredentials)

    /// For `auth status`.
    var label: String {
        switch self {
        case .environment: return "environment (PINTEREST_ACCESS_TOKEN)"
        case .config(let path): return "config file \(path)"
        case .file(let store, _): return "credentials file \(store.fileURL.path)"
        }
    }
}

extension Session {
    /// The credentials file: `$XDG_CONFIG_HOME/pinwatch/credentials.json` (directory 0700, file 0600).
    static func credentialStore(environment: [String: String]) -> CredentialStore {
        CredentialStore(directory: XDG.pinwatchDirectory(.config, environment: environment))
    }

    /// The credentials to use and where they come from; a missing token is a `UserError`.
    static func resolveSignIn(config: PinwatchConfig, configPath: String,
                              environment: [String: String]) throws(UserError) -> (Credentials, CredentialSource) {
        if Credentials.fromEnvironment(environment) != nil || (config.accessToken.map { !$0.isEmpty } ?? false) {
            let credentials = try resolveCredentials(config: config, environment: environment)
            return (credentials, Credentials.fromEnvironment(environment) != nil ? .environment : .config(path: configPath))
        }
        let store = credentialStore(environment: environment)
        let stored: StoredCredentials?
        do {
            stored = try store.load()
        } catch {
            throw UserError("\(error).", hint: "Run `pinwatch login` to sign in again.")
        }
        guard var stored else { return (try resolveCredentials(config: config, environment: environment), .environment) }
        // The app's id and secret from the environment win over the stored ones.
        if let id = environment["PINTEREST_APP_ID"], !id.isEmpty { stored.appID = id }
        if let secret = environment["PINTEREST_APP_SECRET"], !secret.isEmpty { stored.appSecret = secret }
        return (stored.credentials, .file(store, stored))
    }

    /// A client for resolved credentials: one that refreshes through the credentials file when
    /// they came from it.
    static func makeClient(_ credentials: Credentials, source: CredentialSource, baseURL: URL,
                           configuration: ClientConfiguration, logger: Logger) -> PinterestClient {
        if case .file(let store, let stored) = source {
            return PinterestClient(baseURL: baseURL, stored: stored, store: store, configuration: configuration,
                                   logger: logger)
        }
        return PinterestClient(baseURL: baseURL, credentials: credentials, configuration: configuration, logger: logger)
    }

    /// Who the cache belongs to: the Pinterest user id, so it stays warm across refreshes and new
    /// logins of the same user and two users never share one. A signed-in user's id is in the
    /// credentials file; for a token from the environment or config it is asked once
    /// (`GET /v5/user_account`) and remembered beside the cache under a fingerprint of the token.
    /// A token that may not read the user account falls back to a fingerprint of the token.
    static func cacheIdentity(source: CredentialSource, credentials: Credentials, client: PinterestClient,
                              environment: [String: String], logger: Logger) async -> String {
        if case .file(_, let stored) = source, let id = stored.userID { return "user-" + id }
        let fallback = credentials.refreshToken.map { String(Fingerprint.sha256Hex($0).prefix(16)) } ?? credentials.fingerprint
        let directory = CacheFiles.defaultCacheDirectory(environment: environment)
        let memo = directory.appendingPathComponent("identity-" + credentials.fingerprint)
        if let remembered = try? String(contentsOf: memo, encoding: .utf8), Self.isUserID(remembered) {
            return "user-" + remembered
        }
        guard let id = try? await client.userAccount().id, Self.isUserID(id) else { return fallback }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let descriptor = Glibc.open(memo.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                _ = id.withCString { Glibc.write(descriptor, $0, strlen($0)) }
                Glibc.close(descriptor)
            }
        } catch {
            logger.debug("Could not remember the user id: \(error)")
        }
        return "user-" + id
    }

    /// When the stored sign-in's refresh token expires, when the run uses the stored sign-in
    /// (read now: a refresh at start-up has moved it).
    var signInExpiresAt: Date? {
        guard !options.demo, Credentials.fromEnvironment(environment) == nil, config.accessToken == nil else { return nil }
        return (try? Session.credentialStore(environment: environment).load())?.refreshTokenExpiresAt
    }

    private static func isUserID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 40 && text.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) }
    }
}
