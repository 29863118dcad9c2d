import Dashboard
import Foundation
import ScreenGrid
import Testing

/// Names as hyperlinks to Ads Manager, carried by the grid as spans.
@Suite("Hyperlinks")
struct HyperlinkTests {
    @Test("with hyperlinks on, each visible name links to its Ads Manager page; off, nothing does")
    func names() throws {
        var state = Fixture.state()
        #expect(render(state, width: 120, height: 40).links.isEmpty)
        state.hyperlinks = true
        let grid = render(state, width: 120, height: 40)
        #expect(grid.links.count == state.snapshot.adGroups.count)
        let first = try #require(grid.links.first)
        #expect(first.url == "https://ads.pinterest.com/advertiser/549755885175/reporting/adgroups/?adGroupIds=%5B2680060704746%5D")
        let text = (first.x..<first.x + first.width).map { grid[$0, first.y].text }.joined()
        #expect(text == "Ad Group For Pin: 687195905986", "the span covers the name, not the padding")
        state.press(.enter)
        #expect(render(state, width: 120, height: 40).links.map(\.url).allSatisfy { $0.contains("/reporting/ads/?pinPromotionIds=") })
    }

    @Test("a rejected ad's reasons link to Pinterest's advertising guidelines")
    func reasons() throws {
        var state = Fixture.state()
        state.hyperlinks = true
        state.press(.enter, .down, .down, .tab)  // the Summer Sale ad, rejected (third by name)
        let grid = render(state, width: 120, height: 40)
        let span = try #require(grid.links.first { $0.url == "https://policy.pinterest.com/en/advertising-guidelines" })
        #expect((span.x..<span.x + span.width).map { grid[$0, span.y].text }.joined() == "Landing page broken")
    }

    @Test("before the account arrives, its ad groups name it: y copies the link and the names link")
    func beforeTheAccount() throws {
        // The account list and the ad groups are fetched side by side; the ad groups can be drawn
        // first, and a y pressed then used to copy nothing, silently.
        var snapshot = Fixture.snapshot()
        snapshot.account = nil
        snapshot.accounts = []
        var state = Fixture.state(snapshot: snapshot)
        let link = "https://ads.pinterest.com/advertiser/549755885175/reporting/adgroups/?adGroupIds=%5B2680060704746%5D"
        #expect(state.press(.char("y")) == [.copyToClipboard(link)])
        #expect(state.message?.text == "Copied " + link)
        state.hyperlinks = true
        #expect(render(state, width: 120, height: 40).links.first?.url == link)
    }

    @Test("a link that is not plain http(s) in printable ASCII is left out")
    func unsafe() {
        var grid = CellGrid(width: 20, height: 2)
        grid.link("https://ok.example/a", x: 0, y: 0, width: 5)
        grid.link("https://bad.example/\u{1B}]52;c;AAAA\u{07}", x: 0, y: 1, width: 5)
        grid.link("javascript:alert(1)", x: 0, y: 1, width: 5)
        grid.link("https://ok.example/b", x: 30, y: 1, width: 5)
        #expect(grid.links == [LinkSpan(x: 0, y: 0, width: 5, url: "https://ok.example/a")])
    }
}
