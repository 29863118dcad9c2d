import Foundation
import PinterestAds
import PinterestSandbox
import PinwatchTestSupport
import Testing

extension EndToEnd {
    /// `pinwatch exporter` against a sandbox, scraped by a real Prometheus (Debian's `prometheus`,
    /// which `.ci/run` installs), queried through Prometheus' HTTP API.
    @Suite("Exporter", .tags(.slow))
    struct ExporterEndToEndTests {
        static let account = DemoData.primaryAccountID
        static let seedAdGroup = DemoData.seedAdGroupID
        static let token = "pina_e2e-exporter-secret-91d4c7"

        static func prometheusBinary() throws -> String {
            for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where
                FileManager.default.isExecutableFile(atPath: directory + "/prometheus") {
                return directory + "/prometheus"
            }
            throw E2EError("prometheus is not installed: `apt-get install prometheus` (bash .ci/run installs it)")
        }

        /// A port free on 127.0.0.1 a moment ago (Prometheus cannot report the port it picked for 0).
        static func freePort() throws -> UInt16 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw E2EError("socket failed") }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw E2EError("bind failed") }
            return UInt16(bigEndian: address.sin_port)
        }

        /// The value of an instant PromQL query with one result, nil while it has none.
        static func query(_ prometheus: URL, _ promql: String) async throws -> (value: Double?, body: String) {
            var components = URLComponents(url: prometheus.appendingPathComponent("api/v1/query"), resolvingAgainstBaseURL: false)
            components?.queryItems = [URLQueryItem(name: "query", value: promql)]
            guard let url = components?.url else { throw E2EError("bad query \(promql)") }
            let answer = try await SandboxHarness.request("GET", url)
            guard answer.status == 200 else { return (nil, answer.text) }
            let object = try answer.object()
            guard object["status"] as? String == "success", let data = object["data"] as? [String: Any],
                  let results = data["result"] as? [[String: Any]], results.count == 1,
                  let pair = results[0]["value"] as? [Any], pair.count == 2, let text = pair[1] as? String else {
                return (nil, answer.text)
            }
            return (Double(text), answer.text)
        }

        /// Polls `promql` until it has a value or `timeout` passes.
        static func awaitValue(_ prometheus: URL, _ promql: String, timeout: TimeInterval = 60) async throws -> Double {
            let deadline = Date().addingTimeInterval(timeout)
            var last = ""
            while Date() < deadline {
                do {
                    let (value, body) = try await query(prometheus, promql)
                    if let value { return value }
                    last = body
                } catch {
                    last = "\(error)"  // Prometheus not listening yet
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw E2EError("no value for \(promql) within \(timeout) s; last answer: \(last)")
        }

        @Test("A real Prometheus scrapes the exporter: the seed ad group's budget is 5, its rejected ads counted; no token anywhere")
        func prometheusScrapes() async throws {
            let prometheusPath = try Self.prometheusBinary()
            let sandbox = try await SandboxHarness.start(SandboxConfiguration(
                requiredToken: Self.token, dataSource: .demo, clock: { SandboxHarness.referenceDate }))
            do {
                try await scrape(sandbox, prometheusPath: prometheusPath)
            } catch {
                await sandbox.stop()
                throw error
            }
            await sandbox.stop()
        }

        func scrape(_ sandbox: RunningSandbox, prometheusPath: String) async throws {
            // Two of the seed ad group's ads rejected, so the count is not a zero that any broken
            // pipeline would also give.
            let seed = Self.seedAdGroup
            await sandbox.store.mutate { data in
                var changed = 0
                for index in data.ads.indices where data.ads[index].adGroupId == seed && changed < 2 {
                    data.ads[index].reviewStatus = .rejected
                    data.ads[index].rejectedReasons = [.landingPageBroken]
                    changed += 1
                }
                if changed < 2 {
                    for number in changed..<2 {
                        data.ads.append(Ad(id: "68719476\(number)01", adAccountId: Self.account, adGroupId: seed,
                                           campaignId: DemoData.seedAdGroupCampaignID, name: "Rejected \(number)",
                                           rejectedReasons: [.landingPageBroken], reviewStatus: .rejected, status: .active))
                    }
                }
            }
            let expectedRejected = await sandbox.store.snapshot().ads.filter { $0.adGroupId == seed && $0.reviewStatus == .rejected }.count
            #expect(expectedRejected >= 2)
            let seedGroup = await sandbox.store.snapshot().adGroup(seed)
            let budget = try #require(seedGroup?.budgetInMicroCurrency)
            #expect(budget == 5_000_000, "the seed ad group's budget")

            let scratch = try Scratch()
            let exporter = try BackgroundProcess("pinwatch exporter", executable: try Pinwatch.binary(), arguments: [
                "exporter", "--listen", "127.0.0.1:0", "--base-url", sandbox.baseURL.absoluteString,
                "--account", Self.account, "--api-tier", "standard",
            ], environment: scratch.environment(["PINTEREST_ACCESS_TOKEN": Self.token]))
            let metricsURL = try await exporter.waitForOutput(timeout: 30, "metrics address") { output -> URL? in
                guard let range = output.range(of: "http://127\\.0\\.0\\.1:[0-9]+/metrics", options: .regularExpression) else { return nil }
                return URL(string: String(output[range]))
            }
            let target = "127.0.0.1:\(metricsURL.port ?? 0)"

            // The exporter alone: the text carries the seed ad group once its first refreshes are in.
            let deadline = Date().addingTimeInterval(30)
            var scraped = ""
            while Date() < deadline {
                scraped = try await SandboxHarness.request("GET", metricsURL).text
                if scraped.contains("pinwatch_ads{") && scraped.contains("pinwatch_ad_group_spend_today{") { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(scraped.contains("ad_group_id=\"\(seed)\""), "the seed ad group is exported:\n\(scraped.prefix(2_000))")
            #expect(!scraped.contains(Self.token), "the token is not in /metrics")

            // Every request the sandbox received is counted, by category (the engine idles between
            // cadences, so the two agree once the first refreshes are in).
            var counted = 0.0, received = 0
            let agreed = Date().addingTimeInterval(30)
            while Date() < agreed {
                let text = try Exposition(try await SandboxHarness.request("GET", metricsURL).text)
                counted = text.samples("pinwatch_api_requests_total").map(\.value).reduce(0, +)
                received = await sandbox.store.requests().count
                if counted == Double(received) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(counted == Double(received) && received > 0, "requests counted \(counted), received \(received)")

            // Prometheus, configured to scrape it every second, storing in a scratch folder.
            let port = try Self.freePort()
            let config = scratch.path + "/prometheus.yml"
            try Data("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: pinwatch
                    static_configs:
                      - targets: ["\(target)"]

                """.utf8).write(to: URL(fileURLWithPath: config))
            let prometheus = try BackgroundProcess("prometheus", executable: prometheusPath, arguments: [
                "--config.file=\(config)", "--storage.tsdb.path=\(scratch.path)/tsdb",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ])
            let api = try #require(URL(string: "http://127.0.0.1:\(port)/"))
            do {
                let budgetValue = try await Self.awaitValue(
                    api, "pinwatch_ad_group_budget{job=\"pinwatch\",ad_group_id=\"\(seed)\"}")
                #expect(budgetValue == 5)
                let rejected = try await Self.awaitValue(
                    api, "pinwatch_ads{job=\"pinwatch\",ad_group_id=\"\(seed)\",review_status=\"REJECTED\"}")
                #expect(rejected == Double(expectedRejected))
                let requests = try await Self.awaitValue(api, "sum(pinwatch_api_requests_total{job=\"pinwatch\",category=\"ads_read\"})")
                #expect(requests > 0)
                let share = try await Self.awaitValue(api, "pinwatch_api_budget_used_ratio{job=\"pinwatch\",category=\"ads_read\"}")
                // Reported because the tier is given; its minute may have rolled over since the
                // first refreshes, so 0 is a right answer too.
                #expect(share >= 0 && share < 0.1, "a few requests of 1,000 a minute: \(share)")
                let up = try await Self.awaitValue(api, "up{job=\"pinwatch\"}")
                #expect(up == 1)
                // Everything Prometheus stored of the exporter: no token in any name or label value.
                let everything = try await Self.query(api, "{job=\"pinwatch\"}").body
                #expect(everything.contains(seed) && !everything.contains(Self.token))
            } catch {
                Issue.record("prometheus output:\n\(prometheus.printed)\nexporter output:\n\(exporter.printed)")
                _ = try? await prometheus.terminate()
                _ = try? await exporter.terminate()
                throw error
            }
            #expect(try await prometheus.terminate() == 0, "prometheus:\n\(prometheus.printed)")
            #expect(try await exporter.terminate() == 0, "the exporter stops cleanly on SIGTERM:\n\(exporter.printed)")
            #expect(!exporter.printed.contains(Self.token))
        }

        @Test("A --listen address in use, or not an address: one sentence, non-zero, nothing served")
        func listenErrors() async throws {
            let sandbox = try await SandboxHarness.start(SandboxConfiguration(
                requiredToken: Self.token, dataSource: .demo, clock: { SandboxHarness.referenceDate }))
            let scratch = try Scratch()
            let environment = scratch.environment(["PINTEREST_ACCESS_TOKEN": Self.token])
            let taken = "127.0.0.1:\(sandbox.baseURL.port ?? 0)"
            let inUse = try await Pinwatch.run(["exporter", "--listen", taken, "--base-url", sandbox.baseURL.absoluteString],
                                               environment: environment, timeout: 30)
            let invalid = try await Pinwatch.run(["exporter", "--listen", "localhost:9464"], environment: environment)
            await sandbox.stop()
            #expect(inUse.status == 1, "\(inUse)")
            #expect(inUse.stderr == "pinwatch: Cannot serve metrics: \(taken) is already in use. "
                    + "Choose another --listen address (port 0 picks a free one).\n", "\(inUse)")
            #expect(inUse.stdout.isEmpty, "\(inUse)")
            #expect(invalid.status == 64, "a usage error: \(invalid)")
            #expect(invalid.stderr.contains("--listen takes host:port with an IP address"), "\(invalid)")
        }

        @Test("pinwatch sandbox, like the exporter, stops cleanly on SIGTERM")
        func sandboxStops() async throws {
            let scratch = try Scratch()
            let sandbox = try BackgroundProcess("pinwatch sandbox", executable: try Pinwatch.binary(),
                                                arguments: ["sandbox", "--port", "0"], environment: scratch.environment())
            _ = try await sandbox.waitForOutput(timeout: 20, "listening line") { $0.contains("listening on http://127.0.0.1:") ? true : nil }
            #expect(try await sandbox.terminate() == 0, "\(sandbox.printed)")
            #expect(sandbox.printed.contains("Stopping the sandbox"), "\(sandbox.printed)")
        }
    }
}
