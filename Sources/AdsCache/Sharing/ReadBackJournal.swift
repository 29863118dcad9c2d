import Foundation
import PinterestAds
#if canImport(Glibc)
import Glibc
#endif

/// The entities a process that does not lead read back after a status change, kept in a file
/// beside the cache until the leader has saved them with its snapshot: the leader folds them in
/// as read-backs, and followers lay them over what they reload, so every viewer shows the change
/// at once and none shows it undone by an older save.
///
/// One JSON document (entities in their compact cache form), 0600, rewritten under an `flock`.
public struct ReadBackJournal: Sendable {
    /// One change's read-back.
    public struct Record: Sendable, Equatable, Codable {
        /// Increases with each record; the leader trims up to the last one it saved.
        public var sequence: Int
        public var campaigns: [Data] = []
        public var adGroups: [Data] = []
        public var ads: [Data] = []
    }

    /// The file's content: the records, and the last sequence given (never reused, also once
    /// every record is trimmed).
    struct Document: Codable {
        var lastSequence = 0
        var records: [Record] = []
    }

    /// The journal file.
    public let fileURL: URL

    /// A journal at `fileURL` (created when first written).
    public init(fileURL: URL) { self.fileURL = fileURL }

    /// Adds the entities read back by one change; returns its sequence.
    @discardableResult
    func append(_ entities: [ReadBackEntity]) -> Int? {
        var record = Record(sequence: 0)
        for entity in entities {
            switch entity {
            case .campaign(let value): record.campaigns.append(CompactCodec.encode(value))
            case .adGroup(let value): record.adGroups.append(CompactCodec.encode(value))
            case .ad(let value): record.ads.append(CompactCodec.encode(value))
            }
        }
        return update { document in
            document.lastSequence += 1
            record.sequence = document.lastSequence
            document.records.append(record)
            return record.sequence
        }
    }

    /// Removes the records up to `sequence` (the leader saved them).
    func trim(upTo sequence: Int) {
        _ = update { document -> Int? in
            document.records.removeAll { $0.sequence <= sequence }
            return nil
        }
    }

    /// Every record, oldest first, as entities.
    func read() -> [JournalEntry] {
        let descriptor = open(fileURL.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH) == 0 else { return [] }
        defer { _ = flock(descriptor, LOCK_UN) }
        return Self.decode(Self.readAll(descriptor)).records.map(JournalEntry.init)
    }

    /// Runs `change` on the records under an exclusive lock and writes them back.
    private func update(_ change: (inout Document) -> Int?) -> Int? {
        let descriptor = open(fileURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        _ = fchmod(descriptor, 0o600)
        guard flock(descriptor, LOCK_EX) == 0 else { return nil }
        defer { _ = flock(descriptor, LOCK_UN) }
        var document = Self.decode(Self.readAll(descriptor))
        let result = change(&document)
        let data = (try? JSONEncoder().encode(document)) ?? Data()
        _ = ftruncate(descriptor, 0)
        _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return result
    }

    private static func readAll(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            guard count > 0 else { break }
            data.append(contentsOf: buffer.prefix(count))
            offset += off_t(count)
        }
        return data
    }

    /// The document in `data`; empty when it is empty or unreadable (a journal is a hint, not a fact).
    private static func decode(_ data: Data) -> Document {
        guard !data.isEmpty else { return Document() }
        return (try? JSONDecoder().decode(Document.self, from: data)) ?? Document()
    }
}

/// One journal record, decoded.
struct JournalEntry: Sendable {
    var sequence: Int
    var entities: [ReadBackEntity]

    init(_ record: ReadBackJournal.Record) {
        sequence = record.sequence
        entities = record.campaigns.compactMap { try? CompactCodec.decode(Campaign.self, from: $0) }.map { .campaign($0) }
            + record.adGroups.compactMap { try? CompactCodec.decode(AdGroup.self, from: $0) }.map { .adGroup($0) }
            + record.ads.compactMap { try? CompactCodec.decode(Ad.self, from: $0) }.map { .ad($0) }
    }

    init(sequence: Int, entities: [ReadBackEntity]) {
        self.sequence = sequence
        self.entities = entities
    }
}
