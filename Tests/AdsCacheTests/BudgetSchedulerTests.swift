@testable import AdsCache
import Foundation
import PinterestAds
import PinterestSandbox
import Testing

/// The request budget in the engine, driven through `EngineCore` alone with a simulated clock:
/// every timer fires at its time, every fetch costs the requests its listing takes (a page per
/// 250 items) and lands half a second later, and the budget state is fed back after each fetch
/// as `AdsEngine` does.
@Suite("Request budget scheduler")
struct BudgetSchedulerTests {
    /// 2026-12-01 00:00:00 UTC: a simulated day is one UTC day.
    static let midnight = Date(timeIntervalSince1970: 1_796_083_200)

    /// The account a simulation serves.
    struct Account {
        var accounts: [AdAccount]
        var campaigns: [Campaign]
        var adGroups: [AdGroup]
        var ads: [Ad]

        /// The demo account of `pinwatch --demo`.
        static func demo() -> Account {
            let data = DemoData.make(now: BudgetSchedulerTests.midnight)
            let id = DemoData.primaryAccountID
            return Account(accounts: data.accounts, campaigns: data.campaigns.filter { $0.adAccountId == id },
                           adGroups: data.adGroups.filter { $0.adAccountId == id }, ads: data.ads.filter { $0.adAccountId == id })
        }

        /// `groups` ad groups with `adsPerGroup` ads each.
        static func large(groups: Int, adsPerGroup: Int) -> Account {
            let snapshot = LargeSnapshot.make(groups: groups, adsPerGroup: adsPerGroup)
            return Account(accounts: [Fixture.account], campaigns: snapshot.campaigns, adGroups: snapshot.adGroups,
                           ads: snapshot.allAds)
        }
    }

    /// The engine core, its timers, its fetches and a ledger, on a simulated clock.
    struct Simulation {
        var core: EngineCore
        var account: Account
        var budget: RequestBudget
        var share: Double
        var now: Date
        /// Where requests are counted: this simulation's own, or one shared with others.
        var ledger: any RequestLedger
        var timers: [EngineTimer: (at: Date, generation: Int)] = [:]
        var landing: [(at: Date, request: FetchRequest)] = []
        /// Every request sent, with its time and category.
        var sent: [(at: Date, category: RateLimitCategory)] = []
        /// The largest age the on-screen ad groups reached after the first refresh.
        var largestAdGroupAge: TimeInterval = 0
        var random = SystemRandomNumberGenerator()

        init(account: Account, budget: RequestBudget, share: Double = 0.8, start: Date = BudgetSchedulerTests.midnight,
             alreadyUsed: [RateLimitCategory: Int] = [:], ledger: any RequestLedger = InMemoryRequestLedger()) {
            core = EngineCore(accountID: DemoData.primaryAccountID, configuration: RefreshConfiguration(),
                              readOnly: false, hasCache: false, user: "tester")
            self.account = account
            self.budget = budget
            self.share = share
            now = start
            self.ledger = ledger
            for (category, count) in alreadyUsed {
                for _ in 0..<count { ledger.record(category, at: start) }
            }
        }

        var state: BudgetState { BudgetState(budget: budget, share: share, usage: ledger.usage(at: now)) }

        mutating func send(_ event: EngineEvent) {
            for action in core.handle(event) {
                switch action {
                case .armTimer(let timer, let generation, let after):
                    timers[timer] = (now.addingTimeInterval(after), generation)
                case .cancelTimer(let timer):
                    timers[timer] = nil
                case .fetch(let request):
                    for _ in 0..<cost(request.parameters) {
                        let category = BudgetPlan.category(of: request.id.kind)
                        ledger.record(category, at: now)
                        sent.append((now, category))
                    }
                    landing.append((now.addingTimeInterval(0.5), request))
                default:
                    break
                }
            }
        }

        func pages(_ count: Int) -> Int { max(1, (count + 249) / 250) }

        func cost(_ parameters: FetchRequest.Parameters) -> Int {
            switch parameters {
            case .accounts: pages(account.accounts.count)
            case .campaigns: pages(account.campaigns.count)
            case .adGroups: pages(account.adGroups.count)
            case .adsInView: 1
            case .ads: pages(account.ads.count)
            case .analytics(let scope): scope.requestCount
            }
        }

