import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

/// The real binary in tmux pausing an entity with `p`, `y` while the PATCH misbehaves: the screen
/// never claims a change the sandbox does not have, the audit line says what really happened, a
/// PATCH whose outcome is unknown is never sent again, keys keep answering while it hangs, and
/// once the sandbox heals the same keys pause (or activate) and verify as usual.
@Suite("Action faults, real binary", .tags(.endToEnd))
struct ActionFaultTests {
    /// Something to pause on screen: how to reach its row, and its id in the sandbox.
    struct Target: Sendable {
        let kind: EntityKind
        let id: String
        /// Text of its row (and only its row) once the table is filtered.
        let row: String
        /// The API path segment its PATCH goes to.
        let path: String

        static let adGroup = Target(kind: .adGroup, id: DemoData.seedAdGroupID,
                                    row: "Ad Group For Pin: 687195905986", path: "/ad_groups")
        static let campaign = Target(kind: .campaign, id: DemoData.seedAdGroupCampaignID,
                                     row: "Always-on — Catalog Sales", path: "/campaigns")
        /// Pinterest's sample ad is called "string"; the scenario renames it to find its row.
        static let ad = Target(kind: .ad, id: DemoData.seedAdID, row: "Fault drill ad", path: "/ads")
    }

    /// What the operator must be told.
    enum Verdict: Sendable {
        /// The change did not happen, or cannot be known: failed or unknown, never done.
        case notDone(auditOutcomes: Set<String>)
        /// The change happened and a read-back proved it: reported done, verified.
        case verified
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        let name: String
        let target: Target
        let chaos: ChaosSettings
        /// Whether the sandbox applies the change despite the fault.
        let applied: Bool
        let verdict: Verdict
        /// Text the screen shows as the reason (events pane), and text the audit message holds.
        let screenSays: String
        let auditSays: String
        /// Measure key latency while the PATCH is in flight.
        var probeKeysDuringPatch = false
        /// Seconds the client waits for an answer (`--request-timeout`). Short only where the
        /// sandbox hangs; elsewhere long enough that a loaded machine cannot turn the fault under
        /// test (a reset, a truncated body) into a timeout.
        var requestTimeout = 10
        var testDescription: String { "\(name), \(target.kind.noun(count: 1))" }
    }

    /// Seconds the client waits for an answer where the PATCH hangs: short, so the hang ends soon.
    static let hangTimeout = 3
    static let retryAfter = 3

    /// Chaos on the target's PATCH only.
    static func onPatch(_ target: Target) -> ChaosSettings.Scope { .method("PATCH", pathContains: target.path) }

    /// A PATCH fault while every read of the same entities fails too, so nothing can verify it.
    static func unreadable(_ fault: ChaosSettings.Fault, _ target: Target) -> ChaosSettings {
        ChaosSettings(serverErrors: .init(rate: 1, scope: .method("GET", pathContains: target.path)),
                      faults: [.init(fault, scope: onPatch(target))])
    }

