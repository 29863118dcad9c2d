import AdsCache
import Foundation
import MetricsExport
import PinterestAds
import PinwatchTestSupport
import Testing

@Suite("Label values from the API")
struct HostileLabelTests {
    static let hostile = "Spring \u{1B}]52;c;ZXZpbA==\u{07}sale\u{1B}[2J \"quoted\" back\\slash\nnext line \u{202E}txet\u{9B}31m"

    func text(name: String) -> String {
        var snapshot = Sample.snapshot()
        snapshot.adGroups = [Sample.adGroup("g1", name: name)]
        return PrometheusText.render(SnapshotMetrics.series(of: snapshot, accountID: Sample.accountID,
                                                            now: Sample.now, startedAt: Sample.now))
    }

    @Test("Escape sequences, controls and bidi overrides in a name reach the text only as harmless characters")
    func sanitized() throws {
        let output = text(name: Self.hostile)
        for scalar in output.unicodeScalars {
            let value = scalar.value
            #expect(value == 0x0A || (value >= 0x20 && value != 0x7F && !(0x80...0x9F).contains(value)),
                    "U+\(String(value, radix: 16)) in the output")
            #expect(![0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(value))
        }
        let exposition = try Exposition(output)
        let name = try #require(exposition.samples("pinwatch_ad_group_info").first?.labels["name"])
        #expect(name.contains("␛]52;c;ZXZpbA==␇sale␛[2J \"quoted\" back\\slash next line"))
        #expect(!name.contains("\n"), "a label value is one line")
    }

    @Test("A long name is cut to LabelValue.maximumWidth columns, ending in an ellipsis")
    func long() throws {
        let exposition = try Exposition(text(name: String(repeating: "x", count: 5_000)))
        let name = try #require(exposition.samples("pinwatch_ad_group_info").first?.labels["name"])
        #expect(name.count == LabelValue.maximumWidth && name.hasSuffix("…"))
    }

    @Test("Every line of the output is HELP, TYPE or one well-formed sample")
    func wellFormed() throws {
        let output = text(name: Self.hostile)
        let exposition = try Exposition(output)
        let lines = output.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == exposition.samples.count)
    }
}