        func result(_ parameters: FetchRequest.Parameters) -> FetchResult {
            switch parameters {
            case .accounts: return .accounts(account.accounts)
            case .campaigns: return .campaigns(account.campaigns)
            case .adGroups: return .adGroups(account.adGroups, pages: nil)
            case .adsInView(let group): return .adsInView(group: group, account.ads.filter { $0.adGroupId == group })
            case .ads:
                var listing = AdsListing(residentLimit: 10_000, recent: [])
                listing.add(ListedPage(digest: nil, bookmark: nil, content: .decoded(account.ads)))
                return .ads(listing)
            case .analytics: return .analytics(AnalyticsResult(adGroups: [:], levels: LevelMetrics()))
            }
        }

        /// Starts the engine and runs it until `end`.
        mutating func run(until end: Date) {
            send(.budgetChanged(state, now: now))
            send(.started(hold: nil, now: now))
            advance(until: end)
        }

        /// When the next timer fires or fetch lands.
        var nextEvent: Date {
            min(timers.values.map(\.at).min() ?? .distantFuture, landing.map(\.at).min() ?? .distantFuture)
        }

        /// Runs timers and landings in time order until `end`.
        mutating func advance(until end: Date) {
            while step(until: end) {}
            if let last = core.snapshot.collections[.adGroups]?.lastFetched {
                largestAdGroupAge = max(largestAdGroupAge, end.timeIntervalSince(last))
            }
            now = end
        }

        /// Runs the next timer or landing if it comes by `end`; false when none does.
        mutating func step(until end: Date) -> Bool {
            let nextTimer = timers.min { $0.value.at < $1.value.at }
            let nextLanding = landing.indices.min { landing[$0].at < landing[$1].at }
            let timerAt = nextTimer?.value.at ?? .distantFuture
            let landingAt = nextLanding.map { landing[$0].at } ?? .distantFuture
            guard min(timerAt, landingAt) <= end else { return false }
            if landingAt <= timerAt, let index = nextLanding {
                let (at, request) = landing.remove(at: index)
                now = at
                if request.id.kind == .adGroups, let last = core.snapshot.collections[.adGroups]?.lastFetched {
                    largestAdGroupAge = max(largestAdGroupAge, now.timeIntervalSince(last))
                }
                send(.budgetChanged(state, now: now))
                send(.fetchFinished(request.id, result(request.parameters), now: now,
                                    jitter: Double.random(in: 0...1, using: &random)))
            } else if let (timer, armed) = nextTimer {
                now = armed.at
                timers[timer] = nil
                send(.timerFired(timer, generation: armed.generation, now: now))
            }
            return true
        }

        /// The most requests of `category` in any one clock minute.
        func busiestMinute(_ category: RateLimitCategory) -> Int {
            var perMinute: [Date: Int] = [:]
            for request in sent where request.category == category {
                perMinute[RequestUsage.minuteStart(of: request.at), default: 0] += 1
            }
            return perMinute.values.max() ?? 0
        }
    }

    /// The bound on the age of the on-screen ad groups: the longest interval of what is on screen,
    /// plus the jitter (10 %), plus the half second a fetch takes.
    static let onScreenAgeBound = BudgetPlan.longestOnScreen * 1.1 + 0.5

    @Test("24 simulated hours on Trial, the demo account, default settings: at most 800 requests, never a day over 1,000, on-screen ad groups fresh", .tags(.slow))
    func trialDay() {
        var simulation = Simulation(account: .demo(), budget: RequestBudget(tier: .trial))
        simulation.run(until: Self.midnight.addingTimeInterval(86_400))
        let total = simulation.sent.count
        #expect(total <= 800, "sent \(total)")
        #expect(total >= 500, "the budget is used, not hoarded: \(total)")
        #expect(simulation.largestAdGroupAge <= Self.onScreenAgeBound, "\(simulation.largestAdGroupAge) s")
        print("Trial day, demo account: \(total) requests; on-screen ad groups at most \(Int(simulation.largestAdGroupAge)) s old")
    }

    @Test("Trial started at noon with 700 requests already used today by other Pinwatch processes: only the floors are kept, the day stays under 1,000 and the screen fresh")
    func trialSharedDay() {
        let noon = Self.midnight.addingTimeInterval(43_200)
        var simulation = Simulation(account: .demo(), budget: RequestBudget(tier: .trial), start: noon,
                                    alreadyUsed: [.adsRead: 700])
        simulation.run(until: Self.midnight.addingTimeInterval(86_400))
        // 12 hours at the longest intervals: ad groups every 300 s (144), campaigns every 1,800 s (24),
        // all ads every 2 h (6), analytics every 3 h (4 × 3: the account, its campaigns, its ad groups),
        // accounts every 6 h (2), plus the start.
        #expect(simulation.sent.count <= 198, "sent \(simulation.sent.count)")
        #expect(700 + simulation.sent.count < 1_000, "no 429")
        #expect(simulation.largestAdGroupAge <= Self.onScreenAgeBound, "\(simulation.largestAdGroupAge) s")
    }

