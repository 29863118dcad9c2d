import AdsCache
import ArgumentParser
import Foundation
import MetricsExport
import PinterestAds

/// `pinwatch exporter`: the engine without a terminal, its snapshots served as Prometheus metrics.
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Serve an ad account's ad groups, ads and API usage as Prometheus metrics on /metrics.",
        discussion: """
            Refreshes the account as the dashboard does (same cache, same cadences) and answers \
            GET /metrics in the Prometheus text format. Runs until SIGINT or SIGTERM. The access \
            token never appears in the metrics.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Address to serve on: host:port, [ipv6]:port; port 0 picks a free one.", valueName: "host:port"))
    var listen: String = "127.0.0.1:9464"

    @Option(name: .long, help: ArgumentHelp("Ad groups refresh every SECONDS (default 30); the other cadences scale with it.", valueName: "seconds"))
    var refresh: Double?

    func validate() throws {
        guard ListenAddress(listen) != nil else {
            throw ValidationError("--listen takes host:port with an IP address, like 127.0.0.1:9464 or [::1]:9464.")
        }
        if let refresh, !(refresh >= 1 && refresh <= 86_400) {
            throw ValidationError("--refresh must be between 1 and 86400 seconds.")
        }
    }

    func run() async throws {
        do {
            try await serve()
        } catch {
            throw CleanExit.failure(error)
        }
    }

    private func serve() async throws(UserError) {
        guard let address = ListenAddress(listen) else { throw UserError("Bad --listen \(listen).") }
        let logger = try LogSetup.makeOrFail(logFile: connection.logFile)
        let session = try await Session.open(connection, logger: logger)
        let account: AdAccount
        do {
            account = try await session.resolveAccount().account
        } catch {
            await session.close()
            throw error
        }
        let feed = session.connect(accountID: account.id, refresh: session.refreshConfiguration(adGroupsSeconds: refresh))
        let exporter = MetricsExporter(store: feed.store, accountID: account.id, requests: session.budget)
        let server: MetricsServer
        let url: URL
        do {
            server = try MetricsServer(address: address, metrics: { exporter.text() })
            url = try await server.start()
        } catch {
            exporter.close()
            await session.close()
            throw UserError("Cannot serve metrics: \(error).", hint: "Choose another --listen address (port 0 picks a free one).")
        }
        feed.engine.start()
        let termination = Termination()
        say("Serving Prometheus metrics of ad account \(account.id) on \(url.absoluteString)")
        await termination.wait()
        await server.stop()
        feed.engine.stop()
        exporter.close()
        await session.close()
    }

    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

extension SessionBudget: RequestAccounting {
    var requestTotals: [RateLimitCategory: Int] { totals }

    func budgetState(at now: Date) -> BudgetState? {
        current(at: now)
    }
}
