import AdsCache
@testable import Dashboard
import Testing

/// The header of a dashboard that shows another Pinwatch process's fetches.
@Suite("Header when following")
struct FollowingHeaderTests {
    @Test("a follower's header names the leader's pid (or says another Pinwatch); a leader's says nothing",
          arguments: [(Following(leaderPID: 1234), "following pid 1234"),
                      (Following(leaderPID: nil), "following another Pinwatch"),
                      (nil, nil)] as [(Following?, String?)])
    func followingInHeader(following: Following?, expected: String?) {
        var snapshot = Fixture.snapshot()
        snapshot.following = following
        let header = Fixture.state(snapshot: snapshot).screenText.prefix(2).joined(separator: "\n")
        if let expected {
            #expect(header.contains(expected), "\(header)")
        } else {
            #expect(!header.contains("following"), "\(header)")
        }
    }
}
