import Testing
@testable import Dashboard

private func loadError(_ source: String, file: String = "Themes/broken.toml") -> ThemeLoadError? {
    do {
        _ = try ThemeParser.parse(source, file: file)
        return nil
    } catch {
        return error
    }
}

@Test func badColourNamesFileLineAndKey() {
    let error = loadError("""
        # A theme with a typo
        name = "broken"

        [roles.normal]
        fg = "default"
        [roles.header]
        fg = "purpleish"
        bg = 24
        """)
    #expect(error?.description == #"Themes/broken.toml:7: roles.header.fg: "purpleish" is not a colour (use a name, 0-255 or #rrggbb)"#)
}

@Test func badColourInInlineTableNamesItsLine() {
    let error = loadError("""
        [roles]
        normal = { fg = "white" }
        header = { fg = "white", bg = 300 }
        """)
    #expect(error?.line == 3)
    #expect(error?.key == "roles.header.bg")
}

@Test func unknownRoleIsAnError() {
    let error = loadError("""
        name = "x"
        [roles.normal]
        bold = true
        [roles.heder]
        bold = true
        """)
    #expect(error?.line == 4)
    #expect(error?.key == "roles.heder")
    #expect(error?.message.hasPrefix("unknown role") == true)
}

@Test func unknownKeyInsideRoleIsAnError() {
    let error = loadError("""
        [roles.selected]
        reverse = true
        blink = true
        """)
    #expect(error?.line == 3)
    #expect(error?.key == "roles.selected.blink")
}

@Test func unknownTopLevelKeyAndWrongTypes() {
    #expect(loadError("colour = 1\n")?.key == "colour")
    #expect(loadError("[roles.normal]\nbold = \"yes\"\n")?.description == "Themes/broken.toml:2: roles.normal.bold: expected true or false")
    #expect(loadError("[roles]\nnormal = 3\n")?.key == "roles.normal")
    #expect(loadError("name = 5\n")?.line == 1)
}

@Test func syntaxErrorReportsLineAndColumn() {
    let error = loadError("""
        name = "x"
        [roles.normal]
        fg = "white
        """)
    #expect(error?.line == 3)
    #expect(error?.column != nil)
    #expect(error?.description.hasPrefix("Themes/broken.toml:3:") == true)
    #expect(error?.message.hasPrefix("syntax error") == true)
}
