@testable import Dashboard
import ScreenGrid
import Testing

/// A message wider than the screen wraps upward instead of ending in an ellipsis, so a broken
/// theme's list of known roles can be read whole.
@Suite("Long messages")
struct LongMessageTests {
    /// The error `t` or `--theme` reports for a theme with a misspelt role, as the dashboard shows it.
    static func brokenThemeMessage() -> String {
        let file = "/home/someone/.config/pinwatch/themes/mine.toml"
        do {
            _ = try ThemeParser.parse("name = \"mine\"\n[roles]\nhedaer = { fg = \"red\" }\n", file: file)
            return ""
        } catch {
            return "Theme mine: \(error)"
        }
    }

    @Test("a broken theme's message shows every known role", arguments: [(80, 24), (120, 40), (60, 15)])
    func everyRoleReadable(_ size: (Int, Int)) {
        let (width, height) = size
        let text = Self.brokenThemeMessage()
        #expect(text.contains("unknown role"))
        #expect(DisplayWidth.of(text) > 120)
        var state = Fixture.state(width: width, height: height)
        _ = update(&state, .error(text))
        let screen = render(state, width: width, height: height)
        let shown = screen.textLines().joined(separator: "\n")
        let missing = StyleRole.allCases.filter { role in
            !shown.contains(role.rawValue + ",") && !shown.contains(role.rawValue + ")")
        }
        #expect(missing.isEmpty, "not on screen: \(missing.map(\.rawValue))")
        // The whole message, in order, once line breaks are read as spaces.
        let words = { (s: String) in s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(words(shown).contains(words(text)))
        // Drawn in the error role, ending on the message line; the footer stays.
        let messageRow = height - 2
        #expect(screen[0, messageRow].role == .error)
        #expect(screen.textLines()[height - 1].contains("help"))
    }

    @Test("a broken theme's message stays until a key, not five seconds")
    func staysUntilKey() {
        var state = Fixture.state(width: 80, height: 24)
        _ = update(&state, .error(Self.brokenThemeMessage()))
        _ = update(&state, .tick(Fixture.now.addingTimeInterval(Message.lifetime * 4)))
        #expect(state.message?.text.contains("unknown role") == true)
        state.press(.char("j"))
        #expect(state.message == nil)
    }

    @Test("a message that fits stays on one line; the rows above keep the table")
    func shortMessage() {
        var state = Fixture.state(width: 80, height: 24)
        let before = render(state, width: 80, height: 24).textLines()
        _ = update(&state, .error("HTTP 503"))
        let after = render(state, width: 80, height: 24).textLines()
        #expect(after[22].hasPrefix("HTTP 503"))
        #expect(Array(after[0..<22]) == Array(before[0..<22]))
    }

    @Test("wrapping: words whole, each line within the width, nothing lost",
          arguments: [10, 17, 40])
    func wrap(_ width: Int) {
        let text = "Using the default theme: /a/very/long/path/that/does/not/fit/anywhere.toml: 夏のセール roles list"
        let lines = MessageView.wrap(text, width: width)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width })
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        for word in text.split(separator: " ") where DisplayWidth.of(String(word)) <= width {
            #expect(lines.contains { $0.split(separator: " ").contains(word) }, "\(word) is broken")
        }
    }
}
