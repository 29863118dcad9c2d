import AdsCache
import Dashboard
import Foundation
import PinterestAds
import ScreenGrid
import Testing

/// Every screen rendered at three sizes, compared with golden text files.
@Suite("Golden renders")
struct GoldenRenderTests {
    static let sizes = [(80, 24), (120, 40), (40, 12)]

    /// Screens by name, each a way to get there from the fixture state.
    static let screens: [(String, @Sendable (inout AppState) -> Void)] = [
        ("adgroups", { _ in }),
        ("ads", { $0.press(.enter) }),
        ("detail", { $0.press(.tab) }),
        ("ad-detail", { $0.press(.enter, .tab) }),
        ("campaigns", { $0.press(.char("c")) }),
        ("events", { $0.press(.char("e")) }),
        ("help", { $0.press(.char("?")) }),
        ("confirm", { $0.press(.char(" "), .char(" "), .char(" "), .char("p")) }),
        ("filter", { $0.press(.char("/")); $0.type("paused") }),
        ("filter-empty", { $0.press(.char("/")); $0.type("xyz"); $0.press(.enter) }),
        ("offline", { state in
            var snapshot = Fixture.snapshot()
            snapshot.cachedAt = Fixture.now.addingTimeInterval(-14 * 60)
            _ = update(&state, .snapshotArrived(snapshot, []))
        }),
        ("refresh-failed", { state in
            var snapshot = Fixture.snapshot()
            snapshot.collections[.adGroups]?.lastError = "HTTP 503 from api.pinterest.com"
            snapshot.collections[.adGroups]?.lastFetched = Fixture.now.addingTimeInterval(-180)
            _ = update(&state, .snapshotArrived(snapshot, []))
        }),
        ("rate-limited", { state in
            var snapshot = Fixture.snapshot()
            snapshot.rateLimitedUntil = Fixture.now.addingTimeInterval(169)
            snapshot.collections[.analytics] = CollectionStatus(isFetching: true)
            _ = update(&state, .snapshotArrived(snapshot, []))
        }),
        ("loading", { state in
            _ = update(&state, .snapshotArrived(Snapshot(collections: [.adGroups: CollectionStatus(isFetching: true)]), []))
        }),
        ("empty-account", { state in
            _ = update(&state, .snapshotArrived(Snapshot(account: Fixture.account,
                                                         collections: [.adGroups: CollectionStatus(lastFetched: Fixture.now)]), []))
        }),
        ("range-7d", { $0.press(.char("m"), .char("m")) }),
        ("campaigns-30d", { $0.press(.char("c"), .char("m"), .char("m"), .char("m")) }),
        ("ads-yesterday", { $0.press(.enter, .char("m")) }),
        ("campaign-detail", { $0.press(.char("c"), .tab) }),
        ("chooser", { $0.press(.char("o"), .char("j"), .char("j"), .char("j"), .char(" ")) }),
        ("chooser-sorted", { $0.press(.char("o"), .end, .char("k"), .char("s"), .char("s")) }),
        ("columns-chosen", { $0.press(.char("o"), .char("j"), .char(" "), .char("j"), .char("j"), .char(" "), .escape) }),
        ("read-only", { state in
            state.readOnly = true
            state.press(.char("p"))
        }),
    ]

    @Test("every screen at 80x24, 120x40 and 40x12", arguments: screens.indices)
    func screen(_ index: Int) {
        let (name, setUp) = Self.screens[index]
        for (width, height) in Self.sizes {
            var state = Fixture.state(width: width, height: height)
            setUp(&state)
            Golden.check(render(state, width: width, height: height), "\(name)-\(width)x\(height)")
        }
    }

    @Test("ASCII glyphs: borders, sparkline, ellipsis, spinner")
    func ascii() {
        var state = Fixture.state(width: 120, height: 40, glyphs: .ascii)
        var snapshot = Fixture.snapshot()
        snapshot.collections[.adGroups]?.isFetching = true
        _ = update(&state, .snapshotArrived(snapshot, []))
        state.message = nil
        Golden.check(render(state, width: 120, height: 40), "adgroups-ascii-120x40")
        state.press(.tab)
        Golden.check(render(state, width: 120, height: 40), "detail-ascii-120x40")
        let text = render(state, width: 120, height: 40).textLines().joined()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test("too small below 60x15")
    func tooSmall() {
        let state = Fixture.state(width: 59, height: 15)
        let lines = render(state, width: 59, height: 15).textLines()
        #expect(lines.contains { $0.contains("terminal too small (need 60x15)") })
        let fits = render(state, width: 60, height: 15).textLines()
        #expect(!fits.contains { $0.contains("terminal too small") })
    }
}

@Suite("Golden file format")
struct GoldenFormatTests {
    @Test("each role has its own letter")
    func distinctLetters() {
        let letters = StyleRole.allCases.map(Golden.letter)
        #expect(Set(letters).count == StyleRole.allCases.count)
    }

    @Test("a cell drawn with another role changes the golden, its text alone does not hide it")
    func roleChangeShows() {
        let state = Fixture.state(width: 80, height: 24)
        let grid = render(state, width: 80, height: 24)
        var recoloured = grid
        recoloured[3, 2].role = grid[3, 2].role == .warning ? .error : .warning
        #expect(recoloured.textLines() == grid.textLines())
        #expect(Golden.file(recoloured) != Golden.file(grid))
    }

    @Test("the roles layer lines up with the text: one letter per column, legend names each letter")
    func layout() {
        let state = Fixture.state(width: 40, height: 12)
        let grid = render(state, width: 40, height: 12)
        let lines = Golden.file(grid).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[12] == Golden.rolesHeading)
        let roles = lines[13..<25]
        #expect(roles.allSatisfy { $0.count == 40 })
        #expect(lines[25] == Golden.legendHeading)
        let legend = Set(lines[26...].filter { !$0.isEmpty }.compactMap(\.first))
        #expect(legend == Set(roles.joined()))
    }
}
