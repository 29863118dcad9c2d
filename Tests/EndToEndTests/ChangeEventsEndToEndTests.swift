import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// Change events on screen, against a sandbox holding the demo's two accounts: what changes
    /// reaches the message line and the events pane, also after `A` switches accounts.
    @Suite("Change events in a terminal")
    struct ChangeEventsEndToEndTests {
        static let primary = DemoData.primaryAccountID
        static let secondary = DemoData.secondaryAccountID

        /// An ad of `account` not rejected yet, and the name of its ad group (one that starts with
        /// plain ASCII, so the screen shows it as the data spells it).
        static func ad(of account: String, in sandbox: RunningSandbox) async throws -> (ad: String, group: String) {
            let data = await sandbox.store.snapshot()
            let groups = Dictionary(data.adGroups.map { ($0.id, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
            let ad = try #require(data.ads.first { ad in
                ad.adAccountId == account && ad.reviewStatus != .rejected
                    && (groups[ad.adGroupId ?? ""] ?? "").prefix(14).allSatisfy { $0.isASCII && !$0.isWhitespace || $0 == " " }
                    && (groups[ad.adGroupId ?? ""] ?? "").count >= 14
            })
            return (ad.id, groups[ad.adGroupId ?? ""] ?? "")
        }

        /// Rejects the ad `id` in the sandbox for `reason`.
        static func reject(_ id: String, for reason: RejectedReason, in sandbox: RunningSandbox) async {
            await sandbox.store.mutate { data in
                guard let index = data.ads.firstIndex(where: { $0.id == id }) else { return }
                data.ads[index].reviewStatus = .rejected
                data.ads[index].rejectedReasons = [reason]
            }
        }

        /// Waits until the ad groups table shows the ads of the ad group named `group` counted
        /// (so the whole-account ads listing came, and the next one reports what changes).
        static func waitForAdCounts(_ run: DashboardRun, group: String) async throws {
            let prefix = String(group.prefix(14))
            try await run.tmux.waitFor(timeout: 40, "the ads of '\(prefix)' counted") { screen in
                guard let row = Screen.line(containing: prefix, in: screen) else { return false }
                return row.trimmingCharacters(in: .whitespaces).last?.isNumber == true
                    || row.trimmingCharacters(in: .whitespaces).hasSuffix(")")
            }
        }

        @Test("after A to the other account, that account's rejection reaches the message line and the events pane, alone")
        func switchShowsNewAccountsRejection() async throws {
            try await DashboardEndToEndTests().withDashboard { sandbox, run in
                try await run.waitForAdGroups()

                // The first account reports a change first, so its store has numbered events.
                let first = try await Self.ad(of: Self.primary, in: sandbox)
                try await Self.waitForAdCounts(run, group: first.group)
                await Self.reject(first.ad, for: .weightLoss, in: sandbox)
                try await run.tmux.waitFor(timeout: 40, "the first account's rejection") {
                    $0.contains("rejected: Weight loss")
                }

                try await run.tmux.send("A")
                try await run.tmux.waitFor(timeout: 20, "the account list") { $0.contains(Self.secondary) }
                try await run.filter(Self.secondary)
                try await run.tmux.send("Enter")
                let second = try await Self.ad(of: Self.secondary, in: sandbox)
                try await run.tmux.waitFor(timeout: 40, "the other account's ad groups") {
                    $0.contains("(\(Self.secondary))") && $0.contains(String(second.group.prefix(14)))
                }
                try await Self.waitForAdCounts(run, group: second.group)

                await Self.reject(second.ad, for: .clickbait, in: sandbox)
                let screen = try await run.tmux.waitFor(timeout: 40, "the other account's rejection in the message line") {
                    $0.contains("rejected: Clickbait")
                }
                #expect(screen.contains("(\(Self.secondary))"))

                try await run.tmux.send("e")
                let events = try await run.tmux.waitFor(timeout: 20, "the events pane") { $0.contains("Events (newest first)") }
                #expect(events.contains("rejected: Clickbait"), "the new account's rejection is in the pane:\n\(events)")
                #expect(!events.contains("Weight loss"), "the first account's events are not mixed in:\n\(events)")
            }
        }

        @Test("a refresh that sends ads to review and rejects one: the message line names the rejection and keeps it")
        func rejectionHeadsTheMessageLine() async throws {
            try await DashboardEndToEndTests().withDashboard { sandbox, run in
                try await run.waitForAdGroups()
                let some = try await Self.ad(of: Self.primary, in: sandbox)
                try await Self.waitForAdCounts(run, group: some.group)
                // One change of the sandbox, so one refresh sees it all, in one ad group: its first
                // ad rejected, the ads listed after it back in review (news, but not bad news). The
                // rejection is so not the newest event of the batch.
                await sandbox.store.mutate { data in
                    guard let group = data.ads.first(where: { $0.id == some.ad })?.adGroupId else { return }
                    let indices = data.ads.indices.filter { data.ads[$0].adGroupId == group }
                    guard let first = indices.first else { return }
                    data.ads[first].reviewStatus = .rejected
                    data.ads[first].rejectedReasons = [.landingPageBroken]
                    for index in indices.dropFirst() {
                        data.ads[index].reviewStatus = data.ads[index].reviewStatus == .pending ? .approved : .pending
                        data.ads[index].rejectedReasons = nil
                    }
                }
                let screen = try await run.tmux.waitFor(timeout: 40, "the rejection in the message line") {
                    $0.contains("Landing page broken")
                }
                #expect(screen.contains("  (+"), "the others are counted:\n\(screen)")
                // An ordinary message clears after 5 s; this one waits for a key. Watch it for 7 s.
                let watchUntil = Date().addingTimeInterval(7)
                while Date() < watchUntil {
                    let now = try await run.tmux.capture()
                    #expect(now.contains("Landing page broken"), "the rejection left the message line:\n\(now)")
                    if !now.contains("Landing page broken") { break }
                    try await Task.sleep(for: .milliseconds(500))
                }
                try await run.tmux.send("j")
                try await run.tmux.waitFor(timeout: 10, "the message cleared by a key") {
                    !$0.contains("Landing page broken")
                }
            }
        }
    }
}
