import ScreenGrid
import Testing
@testable import Terminal

@Test func capabilityFollowsWhatTheTerminalOffers() {
    let roles = StyleRole.allCases.count
    #expect(ColorCapability.detect(hasColors: true, colors: 256, colorPairs: 65536, defaultColors: true, noColor: false, roles: roles)
            == .extended(defaultColors: true))
    #expect(ColorCapability.detect(hasColors: true, colors: 8, colorPairs: 64, defaultColors: false, noColor: false, roles: roles)
            == .basic(defaultColors: false))
    #expect(ColorCapability.detect(hasColors: true, colors: 256, colorPairs: 65536, defaultColors: true, noColor: true, roles: roles)
            == .monochrome)
    #expect(ColorCapability.detect(hasColors: false, colors: 0, colorPairs: 0, defaultColors: false, noColor: false, roles: roles)
            == .monochrome)
    #expect(ColorCapability.detect(hasColors: true, colors: 8, colorPairs: 8, defaultColors: true, noColor: false, roles: roles)
            == .monochrome)
}

@Test func colourThemeMapsTo256And8() {
    let theme = Theme.builtinDefault
    let extended = StylePlanner.plan(theme: theme, capability: .extended(defaultColors: true))
    #expect(extended[.header] == PlannedStyle(fg: 231, bg: 24, attributes: .bold))
    #expect(extended[.normal] == PlannedStyle(fg: -1, bg: -1, attributes: []))
    let basic = StylePlanner.plan(theme: theme, capability: .basic(defaultColors: true))
    #expect(basic[.statusRunning]?.fg == 2)
    #expect(basic[.reviewRejected]?.fg == 1)
    #expect(basic[.selected]?.bg == 4)
    let noDefaults = StylePlanner.plan(theme: theme, capability: .basic(defaultColors: false))
    #expect(noDefaults[.normal] == PlannedStyle(fg: 7, bg: 0, attributes: []))
}

@Test func basicColoursNeverHideTextInItsBackground() {
    // 252 on 255: both become white on an 8-colour terminal.
    let style = TextStyle(fg: .indexed(252), bg: .indexed(255))
    let planned = StylePlanner.plan(style, role: .dialog, capability: .basic(defaultColors: true))
    #expect(planned.fg != planned.bg)
}

@Test func monochromeKeepsMeaningVisible() {
    // A theme that relies on colour alone still shows selection and statuses without colour.
    let colourOnly = Theme(name: "c", styles: Dictionary(uniqueKeysWithValues: StyleRole.allCases.map {
        ($0, TextStyle(fg: .named(.red), bg: .named(.blue)))
    }))
    let plan = StylePlanner.plan(theme: colourOnly, capability: .monochrome)
    #expect(plan[.selected]?.attributes.contains(.reverse) == true)
    #expect(plan[.header]?.attributes.contains(.reverse) == true)
    #expect(plan[.reviewRejected]?.attributes == [.bold, .underline])
    #expect(plan[.statusCompleted]?.attributes.contains(.dim) == true)
    #expect(plan[.normal] == PlannedStyle(fg: -1, bg: -1, attributes: []))
    #expect(plan[.selected] != plan[.markedSelected])
    #expect(plan[.marked] != plan[.normal])
    for role in StyleRole.allCases { #expect(plan[role]?.fg == -1 && plan[role]?.bg == -1) }
}

@Test func greyTextOnDefaultBackgroundStaysVisibleWithEightColours() {
    let border = StylePlanner.plan(TextStyle(fg: .indexed(240)), role: .border, capability: .basic(defaultColors: true))
    #expect(border.fg == -1)
    let black = StylePlanner.plan(TextStyle(fg: .named(.black)), role: .border, capability: .basic(defaultColors: true))
    #expect(black.fg == 0)
    let onBlue = StylePlanner.plan(TextStyle(fg: .indexed(231), bg: .indexed(24)), role: .header, capability: .basic(defaultColors: true))
    #expect(onBlue.fg == 7)
}