    static let scenarios: [Scenario] = {
        let group = Target.adGroup
        let unknownOrFailed: Verdict = .notDone(auditOutcomes: ["failed", "unknown"])
        return [
            Scenario(name: "5xx on the PATCH", target: group,
                     chaos: ChaosSettings(serverErrors: .init(rate: 1, scope: onPatch(group))),
                     applied: false, verdict: .notDone(auditOutcomes: ["failed"]),
                     screenSays: "Something went wrong", auditSays: "Something went wrong"),
            Scenario(name: "5xx on the PATCH", target: .campaign,
                     chaos: ChaosSettings(serverErrors: .init(rate: 1, scope: onPatch(.campaign))),
                     applied: false, verdict: .notDone(auditOutcomes: ["failed"]),
                     screenSays: "Something went wrong", auditSays: "Something went wrong"),
            Scenario(name: "PATCH never answers", target: group,
                     chaos: ChaosSettings(faults: [.init(.hang, scope: onPatch(group))]),
                     applied: false, verdict: unknownOrFailed,
                     screenSays: "did not answer in time", auditSays: "did not answer in time",
                     probeKeysDuringPatch: true, requestTimeout: hangTimeout),
            Scenario(name: "truncated JSON answer, read-back fails", target: group,
                     chaos: unreadable(.truncatedJSON, group), applied: true,
                     verdict: .notDone(auditOutcomes: ["unknown"]),
                     screenSays: "outcome is unknown", auditSays: "reading it back failed"),
            Scenario(name: "HTML 200 answer, read-back fails", target: group,
                     chaos: unreadable(.htmlBody, group), applied: true,
                     verdict: .notDone(auditOutcomes: ["unknown"]),
                     screenSays: "outcome is unknown", auditSays: "reading it back failed"),
            Scenario(name: "connection reset mid-body, read-back fails", target: group,
                     chaos: unreadable(.connectionReset, group), applied: true,
                     verdict: .notDone(auditOutcomes: ["unknown"]),
                     screenSays: "outcome is unknown", auditSays: "connection to the Pinterest API was lost"),
            Scenario(name: "connection reset mid-body, read-back works", target: .ad,
                     chaos: ChaosSettings(faults: [.init(.connectionReset, scope: onPatch(.ad))]),
                     applied: true, verdict: .verified, screenSays: "paused, verified", auditSays: ""),
            Scenario(name: "429 on the PATCH", target: group,
                     chaos: ChaosSettings(rateLimit: .init(every: 1, retryAfterSeconds: retryAfter, scope: onPatch(group))),
                     applied: false, verdict: .notDone(auditOutcomes: ["failed"]),
                     screenSays: "Rate limited until", auditSays: "Rate limited until"),
            Scenario(name: "200 but the change is not applied", target: group,
                     chaos: ChaosSettings(faults: [.init(.ignoreWrite, scope: onPatch(group))]),
                     applied: false, verdict: .notDone(auditOutcomes: ["unknown"]),
                     screenSays: "still reads back as ACTIVE", auditSays: "still reads back as ACTIVE"),
        ]
    }()

    @Test("the screen and the audit log tell what the sandbox really did; healed, the action works", arguments: scenarios)
    func scenario(_ scenario: Scenario) async throws {
        var options = LiveDashboard.Options()
        options.width = 200  // room for the whole reason in the events pane
        options.arguments = ["--request-timeout", String(scenario.requestTimeout)]
        if scenario.target.kind == .ad {
            var data = DemoData.make(now: Date())
            if let index = data.ads.firstIndex(where: { $0.id == Target.ad.id }) { data.ads[index].name = Target.ad.row }
            options.data = data
        }
        try await LiveDashboard.with(options) { dashboard in
            try await Self.run(scenario, on: dashboard)
        }
    }

    // MARK: - One scenario

