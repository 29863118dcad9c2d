import Foundation
import Testing
@testable import Dashboard

@Suite("Sign-in expiry warning")
struct SignInWarningTests {
    @Test("the header warns in the last week before the refresh token expires, and once it has")
    func warning() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(!state.screenText[0].contains("sign-in"))
        state.signInExpiresAt = state.now.addingTimeInterval(30 * 86_400)
        #expect(!state.screenText[0].contains("sign-in"), "a month ahead is no news")
        state.signInExpiresAt = state.now.addingTimeInterval(3 * 86_400 + 60)
        #expect(state.screenText[0].contains("sign-in expires in 3 days: run pinwatch login"), "\(state.screenText[0])")
        state.signInExpiresAt = state.now.addingTimeInterval(-60)
        #expect(state.screenText[0].contains("sign-in expired: run pinwatch login"), "\(state.screenText[0])")
    }
}
