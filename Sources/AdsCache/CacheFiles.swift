import Foundation
import PinterestAds

/// Where Pinwatch keeps its files, and how they are protected (directories 0700, files 0600).
public enum CacheFiles {
    /// `$XDG_CACHE_HOME/pinwatch`, or `~/.cache/pinwatch` when unset.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> URL {
        XDG.pinwatchDirectory(.cache, environment: environment)
    }

    /// `$XDG_STATE_HOME/pinwatch`, or `~/.local/state/pinwatch` when unset.
    public static func defaultStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> URL {
        XDG.pinwatchDirectory(.state, environment: environment)
    }

    /// The cache file name for an account seen by an identity: a one-way fingerprint of both, so the
    /// name reveals neither and two identities never share a file.
    public static func databaseFileName(accountID: String, identity: String) -> String {
        let digest = Fingerprint.sha256Hex("pinwatch-cache-v1\u{0}\(accountID)\u{0}\(identity)")
        return "cache-" + digest.prefix(32) + ".sqlite"
    }

    /// Creates `directory` (and parents) if needed and makes it 0700.
    static func prepareDirectory(_ directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        guard chmod(directory.path, 0o700) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: directory.path])
        }
    }

    /// Creates `file` empty with mode 0600 if missing, and makes it 0600 if present.
    static func prepareFile(_ file: URL) throws {
        let descriptor = open(file.path, O_WRONLY | O_CREAT, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
    }

    /// Makes `file` 0600 if it exists.
    static func restrictIfPresent(_ file: URL) {
        if FileManager.default.fileExists(atPath: file.path) { _ = chmod(file.path, 0o600) }
    }

    /// The POSIX permission bits of a path, or nil if it does not exist.
    public static func permissions(of url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o777)
    }
}
