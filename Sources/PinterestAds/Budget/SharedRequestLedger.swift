import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A request ledger in a small file that every Pinwatch process of one identity on a host shares
/// (a dashboard, another dashboard, a cron `pinwatch status`), so they plan within one budget.
///
/// The file (0600, its directory 0700) holds two slots of 2 KB; each write goes to the slot not
/// holding the latest counts, in one `pwrite`, under an exclusive `flock`, and carries a sequence
/// number and a checksum. A reader takes the valid slot with the higher sequence, so a process
/// killed in the middle of a write leaves the previous counts readable: at most its last request
/// is not counted. A file that cannot be opened makes the ledger count in memory only.
public final class SharedRequestLedger: RequestLedger {
    /// The ledger file.
    public let fileURL: URL
    private let descriptor: Mutex<Int32?> = Mutex(nil)
    /// Counts kept when the file cannot be used, so this process still plans its own requests.
    private let fallback = InMemoryRequestLedger()

    static let slotSize = 2_048
    /// How long a process counts as active after its last request.
    public static let activeWindow: TimeInterval = 600
    /// This ledger's process, as listed in the file.
    private let processID = UUID().uuidString.prefix(8).lowercased()

    /// A ledger at `fileURL` (created on first use).
    public init(fileURL: URL) {
        self.fileURL = fileURL
    }

    deinit {
        descriptor.withLock { if let open = $0 { close(open) } }
    }

    public func record(_ category: RateLimitCategory, at date: Date) {
        let written = withFile(LOCK_EX) { file -> Bool in
            let (slots, latest) = Self.read(file)
            var usage = latest?.usage ?? RequestUsage(at: date)
            usage.add(category, at: date)
            var processes = (latest?.processes ?? [:]).filter { date.timeIntervalSince1970 - $0.value < Self.activeWindow }
            processes[String(processID)] = date.timeIntervalSince1970
            let sequence = (latest?.sequence ?? 0) + 1
            // The slot not holding the latest valid counts.
            let target = latest.map { $0.slot == 0 ? 1 : 0 } ?? (slots[0] == nil ? 0 : 1)
            return Self.write(usage, processes: processes, sequence: sequence, slot: target, to: file)
        }
        if written != true { fallback.record(category, at: date) }
    }

    public func usage(at date: Date) -> RequestUsage {
        guard let latest = withFile(LOCK_SH, { Self.read($0).latest }) else { return fallback.usage(at: date) }
        guard let latest else { return RequestUsage(at: date) }
        var usage = latest.usage.at(date)
        usage.activeProcesses = max(1, latest.processes.values.count { date.timeIntervalSince1970 - $0 < Self.activeWindow })
        return usage
    }

    // MARK: - The file

    /// Runs `body` on the open file under a `flock` of `operation`; nil when the file cannot be used.
    private func withFile<T>(_ operation: Int32, _ body: (Int32) -> T) -> T? {
        descriptor.withLock { open -> T? in
            if open == nil { open = Self.openFile(fileURL) }
            guard let file = open else { return nil }
            while flock(file, operation) != 0 {
                if errno == EINTR { continue }
                return nil
            }
            defer { flock(file, LOCK_UN) }
            return body(file)
        }
    }

    private static func openFile(_ url: URL) -> Int32? {
        let directory = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let file = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard file >= 0 else { return nil }
        guard fchmod(file, 0o600) == 0 else {
            close(file)
            return nil
        }
        return file
    }

    /// One slot as read: its counts and sequence.
    struct Slot {
        var slot: Int
        var sequence: UInt64
        var usage: RequestUsage
        /// The processes that wrote, with the time of their last request (Unix seconds).
        var processes: [String: Double]
    }

    /// Both slots (nil where empty or damaged) and the latest valid one.
    static func read(_ file: Int32) -> (slots: [Slot?], latest: Slot?) {
        let slots = (0..<2).map { index -> Slot? in
            var buffer = [UInt8](repeating: 0, count: slotSize)
            let count = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress, slotSize, off_t(index * slotSize)) }
            guard count == slotSize else { return nil }
            return decode(buffer, slot: index)
        }
        return (slots, slots.compactMap { $0 }.max { $0.sequence < $1.sequence })
    }

    /// `[sequence: 8][length: 4][checksum of the sequence and the body: 8][body: JSON]`, little-endian.
    static func decode(_ bytes: [UInt8], slot: Int) -> Slot? {
        func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            bytes[offset..<offset + MemoryLayout<T>.size].reversed().reduce(T.zero) { $0 << 8 | T($1) }
        }
        let sequence = integer(UInt64.self, at: 0)
        let length = Int(integer(UInt32.self, at: 8))
        guard sequence > 0, length > 0, length <= slotSize - 20 else { return nil }
        let body = Array(bytes[20..<20 + length])
        guard integer(UInt64.self, at: 12) == checksum(sequence: sequence, body: body),
              let stored = try? JSONDecoder().decode(StoredUsage.self, from: Data(body)) else { return nil }
        return Slot(slot: slot, sequence: sequence, usage: stored.usage, processes: stored.processes ?? [:])
    }

    static func write(_ usage: RequestUsage, processes: [String: Double] = [:], sequence: UInt64, slot: Int,
                      to file: Int32) -> Bool {
        var stored = StoredUsage(usage)
        stored.processes = processes
        guard let body = try? JSONEncoder().encode(stored), body.count <= slotSize - 20 else { return false }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slotSize)
        func append<T: FixedWidthInteger>(_ value: T) {
            for shift in stride(from: 0, to: T.bitWidth, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        append(sequence)
        append(UInt32(body.count))
        append(checksum(sequence: sequence, body: Array(body)))
        bytes += body
        bytes += [UInt8](repeating: 0, count: slotSize - bytes.count)
        let written = bytes.withUnsafeBytes { pwrite(file, $0.baseAddress, slotSize, off_t(slot * slotSize)) }
        return written == slotSize
    }

    static func checksum(sequence: UInt64, body: [UInt8]) -> UInt64 {
        body.withUnsafeBytes { XXH64.hash($0, seed: sequence) }
    }

    /// The counts as stored: window starts in Unix seconds, counts by category name.
    struct StoredUsage: Codable {
        var minute: Double
        var day: Double
        var thisMinute: [String: Int]
        var today: [String: Int]
        var processes: [String: Double]?

        init(_ usage: RequestUsage) {
            minute = usage.minuteStart.timeIntervalSince1970
            day = usage.dayStart.timeIntervalSince1970
            thisMinute = Dictionary(uniqueKeysWithValues: usage.thisMinute.map { ($0.rawValue, $1) })
            today = Dictionary(uniqueKeysWithValues: usage.today.map { ($0.rawValue, $1) })
        }

        var usage: RequestUsage {
            RequestUsage(minuteStart: Date(timeIntervalSince1970: minute), dayStart: Date(timeIntervalSince1970: day),
                         thisMinute: Dictionary(uniqueKeysWithValues: thisMinute.map { (RateLimitCategory(rawValue: $0), $1) }),
                         today: Dictionary(uniqueKeysWithValues: today.map { (RateLimitCategory(rawValue: $0), $1) }))
        }
    }
}
