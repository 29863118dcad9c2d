import Foundation
import Synchronization

/// One line of the audit log: who asked for which status change on what, and what became of it.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// When the action finished (ISO 8601 in the file).
    public var time: Date
    /// The operating-system user.
    public var user: String
    /// The ad account id.
    public var account: String
    /// `campaign`, `ad_group` or `ad`.
    public var entityType: String
    /// The ids acted on.
    public var ids: [String]
    /// The status of each id before the action, when known.
    public var from: [String: String]
    /// The status asked for.
    public var to: String
    /// Per id: `succeeded`, `failed`, `unknown` or `refused`.
    public var outcome: [String: String]
    /// Per id, Pinterest's message (or why it is unknown), when not succeeded.
    public var message: [String: String]?
    /// Why the whole action was refused, when it was.
    public var refused: String?

    enum CodingKeys: String, CodingKey {
        case time, user, account, entityType = "entity_type", ids, from, to, outcome, message, refused
    }

    /// Creates an entry.
    public init(time: Date, user: String, account: String, entityType: String, ids: [String],
                from: [String: String], to: String, outcome: [String: String],
                message: [String: String]? = nil, refused: String? = nil) {
        self.time = time
        self.user = user
        self.account = account
        self.entityType = entityType
        self.ids = ids
        self.from = from
        self.to = to
        self.outcome = outcome
        self.message = message
        self.refused = refused
    }
}

/// Appends one JSON line per action to `$XDG_STATE_HOME/pinwatch/audit.log` (directory 0700,
/// file 0600). Entries carry no credentials: nothing here ever sees the access token.
public final class AuditLog: Sendable {
    /// The log file.
    public let fileURL: URL
    private let lock = Mutex(())

    /// The log in the default place (`$XDG_STATE_HOME/pinwatch/audit.log`).
    public convenience init() {
        self.init(fileURL: CacheFiles.defaultStateDirectory().appendingPathComponent("audit.log"))
    }

    /// A log at `fileURL` (its directory is created 0700 when written).
    public init(fileURL: URL) {
        self.fileURL = fileURL
    }

    /// The user running Pinwatch: the name of the effective uid, else `$USER`, else the uid.
    public static func currentUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let value = String(cString: name)
            if !value.isEmpty { return value }
        }
        return environment["USER"] ?? String(geteuid())
    }

    /// Appends `entry` as one line of JSON.
    public func append(_ entry: AuditEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.iso8601(date))
        }
        var line = try encoder.encode(entry)
        line.append(0x0a)
        try lock.withLock { _ in
            try CacheFiles.prepareDirectory(fileURL.deletingLastPathComponent())
            let descriptor = open(fileURL.path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            guard descriptor >= 0 else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: fileURL.path])
            }
            defer { close(descriptor) }
            _ = fchmod(descriptor, 0o600)
            let written = line.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
            guard written == line.count else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: fileURL.path])
            }
        }
    }

    /// `2026-11-26T14:02:11.123Z`.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
