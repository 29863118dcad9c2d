import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// Alerts from the real binary: a rejection made in the sandbox rings the bell, sends the
    /// desktop notifications and feeds the hook its JSON, once, also across a restart; `watch`
    /// hands a pending alert to the hook before it exits on SIGTERM.
    @Suite("Alerts end to end")
    struct AlertsEndToEndTests {
        typealias Events = ChangeEventsEndToEndTests

        /// A hook that appends each alert's JSON to `hook.jsonl` in the scratch folder. Pacing is
        /// off: the test sandbox's clock stands still while the day of the machine goes on.
        static func configure(_ scratch: Scratch, command: String? = nil) throws {
            let hook = command ?? "cat >> " + TmuxSession.shellQuote(scratch.path + "/hook.jsonl")
            try scratch.writeConfig("""
                [alerts]
                command = "\(hook.replacingOccurrences(of: "\"", with: "\\\""))"
                pacing_above = 0
                pacing_below = 0
                """)
        }

        /// The hook's lines as JSON objects.
        static func hookLines(_ scratch: Scratch) -> [[String: String]] {
            let text = (try? String(contentsOfFile: scratch.path + "/hook.jsonl", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String]
            }
        }

        /// Waits until `condition` holds, checking every 200 ms, for at most `timeout` seconds.
        static func waitUntil(timeout: TimeInterval, _ what: String, _ condition: () async throws -> Bool) async throws {
            let deadline = Date().addingTimeInterval(timeout)
            while try await !condition() {
                guard Date() < deadline else { throw E2EError("timed out after \(timeout)s waiting for \(what)") }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        /// What the program wrote to the terminal, with every OSC and DCS sequence taken out: a
        /// BEL left over is the bell, not the end of a notification.
        static func withoutSequences(_ output: String) -> String {
            var out = "", scalars = Array(output.unicodeScalars)[...]
            while let first = scalars.first {
                if first == "\u{1B}", let next = scalars.dropFirst().first, next == "]" || next == "P" {
                    // To BEL or ST (ESC \); inside a DCS, doubled escapes are content.
                    var rest = scalars.dropFirst(2)
                    while let scalar = rest.first {
                        rest = rest.dropFirst()
                        if next == "]", scalar == "\u{07}" { break }
                        if scalar == "\u{1B}" {
                            if rest.first == "\u{1B}" { rest = rest.dropFirst(); continue }
                            if rest.first == "\\" { rest = rest.dropFirst(); break }
                        }
                    }
                    scalars = rest
                    continue
                }
                out.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
            return out
        }

        static func start(_ sandbox: RunningSandbox, _ scratch: Scratch, output: String) throws -> DashboardRun {
            let run = try DashboardRun(["--base-url", sandbox.baseURL.absoluteString, "--account", Events.primary,
                                        "--refresh", "2"],
                                       environment: ["PINTEREST_ACCESS_TOKEN": "test-token",
                                                     "TMUX": "/tmp/tmux-test/default,1,0"],
                                       scratch: scratch)
            try run.tmux.recordOutput(to: output)
            return run
        }

        static func quit(_ run: DashboardRun) async throws {
            // A rejection made before the engine's first live listing of every ad is also "while
            // you were away" (under load it can be); any key closes that screen and does nothing else.
            if try await run.tmux.capture().contains("While you were away") {
                try await run.tmux.send("Escape")
                try await run.tmux.waitFor(timeout: 10, "the away screen closed") { !$0.contains("While you were away") }
            }
            try await run.tmux.send("q")
            try await run.tmux.waitFor(timeout: 20, "pinwatch exited") { $0.contains("pinwatch exited with 0") }
            run.tmux.kill()
        }

        @Test("a rejection rings the bell, notifies through tmux and feeds the hook, once across a restart")
        func rejectionOnceAcrossRestart() async throws {
            try await SandboxHarness.with { sandbox in try await rejectionOnceAcrossRestart(sandbox) }
        }

        private func rejectionOnceAcrossRestart(_ sandbox: RunningSandbox) async throws {
            let scratch = try Scratch()
            try Self.configure(scratch)

            let firstOutput = scratch.path + "/first.out"
            let first = try Self.start(sandbox, scratch, output: firstOutput)
            try await first.waitForAdGroups()
            let ad = try await Events.ad(of: Events.primary, in: sandbox)
            try await Events.waitForAdCounts(first, group: ad.group)
            await Events.reject(ad.ad, for: .weightLoss, in: sandbox)
            try await first.tmux.waitFor(timeout: 40, "the rejection on screen") { $0.contains("rejected: Weight loss") }
            try await Self.waitUntil(timeout: 20, "the hook's JSON") { Self.hookLines(scratch).count == 1 }
            let line = try #require(Self.hookLines(scratch).first)
            #expect(line["kind"] == "ad_rejected" && line["entity_id"] == ad.ad && line["entity_type"] == "ad")
            #expect(line["account_id"] == Events.primary)
            #expect(line["message"]?.hasSuffix("rejected: Weight loss") == true)
            #expect(line["name"] != nil && line["time"]?.hasSuffix("Z") == true)
            try await Self.waitUntil(timeout: 10, "the notifications in the terminal output") {
                ((try? String(contentsOfFile: firstOutput, encoding: .utf8)) ?? "").contains("]777;notify;")
            }
            let output = try String(contentsOfFile: firstOutput, encoding: .utf8)
            #expect(output.contains("\u{1B}Ptmux;\u{1B}\u{1B}]9;Pinwatch: ad rejected: ad "), "OSC 9 through tmux")
            #expect(output.contains("\u{1B}Ptmux;\u{1B}\u{1B}]777;notify;Pinwatch: ad rejected;ad "), "OSC 777 through tmux")
            #expect(Self.withoutSequences(output).contains("\u{07}"), "the bell")
            try await Self.quit(first)

            // Started again: the rejection is not news; a second one is, and only it.
            let secondOutput = scratch.path + "/second.out"
            let second = try Self.start(sandbox, scratch, output: secondOutput)
            try await second.waitForAdGroups()
            let other = try await Events.ad(of: Events.primary, in: sandbox)
            try await Events.waitForAdCounts(second, group: other.group)
            await Events.reject(other.ad, for: .clickbait, in: sandbox)
            do {
                try await Self.waitUntil(timeout: 40, "the second rejection's JSON") { Self.hookLines(scratch).count >= 2 }
            } catch {
                let screen = try await second.tmux.capture()
                let raw = (try? String(contentsOfFile: secondOutput, encoding: .utf8)) ?? ""
                Issue.record("""
                    No second alert. Screen:
                    \(screen)
                    Hook: \(Self.hookLines(scratch))
                    Notifications after the restart: \(raw.components(separatedBy: "]9;").count - 1)
                    """)
                throw error
            }
            try await Self.quit(second)
            let lines = Self.hookLines(scratch)
            #expect(lines.map { $0["entity_id"] ?? "" } == [ad.ad, other.ad], "each rejection once: \(lines)")
            let again = try String(contentsOfFile: secondOutput, encoding: .utf8)
            #expect(again.components(separatedBy: "]9;Pinwatch: ad rejected").count - 1 == 1, "one notification after the restart")
        }

        @Test("while you were away: a rejection made while Pinwatch was closed is on one screen at the next start, any key closes it")
        func whileYouWereAway() async throws {
            try await SandboxHarness.with { sandbox in try await whileYouWereAway(sandbox) }
        }

        private func whileYouWereAway(_ sandbox: RunningSandbox) async throws {
            let scratch = try Scratch()
            try Self.configure(scratch)
            let first = try Self.start(sandbox, scratch, output: scratch.path + "/first.out")
            try await first.waitForAdGroups()
            let ad = try await Events.ad(of: Events.primary, in: sandbox)
            try await Events.waitForAdCounts(first, group: ad.group)
            try await Self.quit(first)

            await Events.reject(ad.ad, for: .landingPageBroken, in: sandbox)
            let second = try Self.start(sandbox, scratch, output: scratch.path + "/second.out")
            let away = try await second.tmux.waitFor(timeout: 40, "the away screen") { $0.contains("While you were away") }
            #expect(away.contains("Ads rejected (1)"), "\(away)")
            #expect(away.contains(": Landing page broken"), "\(away)")
            try await second.tmux.send("x")
            try await second.tmux.waitFor(timeout: 10, "the away screen closed") { !$0.contains("While you were away") }
            // The rejection while away is an alert too, given once.
            try await Self.waitUntil(timeout: 20, "the hook's JSON") { Self.hookLines(scratch).count == 1 }
            #expect(Self.hookLines(scratch).first?["entity_id"] == ad.ad)
            try await Self.quit(second)
        }

        @Test("hyperlinks = true: ad group names reach the terminal inside OSC 8 links to Ads Manager")
        func hyperlinks() async throws {
            try await SandboxHarness.with { sandbox in
                let scratch = try Scratch()
                try scratch.writeConfig("hyperlinks = true\n")
                let output = scratch.path + "/output"
                let run = try DashboardRun(["--base-url", sandbox.baseURL.absoluteString, "--account", Events.primary],
                                           environment: ["PINTEREST_ACCESS_TOKEN": "test-token"], scratch: scratch)
                try run.tmux.recordOutput(to: output)
                try await run.waitForAdGroups()
                let link = "https://ads.pinterest.com/advertiser/549755885175/reporting/adgroups/?adGroupIds=%5B2680060704746%5D"
                try await Self.waitUntil(timeout: 10, "the link in the output") {
                    ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("\u{1B}]8;;" + link + "\u{1B}\\")
                }
                let text = try String(contentsOfFile: output, encoding: .utf8)
                let afterStart = try #require(text.components(separatedBy: "\u{1B}]8;;" + link + "\u{1B}\\").last)
                let inside = try #require(afterStart.components(separatedBy: "\u{1B}]8;;\u{1B}\\").first)
                #expect(Self.withoutSequences(inside).contains("Ad Group For Pin"), "the name is inside the link: \(inside.debugDescription)")
                try await Self.quit(run)
            }
        }

        @Test("watch: a rejection reaches the hook; SIGTERM while the hook runs waits for it and exits 0")
        func watchUnderSIGTERM() async throws {
            try await SandboxHarness.with { sandbox in try await watchUnderSIGTERM(sandbox) }
        }

        private func watchUnderSIGTERM(_ sandbox: RunningSandbox) async throws {
            let scratch = try Scratch()
            let dir = TmuxSession.shellQuote(scratch.path)
            // The hook says it started, takes its time, then keeps the alert.
            try Self.configure(scratch, command: "cat > \(dir)/in.json; touch \(dir)/started; sleep 2; cat \(dir)/in.json >> \(dir)/hook.jsonl")
            let log = scratch.path + "/watch.log"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try Pinwatch.binary())
            process.arguments = ["watch", "--base-url", sandbox.baseURL.absoluteString, "--account", Events.primary,
                                 "--refresh", "2", "--log-file", log]
            process.environment = scratch.environment(["PINTEREST_ACCESS_TOKEN": "test-token"])
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let exited = AsyncStream<Int32>.makeStream(of: Int32.self)
            process.terminationHandler = { finished in
                exited.continuation.yield(finished.terminationStatus)
                exited.continuation.finish()
            }
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            // Two whole-account ads listings asked for: the first has been answered, so a change
            // now is news to the next one.
            try await Self.waitUntil(timeout: 60, "two ads listings") {
                await sandbox.store.requests(method: "GET").filter {
                    $0.path.hasSuffix("/ad_accounts/\(Events.primary)/ads") && $0.queryValues("ad_group_ids").isEmpty
                }.count >= 2
            }
            let ad = try await Events.ad(of: Events.primary, in: sandbox)
            await Events.reject(ad.ad, for: .clickbait, in: sandbox)
            try await Self.waitUntil(timeout: 40, "the hook started") {
                FileManager.default.fileExists(atPath: scratch.path + "/started")
            }
            #expect(Self.hookLines(scratch).isEmpty, "the hook is still running")
            kill(process.processIdentifier, SIGTERM)
            var status: Int32 = -1
            for await value in exited.stream { status = value }
            #expect(status == 0)
            #expect(process.terminationReason == .exit)
            let lines = Self.hookLines(scratch)
            #expect(lines.count == 1 && lines.first?["entity_id"] == ad.ad, "the alert reached the hook: \(lines)")
            let logged = try String(contentsOfFile: log, encoding: .utf8)
            #expect(logged.contains("Alert ad_rejected"))
            #expect(logged.contains("Stopped"))
            #expect(!logged.contains("test-token"))
        }
    }
}
