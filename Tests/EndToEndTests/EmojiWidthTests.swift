import Foundation
import Testing

extension EndToEnd {
    /// Names with an emoji variation selector, as tmux shows them.
    @Suite("Emoji in names")
    struct EmojiWidthTests {
        @Test("“Summer Sale ☀️ · …” shows with one space after the sun, as typed")
        func selectorAddsNoSpace() async throws {
            let shell = try await ShellSession(width: 120, height: 40)
            try await shell.startPinwatch(["--demo"])
            let screen = try await shell.waitForAdGroups()
            #expect(screen.contains("Summer Sale ☀ · "), "\(screen)")
            #expect(!screen.contains("☀  "), "a space too many after ☀:\n\(screen)")
            #expect(!screen.contains("❄  "), "a space too many after ❄:\n\(screen)")
            try await shell.quitPinwatch()
        }
    }
}
