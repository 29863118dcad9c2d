import AdsCache
import PinterestAds
import Testing

/// The packed briefs of one ad group give back exactly the briefs they were made of.
@Suite("Packed ad briefs")
struct AdBriefsTests {
    /// Briefs covering every shape a field can take: nil, known, unknown, empty, long, multi-byte.
    static let briefs: [AdBrief] = [
        AdBrief(id: "687195200001", name: "Hiking boots — Lifestyle photo", status: .active,
                summaryStatus: .approved, reviewStatus: .approved, rejectedReasons: []),
        AdBrief(id: "687195200002"),
        AdBrief(id: "687195200003", name: "", status: .unknown("SOMETHING_NEW"), summaryStatus: .unknown(""),
                reviewStatus: .unknown("RE_REVIEW"), rejectedReasons: [.unknown("NEW_REASON"), .landingPageBroken]),
        AdBrief(id: "6871952000040000000000", name: String(repeating: "長い名前🙂", count: 1_000), status: .paused,
                summaryStatus: .rejected, reviewStatus: .rejected, rejectedReasons: [.imageLowQuality]),
        AdBrief(id: "", name: "\u{1B}]52;c;SGVsbG8=\u{07}\u{202E}x\u{0301}", status: nil, summaryStatus: .pending,
                reviewStatus: .pending, rejectedReasons: nil),
    ]

    @Test("every brief reads back equal, field by field, and in order")
    func roundTrip() {
        let packed = AdBriefs(Self.briefs)
        #expect(packed.count == Self.briefs.count)
        #expect(Array(packed) == Self.briefs)
        for (index, brief) in Self.briefs.enumerated() {
            #expect(packed[index].name == brief.name)
            #expect(packed[index].status == brief.status)
            #expect(packed[index].summaryStatus == brief.summaryStatus)
            #expect(packed[index].reviewStatus == brief.reviewStatus)
            #expect(packed[index].rejectedReasons == brief.rejectedReasons)
            #expect(packed.id(at: index) == brief.id)
            #expect(packed.index(ofID: brief.id) == index)
        }
        #expect(Array(packed.ids) == Self.briefs.map(\.id))
        #expect(packed.index(ofID: "687195200009") == nil)
        #expect(packed.index(ofID: "68719520000") == nil)  // a prefix of an id is not that id
    }

    @Test("counts come from the review codes; unknown review statuses count as neither")
    func counts() {
        #expect(AdBriefs(Self.briefs).counts == AdCounts(total: 5, rejected: 1, pending: 1))
        #expect(AdBriefs(Self.briefs).counts == AdCounts(Self.briefs))
        #expect(AdBriefs().counts == AdCounts())
    }

    @Test("equal briefs pack equal; any changed field makes them differ; hashing agrees")
    func equality() {
        let packed = AdBriefs(Self.briefs)
        #expect(packed == AdBriefs(Self.briefs))
        #expect(packed.hashValue == AdBriefs(Self.briefs).hashValue)
        #expect(AdBriefs() == [])
        #expect(AdBriefs([AdBrief(id: "1", name: nil)]) != AdBriefs([AdBrief(id: "1", name: "")]))
        #expect(AdBriefs([AdBrief(id: "1", rejectedReasons: nil)]) != AdBriefs([AdBrief(id: "1", rejectedReasons: [])]))
        let changes: [(inout AdBrief) -> Void] = [
            { $0.id += "9" }, { $0.name = "Other" }, { $0.status = .archived }, { $0.summaryStatus = .paused },
            { $0.reviewStatus = .other }, { $0.rejectedReasons = [.targeting] },
        ]
        for change in changes {
            var briefs = Self.briefs
            change(&briefs[0])
            #expect(AdBriefs(briefs) != packed)
            #expect(Array(AdBriefs(briefs)) == briefs)
        }
    }

    @Test("a builder packs ad group after ad group, each on its own, and is empty after each")
    func builderReuse() {
        var builder = AdBriefs.Builder()
        for brief in Self.briefs.prefix(2) { builder.append(brief) }
        let first = builder.build()
        builder.append(Self.briefs[4])
        let second = builder.build()
        #expect(Array(first) == Array(Self.briefs.prefix(2)))
        #expect(Array(second) == [Self.briefs[4]])
        #expect(first == AdBriefs(Self.briefs.prefix(2)))
        #expect(builder.build() == AdBriefs())
    }

    @Test("packing the cache's columns gives what packing the briefs gives, whatever the reasons' text")
    func fromColumnText() {
        func withText<R>(_ text: [UInt8]?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
            guard let text else { return body(nil) }
            return text.withUnsafeBufferPointer { body($0) }
        }
        func bytes(_ text: String?) -> [UInt8]? { text.map { Array($0.utf8) } }
        var fromText = AdBriefs.Builder()
        // Reasons with a newline, an empty one, and none at all survive the column.
        var briefs = Self.briefs
        briefs.append(AdBrief(id: "9", rejectedReasons: [.targeting, .hashtags]))
        briefs.append(AdBrief(id: "10", reviewStatus: .rejected,
                              rejectedReasons: [.unknown("a\nb"), .unknown(""), .unknown("\n")]))
        briefs.append(AdBrief(id: "11", rejectedReasons: [.unknown("")]))
        for brief in briefs {
            withText(bytes(brief.id)) { id in
                withText(bytes(brief.name)) { name in
                    withText(bytes(brief.status?.rawValue)) { status in
                        withText(bytes(brief.summaryStatus?.rawValue)) { summary in
                            withText(bytes(brief.reviewStatus?.rawValue)) { review in
                                withText(brief.rejectedReasons.map(AdBriefs.encodedReasons)) { reasons in
                                    fromText.append(id: id ?? UnsafeBufferPointer(start: nil, count: 0), name: name,
                                                    status: status, summaryStatus: summary, reviewStatus: review,
                                                    rejectedReasons: reasons)
                                }
                            }
                        }
                    }
                }
            }
        }
        let packed = fromText.build()
        #expect(packed == AdBriefs(briefs))
        #expect(Array(packed) == briefs)
    }

    @Test("a damaged reasons column is left out instead of being read into the next brief",
          arguments: [[UInt8]([2, 3, 0x41]), [0x80], [1, 5, 0x41, 0x42], [0, 0]])
    func damagedReasons(_ column: [UInt8]) {
        var builder = AdBriefs.Builder()
        column.withUnsafeBufferPointer { reasons in
            Array("1".utf8).withUnsafeBufferPointer { id in
                builder.append(id: id, name: nil, status: nil, summaryStatus: nil, reviewStatus: nil,
                               rejectedReasons: reasons)
            }
        }
        builder.append(AdBrief(id: "2", name: "next"))
        #expect(Array(builder.build()) == [AdBrief(id: "1"), AdBrief(id: "2", name: "next")])
    }

    @Test("appending repacks with the new brief last")
    func append() {
        var packed = AdBriefs(Self.briefs.prefix(2))
        packed.append(Self.briefs[3])
        #expect(Array(packed) == [Self.briefs[0], Self.briefs[1], Self.briefs[3]])
        var empty = AdBriefs()
        empty.append(Self.briefs[2])
        #expect(Array(empty) == [Self.briefs[2]])
    }

    @Test("full ads pack as their briefs")
    func fromAds() {
        let ad = Ad(id: "687195200001", name: "Summer Sale ☀", rejectedReasons: [.hashtags], reviewStatus: .rejected)
        #expect(Array(AdBriefs([ad])) == [AdBrief(ad)])
    }
}
