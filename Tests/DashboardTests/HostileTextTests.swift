import AdsCache
import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
import Testing

/// Names from the API are untrusted: no control character may reach the grid, columns stay aligned.
@Suite("Hostile text")
struct HostileTextTests {
    static let hostile = [
        "\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07}pwned",
        "\u{202E}evil\u{202C} name \u{2066}x\u{2069}",
        String(repeating: "Ａ長い名前", count: 1000),
        "",
        "tab\tnew\nline\r\n\u{9B}31m\u{7F}",
        "e\u{301}\u{301}\u{301} zalgo 👩🏽‍💻🇯🇵",
    ]

    static func snapshot() -> Snapshot {
        var snapshot = Fixture.snapshot()
        for (index, name) in hostile.enumerated() {
            snapshot.adGroups.append(Fixture.adGroup("666\(index)", name, campaign: "626736533506", status: .active,
                                                     summary: .running, budget: 1_000_000))
        }
        snapshot.campaigns[0].name = hostile[0]
        snapshot.account?.name = hostile[1]
        let ads = hostile.enumerated().map { index, name in
            Ad(id: "777\(index)", adGroupId: Fixture.seedAdGroupID, name: name, rejectionLabels: [name],
               reviewStatus: .rejected)
        }
        snapshot.adsByAdGroup[Fixture.seedAdGroupID, default: []].append(contentsOf: ads)
        return snapshot
    }

    static func check(_ grid: CellGrid) {
        for cell in grid.cells {
            #expect(!cell.text.unicodeScalars.contains { TextSanitizer.isUnsafe($0) }, "unsafe cell \(cell.text.debugDescription)")
        }
        for line in grid.textLines() {
            #expect(DisplayWidth.of(line) == grid.width, "misaligned: \(line)")
        }
    }

    @Test("every screen renders hostile names safely and aligned", arguments: [(80, 24), (120, 40), (200, 60)])
    func screens(_ size: (Int, Int)) {
        let (width, height) = size
        var state = Fixture.state(width: width, height: height, snapshot: Self.snapshot())
        let hostileEvents = Self.hostile.enumerated().map { index, name in
            ChangeEvent(id: 100 + index, time: Fixture.now, kind: .reviewStatusChanged, entityKind: .ad,
                        entityID: name, entityName: name, oldValue: name, newValue: name, detail: name)
        }
        _ = update(&state, .snapshotArrived(Self.snapshot(), hostileEvents))
        Self.check(render(state, width: width, height: height))
        state.press(.char("G"))
        Self.check(render(state, width: width, height: height))
        state.press(.tab)
        Self.check(render(state, width: width, height: height))
        state.press(.tab, .char("g"), .enter)
        Self.check(render(state, width: width, height: height))
        state.press(.char("G"), .tab)
        Self.check(render(state, width: width, height: height))
        state.press(.tab, .char("e"))
        Self.check(render(state, width: width, height: height))
        state.press(.char("e"), .char("c"))
        Self.check(render(state, width: width, height: height))
        state.press(.char("/"))
        state.type("\u{1B}[31m")
        Self.check(render(state, width: width, height: height))
        _ = update(&state, .error("\u{1B}]0;title\u{07}boom"))
        Self.check(render(state, width: width, height: height))
    }

    @Test("ASCII mode keeps hostile names to printable ASCII")
    func ascii() {
        let state = Fixture.state(width: 120, height: 40, glyphs: .ascii, snapshot: Self.snapshot())
        let grid = render(state, width: 120, height: 40)
        Self.check(grid)
        #expect(grid.textLines().joined().unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 })
    }

    @Test("unknown enum values and currency codes are sanitized like names, not left to the grid", arguments: [
        Glyphs.unicode, Glyphs.ascii,
    ])
    func unknownEnumValues(_ glyphs: Glyphs) {
        // Unknown values are kept as sent. Were they drawn raw, the grid would drop the ESC and BEL
        // and show "]0;t" as if it were data; sanitized, the ESC shows as ␛ (or ^[).
        let hostile = "\u{1B}]0;t\u{07}NEW"
        var snapshot = Fixture.snapshot()
        snapshot.account?.currency = .unknown(hostile)
        snapshot.account?.country = .unknown(hostile)
        snapshot.campaigns[0].summaryStatus = .unknown(hostile)
        snapshot.campaigns[0].objectiveType = .unknown(hostile)
        snapshot.adGroups[0].bidStrategyType = .unknown(hostile)
        snapshot.adsByAdGroup[Fixture.seedAdGroupID] = [
            Ad(id: "7770", adGroupId: Fixture.seedAdGroupID, creativeType: .unknown(hostile), name: "a",
               rejectedReasons: [.unknown(hostile)], reviewStatus: .unknown(hostile), status: .active,
               summaryStatus: .unknown(hostile)),
        ]
        let visibleESC = glyphs == .ascii ? "^[" : "\u{241B}"
        func check(_ state: AppState, _ screen: String) {
            let text = render(state, width: 200, height: 40).textLines().joined(separator: "\n")
            let shown = text.components(separatedBy: "]0;").count - 1
            let visible = text.components(separatedBy: visibleESC + "]0;").count - 1
            #expect(shown > 0, "\(screen) shows the values")
            #expect(shown == visible, "\(screen): an ESC was dropped instead of shown\n\(text)")
        }
        var state = Fixture.state(width: 200, height: 40, glyphs: glyphs, snapshot: snapshot)
        check(state, "ad groups")
        state.stack = [.adGroups(campaignID: nil), .ads(adGroupID: Fixture.seedAdGroupID)]
        state.press(.tab)
        check(state, "ads with details")
        state.stack = [.campaigns]
        check(state, "campaigns")
        state.stack = [.accounts]
        check(state, "accounts")
    }
}
