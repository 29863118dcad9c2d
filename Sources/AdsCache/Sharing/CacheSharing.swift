import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How the Pinwatch processes of one account and identity on a host share one fetcher, through
/// three small files beside the cache file (each 0600, in the cache's 0700 directory):
///
/// - `<cache>.lock`: the leader holds an `flock` on it (the kernel lets go when the process ends,
///   SIGKILL included) and writes its pid into it, for the followers' header;
/// - `<cache>.notify`: rewritten after every write to the cache; followers watch it (inotify) and
///   reload when it changes;
/// - `<cache>.readbacks`: entities read back after a change made by a process that does not lead,
///   until the leader has saved them with its snapshot (`ReadBackJournal`).
///
/// This is the driver's side: it takes locks and watches files. The rules of leading and
/// following are `EngineCore`'s.
public final class CacheSharing: Sendable {
    /// The lock file.
    public let lockURL: URL
    /// The file rewritten after every write to the cache.
    public let notifyURL: URL
    /// The read-backs of changes made by followers.
    public let journal: ReadBackJournal

    private struct State {
        /// The open lock file while this process leads.
        var lockDescriptor: Int32?
        /// The file watch, while watching.
        var watch: FileWatch?
        var notifications = 0
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "pinwatch.cache.sharing", qos: .utility)

    /// The sharing files of the cache `databaseURL` (created when first used).
    public init(databaseURL: URL) {
        lockURL = URL(fileURLWithPath: databaseURL.path + ".lock")
        notifyURL = URL(fileURLWithPath: databaseURL.path + ".notify")
        journal = ReadBackJournal(fileURL: URL(fileURLWithPath: databaseURL.path + ".readbacks"))
    }

    /// Who leads, as seen by one attempt to.
    public enum Attempt: Sendable, Equatable {
        /// This process leads (now or already).
        case leading
        /// Another process leads; its pid when it has written it.
        case following(pid: Int32?)
    }

    /// Takes the lock unless another process holds it. Never waits.
    public func tryLead() -> Attempt {
        state.withLock { state -> Attempt in
            if state.lockDescriptor != nil { return .leading }
            let descriptor = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return .following(pid: nil) }
            _ = fchmod(descriptor, 0o600)
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let pid = Self.readPID(descriptor)
                close(descriptor)
                return .following(pid: pid)
            }
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            state.lockDescriptor = descriptor
            return .leading
        }
    }

    /// Whether this process holds the lock.
    public var isLeading: Bool { state.withLock { $0.lockDescriptor != nil } }

    /// Lets go of the lock (the file stays, so followers' watches and opens keep working).
    public func resign() {
        state.withLock { state in
            guard let descriptor = state.lockDescriptor else { return }
            state.lockDescriptor = nil
            _ = ftruncate(descriptor, 0)
            close(descriptor)
        }
    }

    /// Tells the other processes that the cache changed: rewrites the notify file, which wakes
    /// their watches.
    public func notifyOthers() {
        let count = state.withLock { state -> Int in
            state.notifications += 1
            return state.notifications
        }
        // Created 0600 by the first watch (`startWatching`); rewritten in place, so watches stay on it.
        let descriptor = open(notifyURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let text = Array("\(getpid()) \(count)\n".utf8)
        _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// Calls `changed` (on a private queue) whenever another process rewrites the notify file,
    /// until `stopWatching()`. No polling: the process sleeps in the kernel until then. Returns
    /// false when the file cannot be watched (the caller's timer is then the only wake-up).
    @discardableResult
    public func startWatching(_ changed: @escaping @Sendable () -> Void) -> Bool {
        // The file must exist to be watched.
        let descriptor = open(notifyURL.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            _ = fchmod(descriptor, 0o600)
            close(descriptor)
        }
        guard let watch = FileWatch(path: notifyURL.path, queue: queue, changed: changed) else { return false }
        let old = state.withLock { state -> FileWatch? in
            defer { state.watch = watch }
            return state.watch
        }
        old?.cancel()
        return true
    }

    /// Stops the watch.
    public func stopWatching() {
        state.withLock { state -> FileWatch? in
            defer { state.watch = nil }
            return state.watch
        }?.cancel()
    }

    /// The pid written in the lock file, if any.
    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// An inotify watch of one file, read by a dispatch read source: the handler runs when a writer
/// closes the file (or it is moved or deleted).
///
/// `@unchecked Sendable`: the source is created once and only cancelled afterwards (thread-safe).
final class FileWatch: @unchecked Sendable {
    private let source: any DispatchSourceRead

    init?(path: String, queue: DispatchQueue, changed: @escaping @Sendable () -> Void) {
        #if canImport(Glibc)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVE_SELF) | UInt32(IN_DELETE_SELF)
        guard inotify_add_watch(descriptor, path, mask) >= 0 else {
            close(descriptor)
            return nil
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler {
            // Drain every queued event; one wake-up for all of them.
            var buffer = [UInt8](repeating: 0, count: 4096)
            while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            changed()
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        self.source = source
        #else
        return nil
        #endif
    }

    func cancel() { source.cancel() }
}
