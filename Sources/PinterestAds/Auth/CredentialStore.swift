import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The credentials file `pinwatch login` writes: one JSON file (0600, in a 0700 directory),
/// replaced atomically (temporary file, fsync, rename) and changed only under an exclusive `flock`
/// on a lock file beside it, so two Pinwatch processes never refresh with the same single-use
/// refresh token and a crash mid-write leaves the old file whole.
public final class CredentialStore: Sendable {
    /// Why the file could not be read or written.
    public struct StoreError: Error, CustomStringConvertible {
        /// One sentence.
        public let description: String
    }

    /// The credentials file.
    public let fileURL: URL
    private let stamp = Mutex<FileStamp?>(nil)

    /// A store at `fileURL`; nothing is touched until used.
    public init(fileURL: URL) {
        self.fileURL = fileURL
    }

    /// The store in `directory` (usually `$XDG_CONFIG_HOME/pinwatch`), file `credentials.json`.
    public convenience init(directory: URL) {
        self.init(fileURL: directory.appendingPathComponent("credentials.json"))
    }

    private var lockURL: URL { fileURL.deletingLastPathComponent().appendingPathComponent(".credentials.lock") }

    // MARK: - Reading

    /// The stored credentials, or nil when there is no file. A file that does not parse is an error.
    public func load() throws(StoreError) -> StoredCredentials? {
        let current = FileStamp(path: fileURL.path)
        guard current != nil else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: fileURL)
        } catch {
            if !FileManager.default.fileExists(atPath: fileURL.path) { return nil }
            throw StoreError(description: "Cannot read \(fileURL.path)")
        }
        do {
            let decoded = try Self.decoder.decode(StoredCredentials.self, from: data)
            stamp.withLock { $0 = current }
            return decoded
        } catch {
            throw StoreError(description: "\(fileURL.path) is not a Pinwatch credentials file")
        }
    }

    /// The stored credentials if the file changed since this store last read or wrote it (a stat,
    /// no read, when it did not): how a running Pinwatch picks up a token another one refreshed.
    public func reloadIfChanged() -> StoredCredentials? {
        let current = FileStamp(path: fileURL.path)
        guard current != nil, current != stamp.withLock({ $0 }) else { return nil }
        return try? load()
    }

    // MARK: - Writing

    /// Replaces the stored credentials (under the lock).
    public func save(_ credentials: StoredCredentials) throws(StoreError) {
        let lock = try acquireLockBlocking()
        defer { lock.release() }
        try write(credentials)
    }

    /// Deletes the file (under the lock); true if there was one.
    @discardableResult
    public func delete() throws(StoreError) -> Bool {
        let lock = try acquireLockBlocking()
        defer { lock.release() }
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return false }
        guard unlink(fileURL.path) == 0 else { throw StoreError(description: "Cannot delete \(fileURL.path)") }
        stamp.withLock { $0 = nil }
        return true
    }

    /// Runs `body` with the file locked against every other process: it gets what is stored now
    /// and returns what to store (nil keeps the file as it is) and a result. The lock is taken
    /// off the cooperative pool, so waiting for another process never blocks Swift tasks.
    public func update<T: Sendable>(
        _ body: (StoredCredentials?) async -> (store: StoredCredentials?, result: T)
    ) async throws(StoreError) -> T {
        let lock = try await acquireLock()
        defer { lock.release() }
        let current = try load()
        let outcome = await body(current)
        if let replacement = outcome.store, replacement != current { try write(replacement) }
        return outcome.result
    }

    /// Writes a temporary file beside the real one (0600), fsyncs it, renames it over the real
    /// one and fsyncs the directory. Call with the lock held.
    private func write(_ credentials: StoredCredentials) throws(StoreError) {
        let directory = fileURL.deletingLastPathComponent()
        try Self.prepareDirectory(directory)
        let data: Data
        do {
            data = try Self.encoder.encode(credentials)
        } catch {
            throw StoreError(description: "Cannot encode the credentials")
        }
        let temporary = directory.appendingPathComponent(".credentials-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError(description: "Cannot write in \(directory.path)") }
        var ok = fchmod(descriptor, 0o600) == 0
        ok = ok && data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
        ok = ok && fsync(descriptor) == 0
        close(descriptor)
        guard ok, rename(temporary.path, fileURL.path) == 0 else {
            unlink(temporary.path)
            throw StoreError(description: "Cannot write \(fileURL.path)")
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
        stamp.withLock { $0 = FileStamp(path: fileURL.path) }
    }

    /// Creates the directory (0700) if needed and makes it 0700.
    static func prepareDirectory(_ directory: URL) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(description: "Cannot create \(directory.path)")
        }
        guard chmod(directory.path, 0o700) == 0 else { throw StoreError(description: "Cannot protect \(directory.path)") }
    }

    // MARK: - Locking

    /// An exclusive `flock` held on an open lock file until released.
    struct HeldLock: Sendable {
        let descriptor: Int32
        func release() {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    private func openLockFile() throws(StoreError) -> Int32 {
        try Self.prepareDirectory(lockURL.deletingLastPathComponent())
        let descriptor = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError(description: "Cannot open \(lockURL.path)") }
        return descriptor
    }

    private func acquireLockBlocking() throws(StoreError) -> HeldLock {
        let descriptor = try openLockFile()
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            throw StoreError(description: "Cannot lock \(lockURL.path)")
        }
        return HeldLock(descriptor: descriptor)
    }

    private func acquireLock() async throws(StoreError) -> HeldLock {
        let descriptor = try openLockFile()
        let locked = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                while flock(descriptor, LOCK_EX) != 0 {
                    if errno == EINTR { continue }
                    continuation.resume(returning: false)
                    return
                }
                continuation.resume(returning: true)
            }
        }
        guard locked else {
            close(descriptor)
            throw StoreError(description: "Cannot lock \(lockURL.path)")
        }
        return HeldLock(descriptor: descriptor)
    }

    // MARK: - Coding

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}

/// Identity and version of a file (inode, size, modification time): changes when it is replaced.
struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let size: Int64
    let seconds: Int
    let nanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
