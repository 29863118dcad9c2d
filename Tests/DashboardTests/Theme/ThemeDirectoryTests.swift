import Dashboard
import Foundation
import Testing

@Suite("Theme directories")
struct ThemeDirectoryTests {
    /// The config file ignored a relative `XDG_CONFIG_HOME` (as the XDG specification says) while the
    /// theme search used it: both now read the same directory.
    @Test("user themes are looked for where the config file is, even with a relative XDG_CONFIG_HOME")
    func userThemesFollowTheConfigDirectory() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-themes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let themes = home.appendingPathComponent(".config/pinwatch/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        for xdg in ["relative", ""] {
            let directories = ThemeCatalog.standardDirectories(
                environment: ["HOME": home.path, "XDG_CONFIG_HOME": xdg], executablePath: nil, currentDirectory: "/")
            #expect(directories.first == themes.path, "XDG_CONFIG_HOME=\(xdg.debugDescription)")
        }
    }
}