    private static func run(_ scenario: Scenario, on dashboard: LiveDashboard) async throws {
        let target = scenario.target
        let store = dashboard.sandbox.store
        try await dashboard.waitForFirstLoad()
        try await select(target, on: dashboard)
        #expect(await status(of: target, in: store) == .active, "the target starts ACTIVE")

        await store.setChaos(scenario.chaos)
        await store.resetLog()
        let noun = target.kind.noun(count: 1)
        try await dashboard.send("p")
        try await dashboard.waitFor("the pause question") { $0.contains("Pause 1 \(noun)? y/N") }
        try await dashboard.send("y")
        let sent = Date()

        var latencies: [Double] = []
        if scenario.probeKeysDuringPatch {
            try await waitForPatch(store)
            latencies = try await dashboard.keyLatencies()
            #expect(await store.requests(method: "PATCH").count == 1)
        }

        // Watch every screen until the outcome shows: none may claim more than the sandbox has.
        let applied = scenario.applied
        let claimsDone = Self.claimsPaused(target)
        let outcome = try await dashboard.waitFor("the outcome of the pause", timeout: 30) { screen in
            if case .notDone = scenario.verdict {
                // Checked on every screen seen, not just the last one.
                if claimsDone(screen) { return true }
                if !applied, showsPaused(screen, target) { return true }
            }
            // The verified report may give way at once to the flash of the row's new summary status.
            return outcomeLine(screen) != nil || (applied && showsPaused(screen, target))
        }
        let took = Date().timeIntervalSince(sent)
        let message = outcomeLine(outcome) ?? ""
        // The report reaches the events pane a moment after the message line: wait for it.
        let events = try await eventsPane(dashboard) { pane in
            switch scenario.verdict {
            case .notDone: pane.split(separator: "\n").contains { $0.contains("not paused: ") && $0.contains(target.row) }
            case .verified: pane.contains(scenario.screenSays)
            }
        }

        let truth = await status(of: target, in: store)
        #expect(truth == (applied ? .paused : .active), "the sandbox has it \(String(describing: truth))")
        let patches = await store.requests(method: "PATCH")
        #expect(patches.count == 1, "the PATCH is sent once and never again: \(patches.count) sent")
        let patchBody = patches.first.map { String(decoding: $0.body, as: UTF8.self) } ?? ""
        #expect(patchBody.contains(target.id), "the PATCH names the target: \(patchBody)")

        let audit = try auditLines(dashboard)
        let line = try #require(audit.first, "an audit line")
        #expect(audit.count == 1, "one audit line per action: \(audit)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let recorded = (entry["outcome"] as? [String: String])?[target.id]
        let auditMessage = (entry["message"] as? [String: String])?[target.id] ?? ""
        #expect((entry["from"] as? [String: String])?[target.id] == "ACTIVE", "the audit says what it was: \(line)")
        #expect(entry["to"] as? String == "PAUSED")
        #expect(!line.contains(LiveDashboard.token), "the audit log holds no token")
        #expect(CacheFiles.permissions(of: dashboard.auditURL) == 0o600)

        switch scenario.verdict {
        case .notDone(let accepted):
            #expect(!claimsDone(outcome), "the screen claims the pause was done:\n\(outcome.text)")
            #expect(applied || !showsPaused(outcome, target), "the row shows PAUSED, the sandbox does not:\n\(outcome.text)")
            #expect(message.contains("failed") || message.contains("not verified:"), "message: \(message)")
            #expect(!events.contains("paused, verified") && !events.contains("action done"), "events: \(events)")
            let failure = events.split(separator: "\n").first { $0.contains("not paused: ") && $0.contains(target.row) }
            #expect(failure?.contains(scenario.screenSays) == true,
                    "the events pane says why (“\(scenario.screenSays)”): \(events)")
            #expect(recorded.map(accepted.contains) == true, "audit outcome \(recorded ?? "none"), want \(accepted)")
            #expect(auditMessage.contains(scenario.auditSays), "audit message: \(auditMessage)")
        case .verified:
            #expect(message.isEmpty || message == "Paused 1 \(noun)" || message.contains("PAUSED"), "message: \(message)")
            #expect(events.contains(scenario.screenSays), "events: \(events)")
            #expect(recorded == "succeeded", "audit: \(line)")
        }
        if scenario.chaos.rateLimit != nil { try await expectSilenceAfterRefusal(store) }

