import PinterestAds

/// The ads of one ad group in brief, packed into one buffer: a collection of `AdBrief`s that takes
/// about a third of the memory an `[AdBrief]` does.
///
/// A large account keeps every ad in brief for hours (50,000 of them in 10,000 ad groups). As an
/// array, each brief is an 88-byte struct, plus its own heap allocation for a name longer than 15
/// bytes, plus each ad group's spare array capacity: about 260 bytes an ad in all. Packed, each ad is
/// an 8-byte record (the three statuses as codes, and where its texts start) and its texts (id, name,
/// any unknown status value, any rejection reasons) as length-prefixed UTF-8, all in one exactly
/// sized allocation per ad group.
///
/// Briefs are built when read (`subscript`), so code that walks many briefs uses the cheaper views:
/// `counts`, `ids`, `id(at:)`, `index(ofID:)`.
public struct AdBriefs: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral,
                        CustomStringConvertible {
    /// `count` records of `recordSize` bytes, then the texts.
    private var bytes: ContiguousArray<UInt8>
    public let count: Int

    private static let recordSize = 8
    // Record layout: text start (UInt32, little-endian), status, summary status, review status
    // codes, flags. A code is 0 for nil, 1 + the index in `knownCases`, or `unknownCode` when the
    // raw value follows the name in the texts.
    private static let unknownCode: UInt8 = 255
    private static let hasName: UInt8 = 1, hasReasons: UInt8 = 2

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
        let briefs = Array(briefs)
        count = briefs.count
        guard !briefs.isEmpty else {
            bytes = []
            return
        }
        var size = briefs.count * Self.recordSize
        for brief in briefs { size += Self.textSize(of: brief) }
        var bytes = ContiguousArray<UInt8>()
        bytes.reserveCapacity(size)
        bytes.append(contentsOf: repeatElement(0, count: briefs.count * Self.recordSize))
        for (index, brief) in briefs.enumerated() {
            let start = UInt32(truncatingIfNeeded: bytes.count)
            let codes = (Self.code(brief.status), Self.code(brief.summaryStatus), Self.code(brief.reviewStatus))
            var flags: UInt8 = 0
            Self.appendText(brief.id, to: &bytes)
            if let name = brief.name {
                flags |= Self.hasName
                Self.appendText(name, to: &bytes)
            }
            if codes.0 == Self.unknownCode, let raw = brief.status?.rawValue { Self.appendText(raw, to: &bytes) }
            if codes.1 == Self.unknownCode, let raw = brief.summaryStatus?.rawValue { Self.appendText(raw, to: &bytes) }
            if codes.2 == Self.unknownCode, let raw = brief.reviewStatus?.rawValue { Self.appendText(raw, to: &bytes) }
            if let reasons = brief.rejectedReasons {
                flags |= Self.hasReasons
                Self.appendLength(reasons.count, to: &bytes)
                for reason in reasons { Self.appendText(reason.rawValue, to: &bytes) }
            }
            let record = index * Self.recordSize
            for shift in 0..<4 { bytes[record + shift] = UInt8(truncatingIfNeeded: start >> (8 * shift)) }
            (bytes[record + 4], bytes[record + 5], bytes[record + 6], bytes[record + 7]) = (codes.0, codes.1, codes.2, flags)
        }
        self.bytes = bytes
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
            var reader = TextReader(buffer: buffer, offset: Self.start(in: buffer, record: record))
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
            var reader = TextReader(buffer: buffer, offset: Self.start(in: buffer, record: position * Self.recordSize))
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
                    var reader = TextReader(buffer: buffer, offset: Self.start(in: buffer, record: position * Self.recordSize))
                    if reader.nextBytes().elementsEqual(wanted) { return position }
                }
                return nil
            }
        }
    }

    /// How many briefs there are, and how many are rejected or waiting for review, from the codes.
    public var counts: AdCounts {
        let rejected = Self.code(ReviewStatus.rejected), pending = Self.code(ReviewStatus.pending)
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

    private static func textSize(of brief: AdBrief) -> Int {
        var size = lengthSize(brief.id.utf8.count) + brief.id.utf8.count
        for text in [brief.name, unknownRaw(brief.status), unknownRaw(brief.summaryStatus), unknownRaw(brief.reviewStatus)] {
            if let text { size += lengthSize(text.utf8.count) + text.utf8.count }
        }
        if let reasons = brief.rejectedReasons {
            size += lengthSize(reasons.count)
            for reason in reasons { size += lengthSize(reason.rawValue.utf8.count) + reason.rawValue.utf8.count }
        }
        return size
    }

    private static func unknownRaw<E: OpenEnum>(_ value: E?) -> String? {
        code(value) == unknownCode ? value?.rawValue : nil
    }

    /// Lengths are unsigned LEB128: one byte below 128.
    private static func lengthSize(_ length: Int) -> Int {
        var size = 1, rest = length >> 7
        while rest > 0 { size += 1; rest >>= 7 }
        return size
    }

    private static func appendLength(_ length: Int, to bytes: inout ContiguousArray<UInt8>) {
        var rest = length
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func appendText(_ text: String, to bytes: inout ContiguousArray<UInt8>) {
        appendLength(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func start(in buffer: UnsafeBufferPointer<UInt8>, record: Int) -> Int {
        Int(buffer[record]) | Int(buffer[record + 1]) << 8 | Int(buffer[record + 2]) << 16 | Int(buffer[record + 3]) << 24
    }

    /// Reads length-prefixed texts one after another.
    private struct TextReader {
        let buffer: UnsafeBufferPointer<UInt8>
        var offset: Int

        mutating func length() -> Int {
            var length = 0, shift = 0
            while offset < buffer.count {
                let byte = buffer[offset]
                offset += 1
                length |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            return length
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
