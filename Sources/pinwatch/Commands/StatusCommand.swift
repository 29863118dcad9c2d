import AdsCache
import ArgumentParser
import Dashboard
import Foundation
import PinterestAds
import ScreenGrid

/// `pinwatch status`: one look at the account's ad groups, for scripts and cron.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print ad groups with status, budget, bid, spend today and ad review counts, then exit.",
        discussion: "Exit codes: 0 ok, 3 when --fail-on-rejected and an ad is REJECTED, 1 on errors.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    enum Range: String, ExpressibleByArgument, CaseIterable {
        case today, yesterday
        case last7Days = "7d"
        case last30Days = "30d"

        var metricsRange: MetricsRange {
            switch self {
            case .today: .today
            case .yesterday: .yesterday
            case .last7Days: .last7Days
            case .last30Days: .last30Days
            }
        }
    }

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: Format = .table

    @Option(name: .long, help: "Metrics for today, yesterday, 7d or 30d (in the account's reporting time zone).")
    var range: Range = .today

    @Flag(name: .customLong("fail-on-rejected"), help: "Exit with code 3 when any ad is REJECTED (for alerting).")
    var failOnRejected = false

    @Option(name: .customLong("max-age"), help: ArgumentHelp("Answer from the cache, without a request, when its ad groups were fetched at most this long ago (by a running dashboard, or an earlier status). Default under a request budget (--api-tier, api_tier or learnt): 360, as a dashboard on a budget refreshes what is on screen at least every 5 minutes and saves every minute; without one: 0, always fetch.", valueName: "seconds"))
    var maxAge: Double?

    func validate() throws {
        if let maxAge, !(maxAge >= 0) { throw ValidationError("--max-age must be 0 or more seconds.") }
    }

    func run() async throws {
        do {
            let snapshot = try await fetchSnapshot()
            print(StatusReport.render(snapshot.rows, format: format, range: range.metricsRange), terminator: "")
            if failOnRejected, snapshot.rows.contains(where: { $0.rejectedAds > 0 }) {
                // An alert that only says "exit 3" sends someone to the dashboard to find out which.
                FileHandle.standardError.write(Data(StatusReport.rejectedReport(snapshot.rejected).utf8))
                throw ExitCode(3)
            }
        } catch let error as UserError {
            throw CleanExit.failure(error)
        }
    }

    private func fetchSnapshot() async throws(UserError) -> (rows: [StatusReport.Row], rejected: [StatusReport.RejectedAd]) {
        let logger = try LogSetup.makeOrFail(logFile: connection.logFile)
        let session = try await Session.open(connection, logger: logger)
        if let cached = freshCache(session), let account = cached.account {
            await session.close()
            return (StatusReport.rows(from: cached, account: account), StatusReport.rejectedAds(in: cached))
        }
        let account = try await session.resolveAccount().account
        let refresh = session.refreshConfiguration(adGroupsSeconds: nil)
        // The engine fetches only while started: start it (every collection is fetched at once) and
        // wait for those fetches; the next ones are minutes away and `stop()` cancels them. When
        // another Pinwatch process fetches this account, the engine follows it and only reads the
        // cache: that answers if the cache is fresh, else this run fetches for itself.
        var snapshot = await Self.look(session.connect(accountID: account.id, refresh: refresh))
        if snapshot.following != nil, !Self.isFresh(snapshot, refresh: refresh, now: Date()) {
            snapshot = await Self.look(session.connect(accountID: account.id, refresh: refresh, shared: false))
        }
        await session.close()
        // A status for scripts must be current: a cached copy after a failed fetch is not good enough.
        if let failure = snapshot.collections[.adGroups]?.lastError {
            throw UserError("Could not load ad groups: \(failure).", hint: "Try again; use --log-file to see details.")
        }
        if let failure = snapshot.collections[.analytics]?.lastError {
            throw UserError("Could not load the metrics: \(failure).", hint: "Try again; use --log-file to see details.")
        }
        return (StatusReport.rows(from: snapshot, account: snapshot.account ?? account, range: range.metricsRange),
                StatusReport.rejectedAds(in: snapshot))
    }

    /// The cached snapshot of the account asked for (`--account` or the config) when its ad groups
    /// are at most `--max-age` old; nil when there is none, it is older, or no account was named.
    private func freshCache(_ session: Session) -> Snapshot? {
        guard let accountID = session.requestedAccountID, session.hasCache(accountID: accountID),
              let cache = try? CacheDatabase(directory: session.cacheDirectory, accountID: accountID,
                                             identity: session.identity, logger: session.logger),
              let snapshot = cache.loadSnapshot(),
              let fetched = snapshot.collections[.adGroups]?.lastFetched else { return nil }
        let budgeted = session.budget.current(at: Date()) != nil
        let defaultAge = budgeted ? BudgetPlan.longestOnScreen + RefreshConfiguration().cacheSaveInterval : 0
        let age = Date().timeIntervalSince(fetched)
        guard age >= 0, age <= (maxAge ?? defaultAge) else { return nil }
        session.logger.debug("Answering from the cache: ad groups fetched \(Int(age)) s ago")
        return snapshot
    }
}

extension StatusCommand {
    /// Starts the engine, waits until it has fetched (or read the cache, when following) and stops it.
    static func look(_ connection: AccountConnection) async -> Snapshot {
        connection.engine.start()
        await connection.engine.waitForIdle()
        let snapshot = connection.store.current
        connection.engine.stop()
        return snapshot
    }

    /// Whether a followed leader saved the ad groups within two of their cadences.
    static func isFresh(_ snapshot: Snapshot, refresh: RefreshConfiguration, now: Date) -> Bool {
        guard let fetched = snapshot.collections[.adGroups]?.lastFetched else { return false }
        return now.timeIntervalSince(fetched) <= 2 * refresh.interval(for: .adGroups)
    }
}