        // Healed: the row shows the sandbox's truth, and the opposite action goes through verified.
        await store.setChaos(.none)
        let healedStart = Date()
        // The dashboard's own Retry-After deadline counts from when the 429 reached it, a moment
        // after the sandbox sent it: act once the header no longer says it waits.
        try await dashboard.waitFor("the row showing the sandbox's status after healing", timeout: 30) { screen in
            !screen.showsStaleMarker && !screen.contains("rate limited until") && rowStatus(screen, target) == truth
        }
        let pauseAgain = truth != .paused
        try await dashboard.send(pauseAgain ? "p" : "a")
        try await dashboard.waitFor("the question") { $0.contains("\(pauseAgain ? "Pause" : "Activate") 1 \(noun)? y/N") }
        try await dashboard.send("y")
        let success = "\(pauseAgain ? "Paused" : "Activated") 1 \(noun)"
        let settled: EntityStatus = pauseAgain ? .paused : .active
        try await dashboard.waitFor("“\(success)”", timeout: 20) { screen in
            outcomeLine(screen) == success || rowStatus(screen, target) == settled
        }
        // The row shows the pending status at once: the action is done when its report is in the
        // events pane (the success message itself clears after 5 s, so a slow poll can miss it).
        let report = (settled == .paused ? "paused" : "activated") + ", verified"
        let healedEvents = try await eventsPane(dashboard) { $0.contains(report) }
        #expect(healedEvents.contains(report), "events: \(healedEvents)")
        let after = await status(of: target, in: store)
        #expect(after == (pauseAgain ? .paused : .active))
        let last = try auditLines(dashboard).last ?? ""
        #expect(last.contains("\"succeeded\""), "the healed action is audited as succeeded: \(last)")

