@testable import Dashboard
import PinterestAds
import ScreenGrid
import Testing

/// Names and money that fit narrow columns and still tell rows apart.
@Suite("Compact text")
struct CompactTextTests {
    @Test("an ad's name without the words its ad group's name starts with")
    func distinctPart() {
        let group = "Hiking boots — Prospecting"
        #expect(Format.distinctPart(of: "Hiking boots — Prospecting · Video B", from: group, ellipsis: "…") == "… Video B")
        #expect(Format.distinctPart(of: "Hiking boots — Prospecting", from: group, ellipsis: "…") == "Hiking boots — Prospecting",
                "nothing would be left")
        #expect(Format.distinctPart(of: "Hiking poles", from: group, ellipsis: "…") == "Hiking poles", "little shared")
        #expect(Format.distinctPart(of: "Hiking boots — Prospector set", from: group, ellipsis: "…") == "… Prospector set",
                "cut at a word, not inside one")
    }

    @Test("a name too wide is cut in the middle, by display width, never inside a character")
    func cutMiddle() {
        let cut = Format.cutMiddle("Hiking boots — Prospecting · US", toWidth: 20, ellipsis: "…")
        #expect(DisplayWidth.of(cut) <= 20)
        #expect(cut == "Hiking boots …g · US")
        let wide = Format.cutMiddle("東京 キャンペーン 秋のセール 🎉", toWidth: 13, ellipsis: "…")
        #expect(DisplayWidth.of(wide) <= 13 && wide.hasSuffix("🎉"))
        #expect(Format.cutMiddle("Short", toWidth: 20, ellipsis: "…") == "Short")
    }

    @Test("money in the shortest honest form", arguments: [
        (5_000_000, "$5.00"), (12_345_000, "$12.35"), (461_000_000, "$461"), (999_400_000, "$999"),
        (1_234_000_000, "$1.2k"), (46_000_000_000, "$46k"), (3_400_000_000_000, "$3.4M"), (-1_500_000_000, "-$1.5k"),
    ])
    func shortMoney(_ micros: Int, _ text: String) {
        #expect(MoneyFormatter(currency: Currency(rawValue: "USD")).formatShort(micros: micros) == text)
    }
}
