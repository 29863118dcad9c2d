import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// Several real `pinwatch` dashboards, a `pinwatch exporter` and a `pinwatch status` of one
    /// account and identity on one host, against one sandbox: one fetches, the others follow its cache. Each process gets its
    /// own token (the sandbox accepts any), so the sandbox's log says who sent each request.
    ///
    /// Short by default (2 s cadence, 30 s measuring windows). The long run, by hand:
    /// `PINWATCH_SHARED_WINDOW=600 PINWATCH_SHARED_REFRESH=5 swift test --filter SharedPoller`.
    @Suite("Many viewers, one poller", .tags(.slow))
    struct SharedPollerEndToEndTests {
        static let environment = ProcessInfo.processInfo.environment
        /// Seconds each request count runs for.
        static let window = environment["PINWATCH_SHARED_WINDOW"].flatMap(Double.init) ?? 30
        /// The ad groups cadence, `--refresh`.
        static let cadence = environment["PINWATCH_SHARED_REFRESH"].flatMap(Double.init) ?? 2
        static let seedRow = "Ad Group For Pin: 687195905986"

        /// One dashboard in its own tmux window, sharing `scratch` (home and cache) with the others.
        static func viewer(_ name: String, scratch: Scratch, sandbox: RunningSandbox) throws -> DashboardRun {
            try DashboardRun(["--base-url", sandbox.baseURL.absoluteString, "--account", "549755885175",
                              "--refresh", String(cadence)],
                             environment: ["PINTEREST_ACCESS_TOKEN": name], scratch: scratch, name: name)
        }

        /// The exporter, following like the dashboards; returns it and its `/metrics` address.
        static func exporter(scratch: Scratch, sandbox: RunningSandbox) async throws -> (BackgroundProcess, URL) {
            let exporter = try BackgroundProcess("pinwatch exporter", executable: try Pinwatch.binary(), arguments: [
                "exporter", "--listen", "127.0.0.1:0", "--base-url", sandbox.baseURL.absoluteString,
                "--account", "549755885175", "--refresh", String(cadence),
            ], environment: scratch.environment(["PINTEREST_ACCESS_TOKEN": "exporter"]))
            let url = try await exporter.waitForOutput(timeout: 30, "metrics address") { output -> URL? in
                guard let range = output.range(of: "http://127\\.0\\.0\\.1:[0-9]+/metrics", options: .regularExpression) else { return nil }
                return URL(string: String(output[range]))
            }
            return (exporter, url)
        }

        /// Scrapes `url` until a line of the seed ad group's `family` satisfies `predicate`; returns when.
        static func whenExported(_ url: URL, _ family: String, timeout: TimeInterval, _ what: String,
                                 _ predicate: (Substring) -> Bool) async throws -> Date {
            let deadline = Date().addingTimeInterval(timeout)
            var last = ""
            while Date() < deadline {
                last = try await SandboxHarness.request("GET", url).text
                let lines = last.split(separator: "\n").filter {
                    $0.hasPrefix(family + "{") && $0.contains("ad_group_id=\"\(DemoData.seedAdGroupID)\"")
                }
                if lines.contains(where: predicate) { return Date() }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw E2EError("the exporter never showed \(what):\n\(last.prefix(3_000))")
        }

        /// Requests sent with each viewer's token since the log was last reset.
        static func requestsByViewer(_ sandbox: RunningSandbox) async -> [String: Int] {
            var counts: [String: Int] = [:]
            for request in await sandbox.store.requests() { counts[request.bearer ?? "?", default: 0] += 1 }
            return counts
        }

        /// Waits on every run at once until `predicate` holds for its screen; returns when each saw it.
        static func whenEach(_ runs: [DashboardRun], timeout: TimeInterval, _ what: String,
                             _ predicate: @escaping @Sendable (String) -> Bool) async throws -> [Date] {
            try await withThrowingTaskGroup(of: (Int, Date).self) { group in
                for (index, run) in runs.enumerated() {
                    let tmux = run.tmux
                    group.addTask {
                        try await tmux.waitFor(timeout: timeout, what, predicate)
                        return (index, Date())
                    }
                }
                var seen = [Date](repeating: .distantPast, count: runs.count)
                for try await (index, date) in group { seen[index] = date }
                return seen
            }
        }

        @Test("N viewers cost what one costs, follow the leader within a second, take over within a cadence of a SIGKILL, and every action reaches all")
        func manyViewersOnePoller() async throws {
            try await SandboxHarness.with { sandbox in try await run(sandbox) }
        }

        private func run(_ sandbox: RunningSandbox) async throws {
            let scratch = try Scratch()

            // One dashboard alone: what one viewer costs.
            let first = try Self.viewer("viewer-1", scratch: scratch, sandbox: sandbox)
            defer { first.tmux.kill() }
            try await first.waitForAdGroups()
            let leaderPID = try await first.pid()
            await sandbox.store.resetLog()
            try await Task.sleep(for: .seconds(Self.window))
            let alone = await sandbox.store.requests().count

            // Three more: they follow, and show whom.
            let followers = try (2...4).map { try Self.viewer("viewer-\($0)", scratch: scratch, sandbox: sandbox) }
            defer { followers.forEach { $0.tmux.kill() } }
            _ = try await Self.whenEach(followers, timeout: 60, "the table, following pid \(leaderPID)") {
                $0.contains(Self.seedRow) && $0.contains("following pid \(leaderPID)")
            }
            #expect(!(try await first.tmux.capture()).contains("following"), "the leader follows no one")
            // The exporter is one more viewer: it follows the same cache.
            let (exporter, metrics) = try await Self.exporter(scratch: scratch, sandbox: sandbox)
            _ = try await Self.whenExported(metrics, "pinwatch_ad_group_budget", timeout: 30, "the seed ad group") { _ in true }
            await sandbox.store.resetLog()
            try await Task.sleep(for: .seconds(Self.window))
            let together = await Self.requestsByViewer(sandbox)
            let total = together.values.reduce(0, +)
            print("requests in \(Self.window) s at --refresh \(Self.cadence): one viewer \(alone); four viewers and the exporter \(total) \(together)")
            #expect(together.filter { $0.key != "viewer-1" }.isEmpty, "followers send nothing: \(together)")
            // The leader is an ordinary dashboard: the same cost, up to the cadences' jitter over the window.
            let tolerance = Self.window >= 300 ? 0.05 : 0.2
            #expect(abs(Double(total - alone)) <= Double(alone) * tolerance, "one viewer \(alone), four \(total)")

            // `pinwatch status` answers from the leader's cache: no listing of its own.
            await sandbox.store.resetLog()
            let status = try await Pinwatch.run(["status", "--base-url", sandbox.baseURL.absoluteString,
                                                 "--account", "549755885175", "--format", "csv"],
                                                environment: scratch.environment(["PINTEREST_ACCESS_TOKEN": "status"]))
            #expect(status.status == 0, "\(status)")
            #expect(status.stdout.contains(DemoData.seedAdGroupID))
            let statusLists = await sandbox.store.requests().filter { $0.bearer == "status" && $0.path.contains("/ad_groups") }
            #expect(statusLists.isEmpty, "status followed the cache: \(statusLists.map(\.path))")

            // A change at Pinterest: the leader shows it, and every follower within a second.
            let everyone = [first] + followers
            await sandbox.store.mutate { data in
                guard let index = data.adGroups.firstIndex(where: { $0.id == DemoData.seedAdGroupID }) else { return }
                data.adGroups[index].budgetInMicroCurrency = 7_000_000
            }
            async let exported = Self.whenExported(metrics, "pinwatch_ad_group_budget", timeout: 20, "the new budget") {
                $0.split(separator: " ").last.flatMap { Double($0) } == 7
            }
            let seen = try await Self.whenEach(everyone, timeout: 20, "the new budget") {
                Screen.line(containing: Self.seedRow, in: $0)?.contains("$7.00/d") == true
            }
            let lags = (seen.dropFirst() + [try await exported]).map { $0.timeIntervalSince(seen[0]) }
            print("followers (the exporter last) behind the leader's screen: \(lags.map { String(format: "%.2f s", $0) })")
            #expect(lags.allSatisfy { $0 <= 1 }, "every viewer within a second of the leader: \(lags)")

            // An action from a follower: sent by it, at once, and seen by all.
            let actor = followers[0]
            try await Self.showOnlySeed(actor)
            try await actor.tmux.send("p")
            try await actor.tmux.waitFor("Pause 1 ad group?", timeout: 20)
            await sandbox.store.resetLog()
            try await actor.tmux.send("y")
            let paused = try await Self.whenEach(everyone, timeout: 20, "the ad group PAUSED", Self.seedShows(.paused))
            let patches = await sandbox.store.requests(method: "PATCH")
            #expect(patches.map(\.bearer) == ["viewer-2"], "the follower sent the change itself")
            print("others behind the acting follower: \(paused.map { String(format: "%.2f s", $0.timeIntervalSince(paused[1])) })")
            _ = try await Self.whenExported(metrics, "pinwatch_ad_group_info", timeout: 20, "the pause") {
                $0.contains("status=\"PAUSED\"")
            }
            // The exporter leaves before the leaders are killed; it stops cleanly on SIGTERM.
            #expect(try await exporter.terminate() == 0, "\(exporter.printed)")

            // SIGKILL the leader, with nothing else going on: a follower notices on its timer and
            // takes over within one cadence.
            await sandbox.store.resetLog()
            #expect(kill(leaderPID, SIGKILL) == 0)
            let (gap, newLeader) = try await Self.takeover(sandbox, after: Date(), notFrom: ["viewer-1"])
            print("first ad groups listing by the new leader (\(newLeader)) \(String(format: "%.2f", gap)) s after the SIGKILL (cadence \(Self.cadence) s)")
            #expect(gap <= Self.cadence, "taken over within one cadence")

            // A follower's action sent as the new leader is killed too: applied, and seen by the
            // two that remain, one of which leads now.
            let names = ["viewer-2", "viewer-3", "viewer-4"]
            let leaderIndex = try #require(names.firstIndex(of: newLeader))
            let actorIndex = leaderIndex == 0 ? 1 : 0
            let survivors = followers.indices.filter { $0 != leaderIndex }.map { followers[$0] }
            let survivorNames = followers.indices.filter { $0 != leaderIndex }.map { names[$0] }
            let acting = followers[actorIndex]
            if actorIndex != 0 { try await Self.showOnlySeed(acting) }
            try await acting.tmux.send("a")
            try await acting.tmux.waitFor("Activate 1 ad group?", timeout: 20)
            await sandbox.store.resetLog()
            try await acting.tmux.send("y")
            let secondKill = Date()
            #expect(kill(try await followers[leaderIndex].pid(), SIGKILL) == 0)
            let seenActive = try await Self.whenEach(survivors, timeout: 20, "the ad group ACTIVE again", Self.seedShows(.active))
            print("the change seen by the two remaining viewers \(seenActive.map { String(format: "%.2f s", $0.timeIntervalSince(secondKill)) }) after it was confirmed")
            let (secondGap, thirdLeader) = try await Self.takeover(sandbox, after: secondKill, notFrom: ["viewer-1", newLeader])
            print("second handover to \(thirdLeader): \(String(format: "%.2f", secondGap)) s")
            #expect(secondGap <= Self.cadence)
            let applied = await sandbox.store.snapshot().adGroups.first { $0.id == DemoData.seedAdGroupID }?.status
            #expect(applied == .active, "the action sent during the handover was applied")
            #expect(await sandbox.store.requests(method: "PATCH").map(\.bearer) == [names[actorIndex]])
            let screens = try await survivors.asyncMap { try await $0.tmux.capture() }
            #expect(screens.filter { !$0.contains("following") }.count == 1, "exactly one of the remaining viewers leads")
            // The change stays on every screen through the new leader's first refreshes: watched
            // for two cadences, not sampled once.
            let watchEnd = Date().addingTimeInterval(2 * Self.cadence)
            var lapses: [String] = []
            while Date() < watchEnd {
                for (index, screen) in try await survivors.asyncMap({ try await $0.tmux.capture() }).enumerated()
                where Screen.line(containing: Self.seedRow, in: screen)?.contains("ACTIVE") != true {
                    let after = String(format: "%.2f s", Date().timeIntervalSince(secondKill))
                    lapses.append("\(survivorNames[index]) at \(after) after the kill:\n\(screen)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(lapses.isEmpty, "the change stays on every screen after the handover: \(lapses.prefix(3).joined(separator: "\n-----\n"))")
        }

        /// Filters `run`'s table down to the seed ad group.
        static func showOnlySeed(_ run: DashboardRun) async throws {
            try await run.filter("Ad Group For Pin")
            try await run.tmux.waitFor(timeout: 20, "only the seed ad group") { !$0.contains("Pin promotions") && $0.contains(seedRow) }
        }

        /// Whether a screen shows the seed ad group with `status`, verified (not the pending mark).
        static func seedShows(_ status: EntityStatus) -> @Sendable (String) -> Bool {
            { screen in
                guard let row = Screen.line(containing: seedRow, in: screen) else { return false }
                return row.contains(status.rawValue) && !row.contains(status.rawValue + "…")
            }
        }

        /// Waits for the first ad groups listing of the engine (not an action's read-back, which
        /// names its ids) by a viewer not in `notFrom`; returns how long after `start` it came, and who sent it.
        static func takeover(_ sandbox: RunningSandbox, after start: Date,
                             notFrom: Set<String>) async throws -> (TimeInterval, String) {
            while Date().timeIntervalSince(start) < 10 * cadence {
                let listing = await sandbox.store.requests().first {
                    $0.method == "GET" && $0.path.hasSuffix("/ad_groups") && !notFrom.contains($0.bearer ?? "")
                        && !$0.query.contains { $0.name == "ad_group_ids" }
                }
                if let listing { return (Date().timeIntervalSince(start), listing.bearer ?? "?") }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw E2EError("no viewer took over within \(10 * cadence) s")
        }
    }
}

extension Array {
    /// Maps in order, awaiting each element.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
