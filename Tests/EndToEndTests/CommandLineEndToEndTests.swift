import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// The built `pinwatch` binary run as a subprocess (no terminal), against a sandbox this process runs.
    @Suite("Command line")
    struct CommandLineEndToEndTests {
        static let account = DemoData.primaryAccountID
        static let seedAdGroup = DemoData.seedAdGroupID
        /// A token distinctive enough to search the audit log for.
        static let token = "e2e-secret-token-5f3a9c"

        /// A scratch home and a sandbox that accepts only `token`, serving `data` (default: the demo
        /// data); stopped afterwards.
        func withSandbox(_ data: SandboxData? = nil, now: Date = SandboxHarness.referenceDate,
                         _ body: (RunningSandbox, Scratch) async throws -> Void) async throws {
            let sandbox = try await SandboxHarness.start(SandboxConfiguration(
                requiredToken: Self.token, dataSource: data.map { .data($0) } ?? .demo, clock: { now }))
            let scratch = try Scratch()
            do {
                try await body(sandbox, scratch)
            } catch {
                await sandbox.stop()
                throw error
            }
            await sandbox.stop()
        }

        /// `pinwatch arguments --base-url <sandbox> --account <demo>` with the token in the environment.
        func pinwatch(_ arguments: [String], _ sandbox: RunningSandbox, _ scratch: Scratch,
                      token: String? = CommandLineEndToEndTests.token) async throws -> RunResult {
            let environment = scratch.environment(token.map { ["PINTEREST_ACCESS_TOKEN": $0] } ?? [:])
            return try await Pinwatch.run(arguments + ["--base-url", sandbox.baseURL.absoluteString], environment: environment)
        }

        /// A user-facing failure: non-zero, one line on stderr starting "pinwatch: ", nothing on stdout,
        /// no crash report, and the line ends with what to do.
        func expectOneSentenceError(_ result: RunResult, mentions needles: [String], hint: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.status != 0, "\(result)", sourceLocation: sourceLocation)
            #expect(result.stderrLines.count == 1, "one line on stderr: \(result)", sourceLocation: sourceLocation)
            let line = result.stderrLines.first ?? ""
            #expect(line.hasPrefix("pinwatch: "), "\(result)", sourceLocation: sourceLocation)
            for needle in needles {
                #expect(line.contains(needle), "“\(needle)” in: \(line)", sourceLocation: sourceLocation)
            }
            #expect(line.contains(hint), "the hint “\(hint)” in: \(line)", sourceLocation: sourceLocation)
            for crash in ["Fatal error", "Stack dump", "Backtrace", "Current stack trace", "Error: "] {
                #expect(!result.stderr.contains(crash), "no crash output: \(result)", sourceLocation: sourceLocation)
            }
            #expect(result.stdout.isEmpty, "nothing on stdout: \(result)", sourceLocation: sourceLocation)
        }

        // MARK: - status

        /// Ad groups of the account that Pinwatch lists (every status but deleted drafts).
        static func shownAdGroupCount(_ sandbox: RunningSandbox) async -> Int {
            await sandbox.store.snapshot().adGroups.filter { group in
                group.adAccountId == account && group.status.map(ListFilter.shownStatuses.contains) == true
            }.count
        }

        @Test("status prints a table with the seed ad group, RUNNING, $5.00")
        func statusTable() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["status", "--account", Self.account], sandbox, scratch)
                #expect(result.status == 0, "\(result)")
                let lines = result.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("SUMMARY") == true)
                let row = try #require(lines.first { $0.contains("Ad Group For Pin: 687195905986") }, "\(result)")
                #expect(row.hasPrefix(Self.seedAdGroup))
                #expect(row.contains("RUNNING") && row.contains("$5.00"))
                let expected = await Self.shownAdGroupCount(sandbox)
                #expect(lines.count == 1 + expected, "a header and the \(expected) shown ad groups: \(lines.count)")
            }
        }

        @Test("status --format json parses and has the seed ad group: RUNNING, budget \"$5.00\"")
        func statusJSON() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["status", "--account", Self.account, "--format", "json"], sandbox, scratch)
                #expect(result.status == 0, "\(result)")
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
                #expect(rows.count == (await Self.shownAdGroupCount(sandbox)))
                let seed = try #require(rows.first { $0["id"] as? String == Self.seedAdGroup })
                #expect(seed["name"] as? String == "Ad Group For Pin: 687195905986")
                #expect(seed["summary_status"] as? String == "RUNNING")
                #expect(seed["status"] as? String == "ACTIVE")
                #expect(seed["budget"] as? String == "$5.00")
                #expect(seed["bid"] as? String == "$5.00")
                #expect(seed["budget_type"] as? String == "DAILY")
            }
        }

        /// The metrics every ad group has in `status --format json`.
        static let metricKeys = ["spend", "impressions", "clicks", "outbound_clicks", "ctr", "cpc", "cpm", "conversions", "roas"]

        @Test("status --range 7d --format json: every ad group's metrics as numbers, equal to the sandbox's for those dates")
        func statusRangeJSON() async throws {
            // The demo's history ends today (the binary's clock is the real one), frozen meanwhile.
            let now = Date()
            try await withSandbox(now: now) { sandbox, scratch in
                let result = try await pinwatch(["status", "--account", Self.account, "--range", "7d", "--format", "json"],
                                                sandbox, scratch)
                #expect(result.status == 0, "\(result)")
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
                #expect(rows.count == (await Self.shownAdGroupCount(sandbox)))
                // Numbers in the text itself: not strings, null or booleans.
                let pattern = "\"(" + Self.metricKeys.joined(separator: "|") + ")\" : -?[0-9]"
                let numbers = try NSRegularExpression(pattern: pattern)
                    .numberOfMatches(in: result.stdout, range: NSRange(result.stdout.startIndex..., in: result.stdout))
                #expect(numbers == rows.count * Self.metricKeys.count)
                // The last 7 days, today included, in UTC (the reporting time zone when none is configured).
                let first = APIDate(now.addingTimeInterval(-6 * 86_400)).description, last = APIDate(now).description
                let ids = rows.compactMap { $0["id"] as? String }
                let answer = try await sandbox.get("/ad_accounts/\(Self.account)/ad_groups/analytics", query: [
                    ("start_date", first), ("end_date", last), ("granularity", "TOTAL"),
                    ("columns", AnalyticsColumn.dashboard.joined(separator: ",")),
                ] + ids.map { ("ad_group_ids", $0) }, token: .some(Self.token))
                let totals = try #require(try answer.json() as? [[String: Any]])
                let byID = Dictionary(totals.compactMap { row in (row["AD_GROUP_ID"] as? String).map { ($0, row) } },
                                      uniquingKeysWith: { a, _ in a })
                var spent = 0
                for row in rows {
                    let id = try #require(row["id"] as? String)
                    for key in Self.metricKeys { #expect(row[key] is NSNumber, "\(key) of \(id): \(row[key] ?? "nothing")") }
                    #expect(row["currency"] as? String == "USD")
                    let truth = byID[id] ?? [:]
                    func number(_ column: String) -> Double { (truth[column] as? NSNumber)?.doubleValue ?? 0 }
                    func shown(_ key: String) -> Double { (row[key] as? NSNumber)?.doubleValue ?? -1 }
                    let spend = number("SPEND_IN_MICRO_DOLLAR"), impressions = number("TOTAL_IMPRESSION")
                    let clicks = number("TOTAL_CLICKTHROUGH"), checkout = number("TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR")
                    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
                    #expect(close(shown("spend"), spend / 1_000_000), "spend of \(id)")
                    #expect(shown("impressions") == impressions)
                    #expect(shown("clicks") == clicks)
                    #expect(shown("outbound_clicks") == number("OUTBOUND_CLICK_1"))
                    #expect(shown("conversions") == number("TOTAL_CONVERSIONS"))
                    #expect(close(shown("ctr"), impressions > 0 ? clicks / impressions : 0), "CTR of \(id)")
                    #expect(close(shown("cpc"), clicks > 0 ? spend / clicks / 1_000_000 : 0), "CPC of \(id)")
                    #expect(close(shown("cpm"), impressions > 0 ? spend / impressions * 1000 / 1_000_000 : 0), "CPM of \(id)")
                    #expect(close(shown("roas"), spend > 0 ? checkout / spend : 0), "ROAS of \(id)")
                    if spend > 0 { spent += 1 }
                }
                #expect(spent > 5, "ad groups that spent are compared, not zeros alone")
            }
        }

        @Test("status --format csv: RFC 4180 with a header and the seed ad group")
        func statusCSV() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["status", "--account", Self.account, "--format", "csv"], sandbox, scratch)
                #expect(result.status == 0, "\(result)")
                #expect(result.stdout.hasPrefix("ID,NAME,CAMPAIGN,STATUS,SUMMARY,BUDGET,TYPE,BID,SPEND TODAY,ADS,PENDING,REJECTED,"
                    + "SPEND,IMPRESSIONS,CLICKS,OUTBOUND CLICKS,CTR,CPC,CPM,CONVERSIONS,ROAS\r\n"))
                let rows = result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(rows.count == 1 + (await Self.shownAdGroupCount(sandbox)))
                let seed = try #require(rows.first { $0.hasPrefix(Self.seedAdGroup + ",") })
                #expect(seed.hasPrefix("\(Self.seedAdGroup),Ad Group For Pin: 687195905986,"))
                #expect(seed.contains(",ACTIVE,RUNNING,$5.00,DAILY,$5.00,"), "\(seed)")
            }
        }

        @Test("status --fail-on-rejected exits 3 with a REJECTED ad and 0 once none is")
        func failOnRejected() async throws {
            try await withSandbox { sandbox, scratch in
                #expect(await sandbox.store.snapshot().ads.contains { $0.reviewStatus == .rejected })
                let withRejected = try await pinwatch(["status", "--account", Self.account, "--fail-on-rejected"], sandbox, scratch)
                #expect(withRejected.status == 3, "\(withRejected)")
                #expect(withRejected.stdout.contains("Ad Group For Pin"), "the table is still printed")

                let plain = try await pinwatch(["status", "--account", Self.account], sandbox, scratch)
                #expect(plain.status == 0, "without the flag rejected ads are not a failure: \(plain)")

                await sandbox.store.mutate { data in
                    for index in data.ads.indices where data.ads[index].reviewStatus == .rejected {
                        data.ads[index].reviewStatus = .approved
                        data.ads[index].rejectedReasons = nil
                    }
                }
                let clean = try await pinwatch(["status", "--account", Self.account, "--fail-on-rejected"], sandbox, scratch)
                #expect(clean.status == 0, "\(clean)")
            }
        }

        @Test("status --demo works with no token and no config")
        func statusDemo() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["status", "--demo"], environment: scratch.environment())
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("Ad Group For Pin: 687195905986"), "\(result)")
        }

        // MARK: - pause / activate

        @Test("pause --type ad-group ID --yes: exit 0, PAUSED in the sandbox, an audit line (from ACTIVE, 0600, no token)")
        func pauseVerifiedAndAudited() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["pause", "--account", Self.account, "--type", "ad-group", Self.seedAdGroup, "--yes"],
                                                sandbox, scratch)
                #expect(result.status == 0, "\(result)")
                #expect(result.stdout.contains("\(Self.seedAdGroup)  PAUSED  verified"), "\(result)")
                #expect(await sandbox.store.snapshot().adGroup(Self.seedAdGroup)?.status == .paused)
                #expect(await sandbox.store.requests(method: "PATCH").count == 1)

                let audit = try String(contentsOfFile: scratch.auditLog, encoding: .utf8)
                let lines = audit.split(separator: "\n")
                #expect(lines.count == 1, "\(audit)")
                #expect(audit.contains(Self.seedAdGroup) && audit.contains("PAUSED") && audit.contains("succeeded"), "\(audit)")
                let entry = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
                #expect((entry["from"] as? [String: String]) == [Self.seedAdGroup: "ACTIVE"],
                        "the audit says what the status was before the change: \(audit)")
                #expect(!audit.contains(Self.token), "the audit log never holds the token")
                let mode = try FileManager.default.attributesOfItem(atPath: scratch.auditLog)[.posixPermissions] as? Int
                #expect(mode == 0o600)

                let back = try await pinwatch(["activate", "--account", Self.account, "--type", "ad-group", Self.seedAdGroup, "--yes"],
                                              sandbox, scratch)
                #expect(back.status == 0, "\(back)")
                #expect(await sandbox.store.snapshot().adGroup(Self.seedAdGroup)?.status == .active)
            }
        }

        @Test("pause and activate --type campaign ID --yes: exit 0 and the campaign's status changes in the sandbox")
        func pauseCampaign() async throws {
            let campaign = DemoData.seedAdGroupCampaignID
            try await withSandbox { sandbox, scratch in
                let paused = try await pinwatch(["pause", "--account", Self.account, "--type", "campaign", campaign, "--yes"],
                                                sandbox, scratch)
                #expect(paused.status == 0, "\(paused)")
                #expect(paused.stdout.contains("\(campaign)  PAUSED  verified"), "\(paused)")
                #expect(await sandbox.store.snapshot().campaign(campaign)?.status == .paused)
                let active = try await pinwatch(["activate", "--account", Self.account, "--type", "campaign", campaign, "--yes"],
                                                sandbox, scratch)
                #expect(active.status == 0, "\(active)")
                #expect(await sandbox.store.snapshot().campaign(campaign)?.status == .active)
            }
        }

        @Test("pause --type campaign ID --yes --demo exits 0")
        func pauseCampaignDemo() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["pause", "--type", "campaign", DemoData.seedAdGroupCampaignID, "--yes", "--demo"],
                                                environment: scratch.environment())
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("\(DemoData.seedAdGroupCampaignID)  PAUSED  verified"), "\(result)")
        }

        @Test("pause with one unknown id exits 4; the known one is still paused")
        func pausePartialFailure() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(
                    ["pause", "--account", Self.account, "--type", "ad-group", Self.seedAdGroup, "999999999", "--yes"],
                    sandbox, scratch)
                #expect(result.status == 4, "\(result)")
                #expect(result.stdout.contains("999999999  FAILED"), "\(result)")
                #expect(result.stdout.contains("1 of 2 ad groups paused"), "\(result)")
                #expect(await sandbox.store.snapshot().adGroup(Self.seedAdGroup)?.status == .paused)
            }
        }

        @Test("pause --read-only is refused with exit 6 and sends no request at all")
        func pauseReadOnly() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(
                    ["pause", "--read-only", "--account", Self.account, "--type", "ad-group", Self.seedAdGroup, "--yes"],
                    sandbox, scratch)
                #expect(result.status == 6, "\(result)")
                #expect((result.stdout + result.stderr).lowercased().contains("read-only"), "\(result)")
                #expect(await sandbox.store.requests(method: "PATCH").isEmpty)
                #expect(await sandbox.store.snapshot().adGroup(Self.seedAdGroup)?.status == .active)
            }
        }

        @Test("read_only = true in config.toml refuses pause too (exit 6, no PATCH)")
        func pauseReadOnlyFromConfig() async throws {
            try await withSandbox { sandbox, scratch in
                try scratch.writeConfig("read_only = true\n")
                let result = try await pinwatch(["pause", "--account", Self.account, "--type", "ad-group", Self.seedAdGroup, "--yes"],
                                                sandbox, scratch)
                #expect(result.status == 6, "\(result)")
                #expect(await sandbox.store.requests(method: "PATCH").isEmpty)
            }
        }

        @Test("pause without --yes and without a terminal is refused with exit 6")
        func pauseUnconfirmed() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["pause", "--account", Self.account, "--type", "ad-group", Self.seedAdGroup],
                                                sandbox, scratch)
                #expect(result.status == 6, "\(result)")
                expectOneSentenceError(result, mentions: ["Not confirmed"], hint: "--yes")
                #expect(await sandbox.store.requests(method: "PATCH").isEmpty)
            }
        }

        // MARK: - version, help, themes, completion

        @Test("--version prints the version")
        func version() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["--version"], environment: scratch.environment())
            #expect(result.status == 0)
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        }

        @Test("--help works for pinwatch and each command", arguments: [
            [], ["dashboard"], ["status"], ["pause"], ["activate"], ["themes"], ["watch"], ["sandbox"], ["exporter"],
        ])
        func help(_ command: [String]) async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(command + ["--help"], environment: scratch.environment())
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("USAGE: pinwatch" + command.map { " " + $0 }.joined()), "\(result)")
            #expect(result.stdout.contains("OVERVIEW:"))
            if command.isEmpty {
                for name in ["dashboard", "status", "pause", "activate", "themes", "watch", "sandbox", "exporter"] {
                    #expect(result.stdout.contains("\n  \(name) "), "subcommand \(name) listed:\n\(result.stdout)")
                }
            }
        }

        @Test("pinwatch themes lists the five shipped themes")
        func themes() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["themes"], environment: scratch.environment())
            #expect(result.status == 0, "\(result)")
            let names = result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            for theme in ["default", "high-contrast", "light", "monochrome", "solarized-dark"] {
                #expect(names.contains(theme), "\(theme) in:\n\(result.stdout)")
            }
        }

        @Test("--generate-completion-script bash completes the subcommands")
        func completion() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["--generate-completion-script", "bash"], environment: scratch.environment())
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("complete -o filenames -F _pinwatch pinwatch") || result.stdout.contains("-F _pinwatch"))
            for name in ["status", "pause", "activate", "themes", "sandbox", "exporter"] {
                #expect(result.stdout.contains(name))
            }
            #expect(!result.stdout.contains("status-command"))
        }

        // MARK: - errors a user can meet

        @Test("no token anywhere: one sentence, and how to set one")
        func noToken() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["status"], sandbox, scratch, token: nil)
                expectOneSentenceError(result, mentions: ["No Pinterest access token"], hint: "PINTEREST_ACCESS_TOKEN")
                #expect(await sandbox.store.requests().isEmpty, "nothing is sent without a token")
            }
        }

        @Test("a token the API refuses: one sentence naming the 401, and what to check")
        func badToken() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["status"], sandbox, scratch, token: "wrong-token")
                expectOneSentenceError(result, mentions: ["refused the access token"], hint: "Check PINTEREST_ACCESS_TOKEN")
            }
        }

        @Test("the dashboard with a refused token says so before taking the screen")
        func badTokenDashboard() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["--account", Self.account], sandbox, scratch, token: "wrong-token")
                expectOneSentenceError(result, mentions: ["refused the access token"], hint: "Check PINTEREST_ACCESS_TOKEN")
            }
        }

        @Test("an account the token cannot see: one sentence, and the accounts it can")
        func unknownAccount() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["status", "--account", "123456"], sandbox, scratch)
                expectOneSentenceError(result, mentions: ["Ad account 123456 is not visible"], hint: Self.account)
            }
        }

        @Test("an unreachable API: one sentence naming the URL, and what to check")
        func unreachable() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["status", "--base-url", "http://127.0.0.1:9"],
                                                environment: scratch.environment(["PINTEREST_ACCESS_TOKEN": "x"]))
            expectOneSentenceError(result, mentions: ["Cannot reach", "http://127.0.0.1:9"], hint: "--base-url")
        }

        @Test("malformed config.toml: the file and line are named")
        func malformedConfig() async throws {
            try await withSandbox { sandbox, scratch in
                let path = try scratch.writeConfig("account = \"\(Self.account)\"\ntheme = = \"light\"\n")
                let result = try await pinwatch(["status"], sandbox, scratch)
                expectOneSentenceError(result, mentions: ["\(path):2:"], hint: "Fix")
                #expect(await sandbox.store.requests().isEmpty)
            }
        }

        @Test("a config value of the wrong type: file, line and key")
        func wrongTypeConfig() async throws {
            try await withSandbox { sandbox, scratch in
                let path = try scratch.writeConfig("account = \"\(Self.account)\"\n\n[refresh]\nad_groups = \"fast\"\n")
                let result = try await pinwatch(["status"], sandbox, scratch)
                expectOneSentenceError(result, mentions: ["\(path):4:", "refresh.ad_groups"], hint: "Fix")
            }
        }

        @Test("a token in a group-readable config is refused with the chmod hint")
        func groupReadableConfig() async throws {
            try await withSandbox { sandbox, scratch in
                let path = try scratch.writeConfig("[credentials]\naccess_token = \"\(Self.token)\"\n", mode: 0o640)
                let result = try await pinwatch(["status", "--account", Self.account], sandbox, scratch, token: nil)
                expectOneSentenceError(result, mentions: [path, "readable by group or others"], hint: "chmod 600 \(path)")
                #expect(!result.stderr.contains(Self.token))
                #expect(await sandbox.store.requests().isEmpty)

                #expect(chmod(path, 0o600) == 0)
                let fixed = try await pinwatch(["status", "--account", Self.account], sandbox, scratch, token: nil)
                #expect(fixed.status == 0, "the token from a private config works: \(fixed)")
            }
        }

        @Test("an unknown theme name: one sentence, and where to see the themes")
        func badTheme() async throws {
            try await withSandbox { sandbox, scratch in
                let result = try await pinwatch(["--account", Self.account, "--theme", "no-such-theme"], sandbox, scratch)
                expectOneSentenceError(result, mentions: ["no-such-theme"], hint: "pinwatch themes")
            }
        }

        @Test("an invalid id is a usage error naming it")
        func invalidID() async throws {
            let scratch = try Scratch()
            let result = try await Pinwatch.run(["pause", "--type", "ad", "12ab", "--yes"],
                                                environment: scratch.environment(["PINTEREST_ACCESS_TOKEN": "x"]))
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("“12ab” is not a Pinterest id"), "\(result)")
        }
    }
}
