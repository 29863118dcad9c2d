import Dashboard
import Foundation
import Testing
@testable import pinwatch

/// The columns chosen in the dashboard, saved to `[columns]` of config.toml and read back.
@Suite("Columns in config.toml")
struct ColumnsConfigTests {
    let path = "/home/u/.config/pinwatch/config.toml"

    @Test("saving keeps every other line, replaces [columns], and reads back the same")
    func roundTrip() throws {
        let original = """
            account = "549755885175"
            reporting_time_zone = "America/New_York"

            [columns]
            ads = ["Name", "Status"]

            [refresh]
            ad_groups = 10
            """
        let chosen: [TableKind: [String]] = [.adGroups: ["Name", "Spend", "ROAS", "Pace"],
                                             .campaigns: ["Name", "Say \"hi\"\\ok"]]
        let text = ColumnsConfig.updated(original, columns: chosen)
        let config = try PinwatchConfig.parse(text, path: path)
        #expect(config.columns == chosen)
        #expect(config.account == "549755885175")
        #expect(config.refresh.adGroups == 10, "the table after [columns] is kept")
        #expect(config.reportingTimeZone?.identifier == "America/New_York")
        #expect(text.components(separatedBy: "[columns]").count == 2, "one [columns] table")
        #expect(ColumnsConfig.updated(text, columns: chosen) == text, "saving again changes nothing")
    }

    @Test("a file is written atomically with its mode kept; a new one is 0600")
    func save() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("columns-\(UUID().uuidString)")
        let file = directory.appendingPathComponent("pinwatch/config.toml").path
        try ColumnsConfig.save([.ads: ["Name", "CTR"]], path: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try PinwatchConfig.load(path: file, explicit: true).columns == [.ads: ["Name", "CTR"]])
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        try ColumnsConfig.save([.ads: ["Name"]], path: file)
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o640)
        #expect(try PinwatchConfig.load(path: file, explicit: true).columns == [.ads: ["Name"]])
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("an unknown time zone or a list of non-strings names the line's key")
    func mistakes() {
        #expect(throws: UserError.self) { try PinwatchConfig.parse("reporting_time_zone = \"Mars/Olympus\"", path: path) }
        #expect(throws: UserError.self) { try PinwatchConfig.parse("[columns]\nads = [1, 2]", path: path) }
        #expect(throws: UserError.self) { try PinwatchConfig.parse("[columns]\nwidgets = [\"Name\"]", path: path) }
    }
}