/// The rows and the three output formats of `pinwatch status`.
enum StatusReport {
    struct Row: Equatable {
        var id: String
        var name: String
        var campaign: String
        var status: String
        var summaryStatus: String
        var budget: String
        var budgetType: String
        var bid: String
        var spendToday: String
        var ads: Int
        var pendingAds: Int
        var rejectedAds: Int
        /// The range's delivery (zero when unknown), and the account's currency code.
        var delivery = Delivery()
        var currency = ""

        /// Money in the account's currency.
        var money: MoneyFormatter { MoneyFormatter(currency: currency.isEmpty ? nil : Currency(rawValue: currency)) }
    }

    static func rows(from snapshot: Snapshot, account: AdAccount, range: MetricsRange = .today) -> [Row] {
        let money = account.moneyFormatter()
        let campaigns = Dictionary(snapshot.campaigns.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        return snapshot.adGroups.map { group in
            let ads = snapshot.adCounts(of: group.id) ?? AdCounts()
            return Row(
                id: group.id, name: group.name ?? "", campaign: group.campaignId.flatMap { campaigns[$0] } ?? "",
                status: group.status?.rawValue ?? "", summaryStatus: group.summaryStatus?.rawValue ?? "",
                budget: group.budgetInMicroCurrency.map { money.format(micros: $0) } ?? "",
                budgetType: group.budgetType?.rawValue ?? "",
                bid: group.bidStrategyType == .automaticBid || group.bidInMicroCurrency == nil
                    ? "auto" : money.format(micros: group.bidInMicroCurrency ?? 0),
                spendToday: money.format(micros: snapshot.metrics[group.id]?.spendToday ?? 0),
                ads: ads.total, pendingAds: ads.pending, rejectedAds: ads.rejected,
                delivery: snapshot.metrics[group.id]?[range] ?? Delivery(),
                currency: account.currency?.rawValue ?? "")
        }
    }

    static let headers = ["ID", "NAME", "CAMPAIGN", "STATUS", "SUMMARY", "BUDGET", "TYPE", "BID", "SPEND TODAY",
                          "ADS", "PENDING", "REJECTED", "SPEND", "IMPRESSIONS", "CLICKS", "OUTBOUND CLICKS", "CTR",
                          "CPC", "CPM", "CONVERSIONS", "ROAS"]

    static func fields(_ row: Row) -> [String] {
        let d = row.delivery
        func money(_ micros: Double?) -> String {
            guard let micros, micros.isFinite, abs(micros) < 9e18 else { return "" }
            return row.money.format(micros: Int(micros.rounded()))
        }
        return [row.id, row.name, row.campaign, row.status, row.summaryStatus, row.budget, row.budgetType, row.bid,
                row.spendToday, String(row.ads), String(row.pendingAds), String(row.rejectedAds),
                row.money.format(micros: d.spend), String(d.impressions), String(d.clicks), String(d.outboundClicks),
                d.ctr.map { String(format: "%.2f%%", $0 * 100) } ?? "", money(d.cpc), money(d.cpm),
                String(d.conversions), d.roas.map { String(format: "%.2f", $0) } ?? ""]
    }

    static func render(_ rows: [Row], format: StatusCommand.Format, range: MetricsRange = .today) -> String {
        switch format {
        case .table: return table(rows)
        case .csv: return csv(rows)
        case .json: return json(rows, range: range)
        }
    }

    /// Aligned columns by display width; every API string sanitized, long names truncated.
    static func table(_ rows: [Row]) -> String {
        let cells = [headers] + rows.map { fields($0).map { DisplayWidth.truncate(TextSanitizer.sanitize($0), toWidth: 40, ellipsis: "…") } }
        var widths = Array(repeating: 0, count: headers.count)
        for line in cells {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        let numeric = Set([5, 7, 8, 9, 10, 11]).union(12..<headers.count)
        return cells.map { line in
            line.enumerated().map { index, cell in
                DisplayWidth.pad(cell, toWidth: widths[index], alignment: numeric.contains(index) ? .right : .left)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV. Text is sanitized too: a CSV often ends up in a terminal.
    static func csv(_ rows: [Row]) -> String {
        func quote(_ field: String) -> String {
            let clean = TextSanitizer.sanitize(field)
            guard clean.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return clean }
            return "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([headers] + rows.map(fields)).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// JSON for machines: the raw values, with every control and invisible format character escaped
    /// so that the text is safe in a terminal too.
    static func json(_ rows: [Row], range: MetricsRange = .today) -> String {
        let objects: [[String: Any]] = rows.map { row in
            let d = row.delivery
            // Money in currency units, CTR a fraction; a rate with nothing to divide by is 0, so that
            // every field is a number.
            func units(_ micros: Double?) -> Double { micros.map { $0 / 1_000_000 } ?? 0 }
            return ["id": row.id, "name": row.name, "campaign": row.campaign, "status": row.status,
                    "summary_status": row.summaryStatus, "budget": row.budget, "budget_type": row.budgetType,
                    "bid": row.bid, "spend_today": row.spendToday, "ads": row.ads, "pending_ads": row.pendingAds,
                    "rejected_ads": row.rejectedAds, "range": range.rawValue, "currency": row.currency,
                    "spend": Double(d.spend) / 1_000_000, "impressions": d.impressions, "clicks": d.clicks,
                    "outbound_clicks": d.outboundClicks, "ctr": d.ctr ?? 0, "cpc": units(d.cpc),
                    "cpm": units(d.cpm), "conversions": d.conversions, "roas": d.roas ?? 0]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]) else {
            return "[]\n"
        }
        return TerminalSafeJSON.escape(String(decoding: data, as: UTF8.self)) + "\n"
    }
}
