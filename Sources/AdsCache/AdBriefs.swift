import PinterestAds

/// The ads of one ad group in brief, packed into one buffer: a collection of `AdBrief`s that takes
/// much less memory than an `[AdBrief]` does.
///
/// A large account keeps every ad in brief for hours. As an array, each brief is a struct of
/// several words, plus a heap allocation for any name too long to be stored inline, plus each ad
/// group's spare array capacity. Packed, each ad is an 8-byte record (the three statuses as codes,
/// and where its texts start) and its texts (id, name, any unknown status value, any rejection
/// reasons) as length-prefixed UTF-8, all in one exactly sized allocation per ad group.
///
/// Briefs are built when read (`subscript`), so code that walks many briefs uses the cheaper views:
/// `counts`, `ids`, `id(at:)`, `index(ofID:)`.
public struct AdBriefs: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral,
                        CustomStringConvertible {
    /// `count` records of `recordSize` bytes, then the texts.
    private var bytes: ContiguousArray<UInt8>
    /// How many briefs there are.
    public let count: Int

    // A record: where the ad's texts start, counted from the end of the records (UInt32,
    // little-endian); the codes of its status, summary status and review status; its flags. A code
    // is 0 for nil, 1 + the value's index in `knownCases`, or `unknownCode` when the raw value
    // follows the name in the texts.
    private static let recordSize = 8
    private static let unknownCode: UInt8 = 255
    private static let hasName: UInt8 = 1, hasReasons: UInt8 = 2
    /// The review codes `counts` looks for (it runs for every row drawn).
    private static let rejectedCode = code(ReviewStatus.rejected), pendingCode = code(ReviewStatus.pending)

    /// No briefs.
    public init() {
        bytes = []
        count = 0
    }

    public init(arrayLiteral elements: AdBrief...) {
        self.init(elements)
    }

    /// The briefs of `briefs`, in order.
    public init<S: Sequence>(_ briefs: S) where S.Element == AdBrief {
        var builder = Builder()
        for brief in briefs { builder.append(brief) }
        self = builder.build()
    }

    private init(bytes: ContiguousArray<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// Packs briefs one at a time, then into one exactly sized buffer. Reusable: `build()` leaves
    /// it empty with its room kept, so packing ad group after ad group allocates little.
    public struct Builder {
        private var records: ContiguousArray<UInt8> = []
        private var text: ContiguousArray<UInt8> = []
        private var count = 0

        /// An empty builder.
        public init() {}

        /// Adds a brief after those added so far.
        public mutating func append(_ brief: AdBrief) {
            // Where the texts start, counted from the start of the texts (after all records).
            let start = UInt32(truncatingIfNeeded: text.count)
            let codes = (AdBriefs.code(brief.status), AdBriefs.code(brief.summaryStatus), AdBriefs.code(brief.reviewStatus))
            var flags: UInt8 = 0
            AdBriefs.appendText(brief.id, to: &text)
            if let name = brief.name {
                flags |= AdBriefs.hasName
                AdBriefs.appendText(name, to: &text)
            }
            if codes.0 == AdBriefs.unknownCode, let raw = brief.status?.rawValue { AdBriefs.appendText(raw, to: &text) }
            if codes.1 == AdBriefs.unknownCode, let raw = brief.summaryStatus?.rawValue { AdBriefs.appendText(raw, to: &text) }
            if codes.2 == AdBriefs.unknownCode, let raw = brief.reviewStatus?.rawValue { AdBriefs.appendText(raw, to: &text) }
            if let reasons = brief.rejectedReasons {
                flags |= AdBriefs.hasReasons
                AdBriefs.appendLength(reasons.count, to: &text)
                for reason in reasons { AdBriefs.appendText(reason.rawValue, to: &text) }
            }
            appendRecord(start: start, codes: codes, flags: flags)
        }

        /// Adds a brief from the UTF-8 of its fields as the cache keeps them, without making a
        /// string: status values by their wire names, rejection reasons as `encodedReasons` wrote
        /// them. Gives what `append(_:)` gives for the same brief; reasons that do not read back
        /// whole (a damaged column) are left out rather than read into the next brief.
        public mutating func append(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>?,
                                    status: UnsafeBufferPointer<UInt8>?, summaryStatus: UnsafeBufferPointer<UInt8>?,
                                    reviewStatus: UnsafeBufferPointer<UInt8>?,
                                    rejectedReasons: UnsafeBufferPointer<UInt8>?) {
            let start = UInt32(truncatingIfNeeded: text.count)
            let codes = (RawCodes.status.code(status), RawCodes.summary.code(summaryStatus),
                         RawCodes.review.code(reviewStatus))
            var flags: UInt8 = 0
            AdBriefs.appendText(id, to: &text)
            if let name {
                flags |= AdBriefs.hasName
                AdBriefs.appendText(name, to: &text)
            }
            if codes.0 == AdBriefs.unknownCode, let status { AdBriefs.appendText(status, to: &text) }
            if codes.1 == AdBriefs.unknownCode, let summaryStatus { AdBriefs.appendText(summaryStatus, to: &text) }
            if codes.2 == AdBriefs.unknownCode, let reviewStatus { AdBriefs.appendText(reviewStatus, to: &text) }
            if let rejectedReasons, AdBriefs.isWholeReasons(rejectedReasons) {
                flags |= AdBriefs.hasReasons
                // The column holds the reasons exactly as a packed brief does.
                text.append(contentsOf: rejectedReasons)
            }
            appendRecord(start: start, codes: codes, flags: flags)
        }

        private mutating func appendRecord(start: UInt32, codes: (UInt8, UInt8, UInt8), flags: UInt8) {
            for shift in 0..<4 { records.append(UInt8(truncatingIfNeeded: start >> (8 * shift))) }
            records.append(codes.0)
            records.append(codes.1)
            records.append(codes.2)
            records.append(flags)
            count += 1
        }

        /// The briefs added, packed; the builder is empty again.
        public mutating func build() -> AdBriefs {
            defer {
                records.removeAll(keepingCapacity: true)
                text.removeAll(keepingCapacity: true)
                count = 0
            }
            guard count > 0 else { return AdBriefs() }
            var bytes = ContiguousArray<UInt8>()
            bytes.reserveCapacity(records.count + text.count)
            bytes.append(contentsOf: records)
            bytes.append(contentsOf: text)
            return AdBriefs(bytes: bytes, count: count)
        }
    }

    /// The briefs of full ads.
    public init(_ ads: [Ad]) {
        self.init(ads.lazy.map(AdBrief.init))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The brief at `position`, built from its record and texts.
    public subscript(position: Int) -> AdBrief {
        precondition(position >= 0 && position < count, "AdBriefs index out of range")
        return bytes.withUnsafeBufferPointer { buffer in
            let record = position * Self.recordSize
            let flags = buffer[record + 7]
            var reader = TextReader(buffer: buffer, offset: start(in: buffer, record: record))
            let id = reader.next()
            let name = flags & Self.hasName != 0 ? reader.next() : nil
            let status: EntityStatus? = Self.value(buffer[record + 4], &reader)
            let summary: AdSummaryStatus? = Self.value(buffer[record + 5], &reader)
            let review: ReviewStatus? = Self.value(buffer[record + 6], &reader)
            var reasons: [RejectedReason]?
            if flags & Self.hasReasons != 0 {
                let reasonCount = reader.length()
                reasons = (0..<reasonCount).map { _ in RejectedReason(rawValue: reader.next()) }
            }
            return AdBrief(id: id, name: name, status: status, summaryStatus: summary, reviewStatus: review,
                           rejectedReasons: reasons)
        }
    }

    /// The id of the brief at `position`, without building the rest.
    public func id(at position: Int) -> String {
        precondition(position >= 0 && position < count, "AdBriefs index out of range")
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = TextReader(buffer: buffer, offset: start(in: buffer, record: position * Self.recordSize))
            return reader.next()
        }
    }

    /// The ids, in order, each read when asked for.
    public var ids: LazyMapSequence<Range<Int>, String> {
        (0..<count).lazy.map { self.id(at: $0) }
    }

    /// The position of the brief with this id, compared as bytes (no brief is built).
    public func index(ofID id: String) -> Int? {
        var id = id
        return id.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { buffer in
                for position in 0..<count {
                    var reader = TextReader(buffer: buffer, offset: start(in: buffer, record: position * Self.recordSize))
                    if reader.nextBytes().elementsEqual(wanted) { return position }
                }
                return nil
            }
        }
    }

    /// How many briefs there are, and how many are rejected or waiting for review, from the codes.
    public var counts: AdCounts {
        let rejected = Self.rejectedCode, pending = Self.pendingCode
        var counts = AdCounts(total: count)
        bytes.withUnsafeBufferPointer { buffer in
            for position in 0..<count {
                let review = buffer[position * Self.recordSize + 6]
                if review == rejected { counts.rejected += 1 } else if review == pending { counts.pending += 1 }
            }
        }
        return counts
    }

    /// Adds a brief at the end (repacks the ad group: for the rare ad that appears between listings).
    public mutating func append(_ brief: AdBrief) {
        self = AdBriefs(Array(self) + [brief])
    }

    public var description: String { Array(self).description }

    // MARK: Packing

    /// Rejection reasons as the cache keeps them: their count, then each reason's length and
    /// UTF-8, as a packed brief holds them. Any reason text survives (a newline, an empty one),
    /// and the cache's text packs into briefs by copying.
    public static func encodedReasons(_ reasons: [RejectedReason]) -> [UInt8] {
        var bytes = ContiguousArray<UInt8>()
        appendLength(reasons.count, to: &bytes)
        for reason in reasons { appendText(reason.rawValue, to: &bytes) }
        return Array(bytes)
    }

    /// Whether `bytes` are exactly a count and that many length-prefixed texts.
    static func isWholeReasons(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = TextReader(buffer: bytes, offset: 0)
        guard let count = reader.checkedLength(), count <= bytes.count else { return false }
        for _ in 0..<count {
            guard let length = reader.checkedLength(), length <= bytes.count - reader.offset else { return false }
            reader.offset += length
        }
        return reader.offset == bytes.count
    }

    private static func code<E: OpenEnum>(_ value: E?) -> UInt8 {
        guard let value else { return 0 }
        guard let index = E.knownCases.firstIndex(of: value), index < Int(unknownCode) - 1 else { return unknownCode }
        return UInt8(index + 1)
    }

    private static func value<E: OpenEnum>(_ code: UInt8, _ reader: inout TextReader) -> E? {
        switch code {
        case 0: nil
        case unknownCode: E(rawValue: reader.next())
        default: E.knownCases[Int(code) - 1]
        }
    }

    /// Lengths are unsigned LEB128: one byte below 128.
    private static func appendLength(_ length: Int, to bytes: inout ContiguousArray<UInt8>) {
        LEB128.append(UInt64(length), to: &bytes)
    }

    private static func appendText(_ text: String, to bytes: inout ContiguousArray<UInt8>) {
        appendLength(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func appendText(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout ContiguousArray<UInt8>) {
        appendLength(text.count, to: &bytes)
        bytes.append(contentsOf: text)
    }

    /// The codes of an enum's known values, looked up by their wire names' bytes.
    private struct RawCodes: Sendable {
        static let status = RawCodes(EntityStatus.self)
        static let summary = RawCodes(AdSummaryStatus.self)
        static let review = RawCodes(ReviewStatus.self)

        let names: [[UInt8]]

        init<E: OpenEnum>(_ type: E.Type) {
            names = E.knownCases.prefix(Int(AdBriefs.unknownCode) - 1).map { Array($0.rawValue.utf8) }
        }

        /// What `AdBriefs.code(E(rawValue:))` gives for this wire name.
        func code(_ raw: UnsafeBufferPointer<UInt8>?) -> UInt8 {
            guard let raw else { return 0 }
            for (index, name) in names.enumerated() where name.elementsEqual(raw) { return UInt8(index + 1) }
            return AdBriefs.unknownCode
        }
    }

    private func start(in buffer: UnsafeBufferPointer<UInt8>, record: Int) -> Int {
        count * Self.recordSize
            + (Int(buffer[record]) | Int(buffer[record + 1]) << 8 | Int(buffer[record + 2]) << 16 | Int(buffer[record + 3]) << 24)
    }

    /// Reads length-prefixed texts one after another.
    private struct TextReader {
        let buffer: UnsafeBufferPointer<UInt8>
        var offset: Int

        /// The next length; the briefs wrote it themselves, so a bad one only reads as empty.
        mutating func length() -> Int {
            Int(truncatingIfNeeded: (try? LEB128.read(UnsafeRawBufferPointer(buffer), at: &offset)) ?? 0)
        }

        /// A length, or nil when the bytes end inside it or it cannot be an `Int`.
        mutating func checkedLength() -> Int? {
            guard let length = try? LEB128.read(UnsafeRawBufferPointer(buffer), at: &offset) else { return nil }
            return Int(exactly: length)
        }

        mutating func nextBytes() -> UnsafeBufferPointer<UInt8> {
            let length = length()
            let end = Swift.min(offset + length, buffer.count)
            defer { offset = end }
            return UnsafeBufferPointer(rebasing: buffer[offset..<end])
        }

        mutating func next() -> String {
            String(decoding: nextBytes(), as: UTF8.self)
        }
    }
}
