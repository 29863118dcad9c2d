import ArgumentParser
import Dashboard
import Foundation

/// `pinwatch themes`: the themes Pinwatch can find, and where.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes found and where they are.",
        discussion: "Themes are TOML files; put your own in $XDG_CONFIG_HOME/pinwatch/themes/ or pass --theme PATH.")

    /// Accepted as on every other command, so `--demo` can be added to any of them; themes are local
    /// files, and `--demo` uses the same ones.
    @Flag(help: "Accepted as on every command; the demo uses the same themes, so the list is the same.")
    var demo = false

    func run() throws {
        let catalog = ThemeCatalog(directories: ThemeCatalog.standardDirectories(environment: ProcessInfo.processInfo.environment))
        let themes = catalog.list()
        if themes.isEmpty {
            print("default  (built in)")
            return
        }
        let width = themes.map(\.name.count).max() ?? 0
        for theme in themes {
            print(theme.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + theme.path)
        }
        print("\nSearched: " + catalog.directories.joined(separator: ", "))
    }
}