        let keys = latencies.isEmpty ? "" : " | keys during the PATCH: median "
            + Report.ms(latencies.sorted()[latencies.count / 2]) + ", max " + Report.ms(latencies.max() ?? 0)
        if !latencies.isEmpty {
            let median = latencies.sorted()[latencies.count / 2]
            #expect(median < LiveDashboard.keyBudgetMs, "keys took \(median) ms (median) while the PATCH hung")
            #expect((latencies.max() ?? 0) < 3 * LiveDashboard.keyBudgetMs)
        }
        Report.line("action fault=\(scenario.testDescription) | outcome after \(Report.seconds(took)): \(message) "
            + "| sandbox \(truth?.rawValue ?? "?") | audit \(recorded ?? "none"): \(auditMessage.prefix(120)) "
            + "| PATCHes \(patches.count)\(keys) | healed, \(success) verified after "
            + "\(Report.seconds(Date().timeIntervalSince(healedStart)))")
    }

    // MARK: - Screen reading

    /// Filters the table down to the target's row (campaigns: `c` first; ads: drill into the ad group).
    private static func select(_ target: Target, on dashboard: LiveDashboard) async throws {
        switch target.kind {
        case .adGroup:
            try await filter("Ad Group For Pin", on: dashboard)
        case .campaign:
            try await dashboard.send("c")
            try await dashboard.waitFor("the campaigns") { $0.contains(target.row) }
            try await filter("Always-on", on: dashboard)
        case .ad:
            try await filter(DemoData.seedAdAdGroupID, on: dashboard)
            try await dashboard.waitFor("the ad's group alone") { screen in
                !screen.contains("Ad Group For Pin") && screen.lines.count > 4
            }
            try await dashboard.send("Enter")
            try await dashboard.waitFor("the ads of the group") { $0.contains(target.row) }
            try await filter(target.row, on: dashboard)
        }
        try await dashboard.waitFor("the target's row, ACTIVE", timeout: 20) { rowStatus($0, target) == .active }
    }

    private static func filter(_ text: String, on dashboard: LiveDashboard) async throws {
        try await dashboard.send("/")
        try await dashboard.send(text, literal: true)
        try await dashboard.send("Enter")
    }

    /// The target's row.
    static func row(_ screen: Screen, _ target: Target) -> String? {
        screen.lines.dropFirst(2).first { $0.contains(target.row) }
    }

    /// The status the target's row shows, unless a change is pending ("PAUSED…") or it is off screen.
    static func rowStatus(_ screen: Screen, _ target: Target) -> EntityStatus? {
        guard let row = row(screen, target), !row.contains("PAUSED…"), !row.contains("ACTIVE…") else { return nil }
        let words = row.split(separator: " ").map(String.init)
        return [EntityStatus.active, .paused].first { words.contains($0.rawValue) }
    }

    /// Whether the row shows the target PAUSED as settled fact (not the pending "PAUSED…").
    static func showsPaused(_ screen: Screen, _ target: Target) -> Bool {
        rowStatus(screen, target) == .paused
    }

    /// Whether a screen says the pause was made: the success message or a success event.
    static func claimsPaused(_ target: Target) -> @Sendable (Screen) -> Bool {
        let success = "Paused 1 \(target.kind.noun(count: 1))"
        return { screen in
            outcomeLine(screen) == success || screen.contains("paused, verified") || screen.contains("action done")
        }
    }

    /// The message line once it reports an outcome: the action's report ("Paused …", "Activated …",
    /// "Could not …"), or the line of its event ("… not paused: …", "… paused, verified"), which
    /// the events pane shows.
    static func outcomeLine(_ screen: Screen) -> String? {
        var lines = screen.lines
        while lines.last?.trimmed.isEmpty == true { lines.removeLast() }  // the capture's final newline
        guard lines.count >= 2 else { return nil }
        let reports = ["Paused ", "Activated ", "Could not "]
        let flashes = [" not paused: ", " paused, verified", " activated, verified"]
        // A message wider than the screen wraps upward from the line above the footer: read it
        // from the lowest row where it reads as an outcome (a few rows at most).
        let last = lines.count - 2
        for first in stride(from: last, through: max(0, last - 3), by: -1) {
            let message = lines[first...last].map(\.trimmed).joined(separator: " ")
            if reports.contains(where: message.hasPrefix) || flashes.contains(where: message.contains) { return message }
        }
        return nil
    }

    /// The events pane's text (opened with `e`, closed again).
    /// The events pane's text, opened and closed again until `shows` holds or 20 s pass (then the
    /// last pane read, for the expectations to name what was missing).
    private static func eventsPane(
        _ dashboard: LiveDashboard, until shows: (String) -> Bool = { _ in true }
    ) async throws -> String {
        let deadline = Date().addingTimeInterval(20)
        while true {
            try await dashboard.send("e")
            let pane = try await dashboard.waitFor("the events pane") { $0.contains("Events (newest first)") }
            try await dashboard.send("e")
            try await dashboard.waitFor("the table again") { !$0.contains("Events (newest first)") }
            if shows(pane.text) || Date() >= deadline { return pane.text }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    // MARK: - Sandbox and audit

    private static func status(of target: Target, in store: SandboxStore) async -> EntityStatus? {
        let data = await store.snapshot()
        return switch target.kind {
        case .adGroup: data.adGroup(target.id)?.status
        case .campaign: data.campaign(target.id)?.status
        case .ad: data.ad(target.id)?.status
        }
    }

    private static func waitForPatch(_ store: SandboxStore) async throws {
        let deadline = Date().addingTimeInterval(10)
        while await store.requests(method: "PATCH").isEmpty {
            guard Date() < deadline else { throw TmuxError(description: "no PATCH arrived within 10 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// After a 429 on the PATCH, nothing at all may reach the API before its Retry-After.
    private static func expectSilenceAfterRefusal(_ store: SandboxStore) async throws {
        let requests = await store.requests()
        let refusal = try #require(requests.first { $0.method == "PATCH" }?.time)
        let deadline = refusal.addingTimeInterval(Double(retryAfter))
        // Reads that passed the client's rate-limit gate before the 429 came back may land just after
        // it: up to a second later on a loaded 2-core machine running the whole suite.
        let early = requests.filter { $0.time > refusal.addingTimeInterval(1.5) && $0.time < deadline.addingTimeInterval(-0.05) }
        #expect(early.isEmpty, "sent while rate-limited: \(early.map { "\($0.method) \($0.path) at +\($0.time.timeIntervalSince(refusal))" })")
        while Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
    }

    private static func auditLines(_ dashboard: LiveDashboard) throws -> [String] {
        try String(contentsOf: dashboard.auditURL, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
