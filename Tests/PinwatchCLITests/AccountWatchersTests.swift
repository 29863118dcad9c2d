import AdsCache
import Dashboard
import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Synchronization
import Terminal
import Testing
@testable import pinwatch

/// The accounts not on screen, refreshed in the background for the overview and the wall, against
/// a sandbox over HTTP.
@Suite("Accounts watched in the background", .tags(.sandbox))
struct AccountWatchersTests {
    /// Engines opened by the watchers, by account id, in order.
    final class Opened: Sendable {
        let ids = Mutex<[String]>([])
    }

    /// The health reports in `inbox`, by account id (the last of each).
    static func reports(_ inbox: Inbox) -> [String: AccountHealth] {
        var result: [String: AccountHealth] = [:]
        for event in inbox.drain() {
            if case .accountHealthArrived(let health) = event { result[health.accountID] = health }
        }
        return result
    }

    @Test("every account but the one on screen gets an engine; its health matches the API's data; a switch swaps them")
    func watchesOthers() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { await sandbox.stop() } }
        let client = PinterestClient(baseURL: sandbox.baseURL, credentials: Credentials(accessToken: SandboxHarness.token))
        let opened = Opened()
        let inbox = Inbox(wake: try WakeSignal())
        let primary = DemoData.primaryAccountID, secondary = DemoData.secondaryAccountID
        let watchers = AccountWatchers(inbox: inbox, onScreen: primary) { id in
            opened.ids.withLock { $0.append(id) }
            let store = SnapshotStore()
            let slow = Session.otherAccountsRefresh(seconds: Session.defaultOtherAccountsSeconds)
            return AccountConnection(engine: AdsEngine(api: client, accountID: id, store: store, cache: nil,
                                                       configuration: slow, audit: nil, readOnly: true),
                                     store: store)
        }
        watchers.watch([primary, secondary])
        #expect(watchers.watchedIDs == [secondary], "the account on screen has its own engine")

        var health: AccountHealth?
        var last: AccountHealth?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let report = Self.reports(inbox)[secondary] { last = report }
            if let report = last, report.isLoaded, report.dataAsOf != nil,
               report.adsRejected + report.adsPendingReview > 0 {
                health = report
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let report = try #require(health, "a loaded report of \(secondary); the last: \(String(describing: last))")
        let data = await sandbox.store.snapshot()
        let groups = data.adGroups.filter { $0.adAccountId == secondary }
        let groupIDs = Set(groups.map(\.id))
        let ads = data.ads.filter { $0.adGroupId.map(groupIDs.contains) ?? false }
        #expect(report.account?.name == "Maison Lumière — Paris")
        #expect(report.adGroupsRunning == groups.count { $0.summaryStatus == .running })
        #expect(report.adGroupsPaused == groups.count { $0.status == .paused })
        #expect(report.adsRejected == ads.count { $0.reviewStatus == .rejected })
        #expect(report.adsPendingReview == ads.count { $0.reviewStatus == .pending })
        #expect(!(await sandbox.store.requests(method: "GET").contains {
            $0.path.contains("/ad_accounts/\(primary)/")
        }), "nothing of the account on screen is fetched here")

        watchers.onScreenChanged(to: secondary)
        #expect(watchers.watchedIDs == [primary], "after a switch, the account left is the one watched")
        watchers.close()
        #expect(watchers.watchedIDs.isEmpty)
        #expect(opened.ids.withLock { $0 } == [secondary, primary])
    }
}
