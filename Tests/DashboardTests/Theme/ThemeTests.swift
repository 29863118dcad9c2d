import Foundation
import ScreenGrid
import Testing
@testable import Dashboard

/// The repository's `Themes/` directory.
let themesDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Themes").path

let shippedThemes = ["default", "light", "high-contrast", "monochrome", "solarized-dark"]

@Test(arguments: shippedThemes)
func shippedThemeLoadsAndSetsEveryRole(_ name: String) throws {
    let catalog = ThemeCatalog(directories: [themesDirectory])
    let theme = try catalog.load(nameOrPath: name)
    #expect(theme.name == name)
    #expect(!theme.description.isEmpty)
    let missing = StyleRole.allCases.filter { !theme.sets($0) }
    #expect(missing.isEmpty, "\(name) leaves out \(missing)")
}

@Test func shippedThemesGiveStatusesTheirMeaning() throws {
    let theme = try ThemeCatalog(directories: [themesDirectory]).load(nameOrPath: "default")
    #expect(theme.style(.statusRunning).fg.nearest8() == 2)
    #expect(theme.style(.statusPaused).fg.nearest8() == 3)
    #expect(theme.style(.statusDisabled).fg.nearest8() == 1)
    #expect(theme.style(.reviewApproved).fg.nearest8() == 2)
    #expect(theme.style(.reviewPending).fg.nearest8() == 3)
    #expect(theme.style(.reviewRejected).fg.nearest8() == 1)
    let mono = try ThemeCatalog(directories: [themesDirectory]).load(nameOrPath: "monochrome")
    for role in StyleRole.allCases {
        #expect(mono.style(role).fg == .default && mono.style(role).bg == .default, "\(role) has a colour")
    }
    #expect(mono.style(.selected).reverse)
}

@Test func builtinDefaultMatchesDefaultFile() throws {
    let file = try ThemeCatalog.load(path: themesDirectory + "/default.toml")
    #expect(file == Theme.builtinDefault)
}

@Test func catalogListsAndPrefersEarlierDirectories() throws {
    let user = FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-themes-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: user) }
    try "name = \"mine\"\n[roles.normal]\nfg = 1\n".write(to: user.appendingPathComponent("light.toml"), atomically: true, encoding: .utf8)
    let catalog = ThemeCatalog(directories: [user.path, themesDirectory])
    let list = catalog.list()
    #expect(list.map(\.name) == shippedThemes.sorted())
    #expect(list.first { $0.name == "light" }?.path == user.path + "/light.toml")
    #expect(try catalog.load(nameOrPath: "light").name == "mine")
    #expect(try catalog.load(nameOrPath: themesDirectory + "/light.toml").name == "light")
}

@Test func missingThemeFallsBackOnlyForDefault() throws {
    let catalog = ThemeCatalog(directories: ["/nonexistent-pinwatch"])
    #expect(try catalog.load(nameOrPath: "default") == .builtinDefault)
    #expect(throws: ThemeLoadError.self) { try catalog.load(nameOrPath: "nope") }
    #expect(throws: ThemeLoadError.self) { try catalog.load(nameOrPath: "/nonexistent-pinwatch/x.toml") }
}

@Test func partialThemeFallsBackByRole() throws {
    let theme = try ThemeParser.parse("""
        [roles.normal]
        fg = "white"
        [roles.selected]
        reverse = true
        [roles.header]
        bg = 24
        """, file: "partial.toml")
    #expect(theme.name == "partial")
    #expect(theme.style(.statusRunning) == theme.style(.normal))
    #expect(theme.style(.markedSelected).reverse)
    #expect(theme.style(.marked).bold)
    #expect(theme.style(.marked) != theme.style(.selected))
    #expect(theme.style(.columnHeader).bg == .indexed(24))
    #expect(Theme(name: "empty", styles: [:]).style(.error) == .plain)
}
