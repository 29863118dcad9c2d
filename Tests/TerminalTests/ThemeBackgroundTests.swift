@testable import Dashboard
import Foundation
@testable import ScreenGrid
import Testing
@testable import Terminal

/// Themes that set a background paint every role on it.
@Suite("Theme backgrounds")
struct ThemeBackgroundTests {
    static let themes = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    /// WCAG relative luminance of an xterm-256 colour.
    static func luminance(_ index: Int) -> Double {
        let (r, g, b) = Palette.rgb(ofIndex: index)
        func channel(_ value: Int) -> Double {
            let c = Double(value) / 255
            return c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG contrast ratio between two xterm-256 colours (1 to 21).
    static func contrast(_ a: Int, _ b: Int) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("the light theme sets its own background under every role, column headers readable on it")
    func lightThemeSetsItsBackground() throws {
        let theme = try ThemeCatalog.load(path: Self.themes + "/light.toml")
        let plan = StylePlanner.plan(theme: theme, capability: .extended(defaultColors: true))
        let onTerminalBackground = StyleRole.allCases.filter { plan[$0]?.bg == -1 }
        #expect(onTerminalBackground.isEmpty, "drawn on the terminal's own (maybe dark) background: \(onTerminalBackground)")
        let header = try #require(plan[.columnHeader])
        #expect(header.bg >= 0 && Self.luminance(header.bg) > 0.5, "a light background under the column headers")
        #expect(Self.contrast(header.fg, header.bg) >= 7, "column headers: \(header.fg) on \(header.bg)")
        for role in [StyleRole.normal, .message, .title, .reviewRejected] {
            let style = try #require(plan[role])
            #expect(Self.contrast(style.fg, style.bg) >= 4.5, "\(role): \(style.fg) on \(style.bg)")
        }
    }

    @Test("a role left at the default colours takes normal's, when the theme sets them")
    func defaultMeansNormal() {
        let theme = Theme(name: "t", styles: [
            .normal: TextStyle(fg: .indexed(235), bg: .indexed(231)),
            .columnHeader: TextStyle(fg: .indexed(25), bold: true),
            .border: TextStyle(bg: .indexed(254)),
        ])
        let plan = StylePlanner.plan(theme: theme, capability: .extended(defaultColors: true))
        #expect(plan[.columnHeader] == PlannedStyle(fg: 25, bg: 231, attributes: .bold))
        #expect(plan[.border] == PlannedStyle(fg: 235, bg: 254, attributes: []))
        // A theme that leaves normal to the terminal leaves the other roles' defaults to it too.
        let plain = StylePlanner.plan(theme: .builtinDefault, capability: .extended(defaultColors: true))
        #expect(plain[.columnHeader]?.bg == -1)
    }
}
