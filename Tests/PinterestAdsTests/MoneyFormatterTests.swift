import Testing
@testable import PinterestAds

@Suite("Money formatting")
struct MoneyFormatterTests {
    let usd = MoneyFormatter(currency: .usd)

    @Test func dollars() {
        #expect(usd.format(micros: 5_000_000) == "$5.00")
        #expect(usd.format(micros: 1_234_567_890) == "$1,234.57")
        #expect(usd.format(MicroAmount(micros: 1_000_000_000_000)) == "$1,000,000.00")
    }

    @Test func otherCurrencies() {
        #expect(MoneyFormatter(currency: .eur).format(micros: 5_000_000) == "€5.00")
        #expect(MoneyFormatter(currency: .jpy).format(micros: 1_234_000_000) == "¥1,234")
        #expect(MoneyFormatter(currency: .jpy).format(micros: 1_234_500_000) == "¥1,235")
    }

    @Test func negativeZeroAndRounding() {
        #expect(usd.format(micros: -5_000_000) == "-$5.00")
        #expect(usd.format(micros: -1_234_567_890) == "-$1,234.57")
        #expect(usd.format(micros: 0) == "$0.00")
        #expect(usd.format(micros: 5_000) == "$0.01")  // half a cent rounds up
        #expect(usd.format(micros: 4_999) == "$0.00")
        #expect(usd.format(micros: 9_995_000) == "$10.00")  // carries into the whole part
        #expect(usd.format(micros: -5_000) == "-$0.01")  // half away from zero
    }

    @Test func extremesDoNotCrash() {
        #expect(usd.format(micros: Int.max) == "$9,223,372,036,854.78")
        #expect(usd.format(micros: Int.min) == "-$9,223,372,036,854.78")
    }
}
