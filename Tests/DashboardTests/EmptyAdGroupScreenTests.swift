import AdsCache
import Dashboard
import Foundation
import Testing

/// An ad group known to have no ads says so on its ads screen and counts 0 in the ad groups list;
/// one whose ads were never listed counts "—" and its screen waits for them.
@Suite("Empty ad group on screen")
struct EmptyAdGroupScreenTests {
    static let winterTeaser = "2680060704750"  // third row by name, no ads in the fixture

    /// The fixture with Winter teaser's ads listed (none), while the ads in view are being fetched.
    static func snapshot(known: Bool) -> Snapshot {
        var snapshot = Fixture.snapshot()
        if known { snapshot.adBriefs[winterTeaser] = AdBriefs() }
        snapshot.collections[.adsInView] = CollectionStatus(lastFetched: Fixture.now, isFetching: true)
        return snapshot
    }

    @Test("a known-empty ad group: Ads 0 in the list, and its screen says there are no ads while a refresh runs")
    func knownEmpty() {
        var state = Fixture.state(width: 120, height: 40, snapshot: Self.snapshot(known: true))
        let row = state.screenText.first { $0.contains("Winter teaser") } ?? ""
        #expect(row.hasSuffix(" 0"), "\(row)")
        state.press(.char("j"), .char("j"))
        #expect(state.selectedID == Self.winterTeaser)
        state.press(.enter)
        #expect(state.screen == .ads(adGroupID: Self.winterTeaser))
        #expect(state.screenText.contains { $0.contains("No ads in this ad group") })
        // Opened, its (empty) ads arrive: still the same line, and the count stays 0.
        var snapshot = Self.snapshot(known: true)
        snapshot.adsByAdGroup[Self.winterTeaser] = []
        _ = update(&state, .snapshotArrived(snapshot, []))
        #expect(state.screenText.contains { $0.contains("No ads in this ad group") })
        state.press(.escape)
        #expect((state.screenText.first { $0.contains("Winter teaser") } ?? "").hasSuffix(" 0"))
    }

    @Test("ads never listed: Ads — in the list, and its screen is loading")
    func unknown() {
        var state = Fixture.state(width: 120, height: 40, snapshot: Self.snapshot(known: false))
        let row = state.screenText.first { $0.contains("Winter teaser") } ?? ""
        #expect(row.hasSuffix(" —"), "\(row)")
        state.press(.char("j"), .char("j"), .enter)
        #expect(state.screenText.contains { $0.contains("Loading ads…") })
    }
}