    @Test("two dashboards and a status every minute on one host, Trial, 24 simulated hours, one shared ledger file: together within the day", .tags(.slow))
    func twoDashboardsAndCronStatus() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-\(UUID().uuidString)/requests.ledger")
        let end = Self.midnight.addingTimeInterval(86_400)
        // Each process has its own view of the file, as separate processes do (flock is per open file).
        var dashboards = [
            Simulation(account: .demo(), budget: RequestBudget(tier: .trial), ledger: SharedRequestLedger(fileURL: file)),
            Simulation(account: .demo(), budget: RequestBudget(tier: .trial), start: Self.midnight.addingTimeInterval(7),
                       ledger: SharedRequestLedger(fileURL: file)),
        ]
        for index in dashboards.indices {
            dashboards[index].send(.budgetChanged(dashboards[index].state, now: dashboards[index].now))
            dashboards[index].send(.started(hold: nil, now: dashboards[index].now))
        }
        let statusLedger = SharedRequestLedger(fileURL: file)
        let account = Account.demo()
        var statusRequests = 0, nextStatus = Self.midnight.addingTimeInterval(30)
        while true {
            let next = dashboards.indices.min { dashboards[$0].nextEvent < dashboards[$1].nextEvent }
            let dashboardAt = next.map { dashboards[$0].nextEvent } ?? .distantFuture
            if nextStatus <= dashboardAt, nextStatus <= end {
                // `pinwatch status` (tier known): the cache a dashboard saved answers when its ad groups
                // are at most 360 s old (the dashboards save every 60 s; counted here as saved at once,
                // so the 60 s are covered by the margin of 360 over the 330 s bound).
                let freshest = dashboards.compactMap { $0.core.snapshot.collections[.adGroups]?.lastFetched }.max()
                if freshest.map({ nextStatus.timeIntervalSince($0) > 360 - 60 }) ?? true {
                    // accounts, campaigns, ad groups, all ads and analytics: a page each for the demo account
                    let pages = [account.accounts.count, account.campaigns.count, account.adGroups.count, account.ads.count,
                                 account.adGroups.count].map { max(1, ($0 + 249) / 250) }.reduce(0, +)
                    for _ in 0..<pages { statusLedger.record(.adsRead, at: nextStatus) }
                    statusRequests += pages
                }
                nextStatus = nextStatus.addingTimeInterval(60)
                continue
            }
            guard let index = next, dashboardAt <= end else { break }
            _ = dashboards[index].step(until: end)
        }
        let counted = statusLedger.usage(at: end.addingTimeInterval(-1)).totalToday
        let sent = dashboards.map(\.sent.count).reduce(0, +) + statusRequests
        #expect(counted == sent, "the ledger file counted every request")
        #expect(sent <= 800, "dashboards \(dashboards.map(\.sent.count)), status \(statusRequests)")
        for dashboard in dashboards {
            #expect(dashboard.largestAdGroupAge <= Self.onScreenAgeBound, "\(dashboard.largestAdGroupAge) s")
        }
        print("Two dashboards and status every minute, Trial day: \(sent) requests (dashboards \(dashboards.map(\.sent.count)), status \(statusRequests)); on-screen ad groups at most \(dashboards.map { Int($0.largestAdGroupAge) }) s old")
    }

    @Test("10,000 ad groups on Standard: at most 50 % of each category in any minute", .tags(.slow))
    func standardLargeAccount() {
        var simulation = Simulation(account: .large(groups: 10_000, adsPerGroup: 5), budget: RequestBudget(tier: .standard))
        simulation.run(until: Self.midnight.addingTimeInterval(1_800))
        let read = simulation.busiestMinute(.adsRead), analytics = simulation.busiestMinute(.adsAnalytics)
        #expect(read <= 500, "ads_read \(read) in a minute")
        #expect(analytics <= 150, "ads_analytics \(analytics) in a minute")
        print("Standard, 10,000 ad groups: busiest minute ads_read \(read)/1,000, ads_analytics \(analytics)/300")
    }

    /// Cadences the plan gives for a budget, in the table below.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var budget: RequestBudget
        var used: [RateLimitCategory: Int]
        var at: TimeInterval
        var testDescription: String { name }
    }

    @Test("what is stretched first: analytics, then all ads, then ad groups; what is on screen keeps its bound", arguments: [
        Row(name: "Trial at midnight, nothing used", budget: RequestBudget(tier: .trial), used: [:], at: 0),
        Row(name: "Trial at 18:00, 790 used", budget: RequestBudget(tier: .trial), used: [.adsRead: 790], at: 64_800),
        Row(name: "Trial, the day spent", budget: RequestBudget(tier: .trial), used: [.adsRead: 1_000], at: 3_600),
        Row(name: "Standard, ads_read minute spent", budget: RequestBudget(tier: .standard), used: [.adsRead: 1_000], at: 10),
        Row(name: "a tiny Standard budget", budget: RequestBudget(tier: .standard, perMinute: [.adsRead: 5, .adsAnalytics: 1]),
            used: [:], at: 0),
    ])
    func priorities(row: Row) {
        let now = Self.midnight.addingTimeInterval(row.at)
        var usage = RequestUsage(at: now)
        for (category, count) in row.used { usage.add(category, count: count, at: now) }
        let costs: [CollectionKind: Int] = [.accounts: 1, .campaigns: 1, .adGroups: 1, .ads: 1, .analytics: 1]
        let base = RefreshConfiguration()
        let plan = BudgetPlan.make(state: BudgetState(budget: row.budget, usage: usage), costs: costs,
                                   cadences: { base.interval(for: $0) }, onScreen: .adGroups, now: now)
        let interval = { (kind: CollectionKind) in plan.intervals[kind] ?? 0 }
        for kind in costs.keys {
            #expect(interval(kind) >= base.interval(for: kind) - 0.001, "\(kind) never faster than asked")
        }
        #expect(interval(.adGroups) <= BudgetPlan.longestOnScreen, "on screen never starved")
        // Stretched in order: a collection is stretched (relative to its cadence) at least as much as any above it.
        let stretch = { (kind: CollectionKind) in interval(kind) / base.interval(for: kind) }
        #expect(stretch(.adGroups) <= stretch(.ads) + 0.001 || interval(.ads) >= BudgetPlan.longest[.ads] ?? 0)
        if row.budget.perDay != nil {
            // Trial: one budget for every category. Standard: analytics have a budget of their own.
            #expect(stretch(.ads) <= stretch(.analytics) + 0.001 || interval(.analytics) >= BudgetPlan.longest[.analytics] ?? 0)
        }
    }

    @Test("without a budget the configured cadences apply")
    func noBudget() {
        var machine = EngineCoreTests.Machine()
        machine.start()
        let actions = machine.landAll()
        #expect(actions.armed[.refresh(.adGroups)] == 30)
    }

    @Test("a 429 wins over the plan: nothing is fetched before it ends")
    func rateLimitWins() {
        var simulation = Simulation(account: .demo(), budget: RequestBudget(tier: .standard))
        simulation.run(until: Self.midnight.addingTimeInterval(1))
        simulation.send(.refreshRequested([.adGroups], now: simulation.now))
        guard let request = simulation.landing.first(where: { $0.request.id.kind == .adGroups })?.request else {
            Issue.record("no ad groups fetch")
            return
        }
        simulation.landing.removeAll { $0.request.id == request.id }
        let until = simulation.now.addingTimeInterval(600)
        simulation.send(.rateLimited(request.id, until: until, now: simulation.now))
        let before = simulation.sent.count
        simulation.advance(until: until.addingTimeInterval(-1))
        #expect(simulation.sent.count == before, "nothing sent while rate limited")
        simulation.advance(until: until.addingTimeInterval(60))
        #expect(simulation.sent.count > before, "refreshing resumes after the pause")
    }
}

extension BudgetSchedulerTests {
    @Test("a budget report publishes nothing by itself; the next fetch's publication carries it")
    func budgetRidesOnFetches() {
        var machine = EngineCoreTests.Machine()
        machine.start()
        machine.landAll()
        let state = BudgetState(budget: RequestBudget(tier: .trial), usage: RequestUsage(at: machine.now))
        #expect(machine.send(.budgetChanged(state, now: machine.now)).published.isEmpty)
        machine.send(.refreshRequested([.adGroups], now: machine.now))
        let landed = machine.land(.adGroups, machine.seedResult(.adGroups))
        #expect(landed.published.last?.budget == state)
    }
}
