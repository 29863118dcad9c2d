import AdsCache
import Foundation
import PinterestAds
import Testing

/// The alert rules as a pure function: snapshots before and after, history and clock in, alerts out.
@Suite("Alert rules")
struct AlertRulesTests {
    static let utc = TimeZone(identifier: "UTC") ?? .current
    /// Sunday 6 December 2026, 15:00 UTC: more than half the day gone.
    static let afternoon = Date(timeIntervalSince1970: 1_796_569_200)

    /// A live snapshot: one campaign, two ad groups (daily budgets of $10), three ads, metrics.
    static func live(adReview: [String: ReviewStatus] = [:], reasons: [RejectedReason] = [.clickbait],
                     groupSummary: [String: AdGroupSummaryStatus] = [:], campaignSummary: CampaignSummaryStatus = .running,
                     spend: [String: Int] = [:], account: AdAccount = Fixture.account) -> Snapshot {
        let groups = ["g1", "g2"].map { id in
            var group = Fixture.adGroup(id, budget: 10_000_000)
            group.budgetType = .daily
            group.summaryStatus = groupSummary[id] ?? .running
            return group
        }
        var campaign = Fixture.campaign("c1")
        campaign.summaryStatus = campaignSummary
        let ads = ["a1": "g1", "a2": "g1", "a3": "g2"].map { id, group in
            let review = adReview[id] ?? .approved
            return Fixture.ad(id, group: group, review: review, reasons: review == .rejected ? reasons : nil)
        }
        var metrics: [String: AdGroupMetrics] = [:]
        for group in groups {
            // By default on pace: the share of the day gone (15/24) of $10.
            metrics[group.id] = AdGroupMetrics(spendToday: spend[group.id] ?? 6_250_000)
        }
        return Snapshot(account: account, campaigns: [campaign], adGroups: groups,
                        adsByAdGroup: Dictionary(grouping: ads.sorted { $0.id < $1.id }, by: { $0.adGroupId ?? "" }),
                        metrics: metrics,
                        collections: [.analytics: CollectionStatus(lastFetched: afternoon)])
    }

    /// The default settings, with pacing (off by default) above 150 % and below 25 %.
    static let settings: AlertSettings = {
        var settings = AlertSettings()
        settings.pacingAbove = 1.5
        settings.pacingBelow = 0.25
        return settings
    }()

    static func input(_ before: Snapshot?, _ after: Snapshot, history: [HourSample] = [], now: Date = afternoon,
                      own: Set<String> = [], settings: AlertSettings = settings) -> AlertInput {
        AlertInput(accountID: Fixture.accountID, before: before, after: after, history: history, now: now,
                   timeZone: utc, ownActions: own, settings: settings)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let before: Snapshot?
        let after: Snapshot
        let own: Set<String>
        let expected: [String]  // "kind entity"
        var testDescription: String { name }

        init(_ name: String, _ before: Snapshot?, _ after: Snapshot, own: Set<String> = [], _ expected: [String]) {
            self.name = name
            self.before = before
            self.after = after
            self.own = own
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        Case("nothing changed", live(), live(), []),
        Case("a first load is not news", nil, live(adReview: ["a1": .rejected]), []),
        Case("an ad rejected", live(), live(adReview: ["a2": .rejected]), ["ad_rejected a2"]),
        Case("an ad already rejected", live(adReview: ["a2": .rejected]), live(adReview: ["a2": .rejected]), []),
        Case("an ad approved", live(adReview: ["a2": .pending]), live(), []),
        Case("an ad group completed", live(), live(groupSummary: ["g2": .completed]), ["delivery_stopped g2"]),
        Case("an ad group disabled", live(), live(groupSummary: ["g1": .advertiserDisabled]), ["delivery_stopped g1"]),
        Case("an ad group paused elsewhere", live(), live(groupSummary: ["g1": .paused]), ["delivery_stopped g1"]),
        Case("an ad group paused by this Pinwatch", live(), live(groupSummary: ["g1": .paused]), own: ["g1"], []),
        Case("an ad group archived is not a stop of delivery", live(), live(groupSummary: ["g1": .archived]), []),
        Case("a campaign completed", live(), live(campaignSummary: .completed), ["delivery_stopped c1"]),
        Case("a budget spent", live(spend: ["g1": 9_000_000]), live(spend: ["g1": 10_000_000]),
             ["budget_exhausted g1", "pacing_high g1"]),
        Case("over-pacing", live(), live(spend: ["g2": 9_500_000]), ["pacing_high g2"]),
        Case("under-pacing", live(), live(spend: ["g2": 1_000_000]), ["pacing_low g2"]),
        Case("the ad account under review", live(), live(account: troubled("UNDER_REVIEW")), ["account_status 549755885175"]),
        Case("the ad account still under review", live(account: troubled("UNDER_REVIEW")),
             live(account: troubled("UNDER_REVIEW")), []),
    ]

    static func troubled(_ status: String) -> AdAccount {
        var account = Fixture.account
        account.additionalProperties["status"] = .string(status)
        return account
    }

    @Test("each rule fires on its happening and only then", arguments: cases)
    func table(_ test: Case) {
        let alerts = AlertRules.evaluate(Self.input(test.before, test.after, own: test.own))
        #expect(alerts.map { "\($0.kind.rawValue) \($0.entityID)" }.sorted() == test.expected.sorted())
    }

    @Test("a rejection alert names the ad and the reasons, and its key the reasons")
    func rejectionWords() throws {
        let alert = try #require(AlertRules.evaluate(Self.input(Self.live(), Self.live(adReview: ["a1": .rejected],
                                                                                             reasons: [.clickbait, .weightLoss]))).first)
        #expect(alert.message == "ad 'Ad a1' rejected: Clickbait, Weight loss")
        #expect(alert.entityType == "ad" && alert.accountID == Fixture.accountID && alert.name == "Ad a1")
        #expect(alert.key == "ad_rejected:549755885175:ad:a1:CLICKBAIT,WEIGHT_LOSS")
    }

    @Test("a snapshot still from the cache is not judged")
    func staleIsSilent() {
        var cached = Self.live(adReview: ["a1": .rejected])
        cached.cachedAt = Self.afternoon
        #expect(AlertRules.evaluate(Self.input(Self.live(), cached)).isEmpty)
    }

    @Test("pacing is silent early in the day, and off when its thresholds are")
    func pacingQuietHours() {
        let morning = Self.afternoon.addingTimeInterval(-12 * 3600)  // 03:00
        #expect(AlertRules.evaluate(Self.input(Self.live(), Self.live(spend: ["g2": 9_000_000]), now: morning)).isEmpty)
        var off = Self.settings
        off.pacingAbove = nil
        off.pacingBelow = nil
        #expect(AlertRules.evaluate(Self.input(Self.live(), Self.live(spend: ["g2": 9_500_000]), settings: off)).isEmpty)
    }

    @Test("a pacing model plugs in as a rule")
    func pluggablePacing() {
        struct Double: PacingModel {
            func pace(of group: AdGroup, metrics: AdGroupMetrics, input: AlertInput) -> Swift.Double? { 2 }
        }
        let alerts = AlertRules.evaluate(Self.input(Self.live(), Self.live(spend: ["g1": 6_000_000])),
                                         rules: AlertRules.standard(pacing: Double()))
        #expect(alerts.map(\.kind) == [.pacingHigh, .pacingHigh])
    }

    /// History of the same hour in earlier weeks: `spends` in dollars, 10,000 impressions and
    /// 100 clicks (1 % CTR) each.
    static func history(_ spends: [Int], clicks: Int = 100) -> [HourSample] {
        spends.enumerated().map { weeks, dollars in
            HourSample(hour: afternoon.addingTimeInterval(-Swift.Double(7 * 86_400 * (weeks + 1))),
                       spend: dollars * 1_000_000, impressions: 10_000, clicks: clicks)
        }
    }

    static func withTotals(spend: Int, impressions: Int, clicks: Int) -> Snapshot {
        var snapshot = live()
        snapshot.metrics = ["g1": AdGroupMetrics(spendToday: spend / 2, impressionsToday: impressions / 2, clicksToday: clicks / 2),
                            "g2": AdGroupMetrics(spendToday: spend / 2, impressionsToday: impressions / 2, clicksToday: clicks / 2)]
        return snapshot
    }

    @Test("spend and CTR far from the same hour of earlier weeks, silent until three weeks of history",
          arguments: [
            (weeks: 2, spend: 40, clicks: 100, expected: [String]()),
            (weeks: 3, spend: 12, clicks: 100, expected: []),
            (weeks: 3, spend: 40, clicks: 100, expected: ["spend_anomaly"]),
            (weeks: 3, spend: 4, clicks: 100, expected: ["spend_anomaly"]),
            (weeks: 3, spend: 12, clicks: 400, expected: ["ctr_anomaly"]),
            (weeks: 3, spend: 12, clicks: 20, expected: ["ctr_anomaly"]),
          ])
    func anomalies(weeks: Int, spend: Int, clicks: Int, expected: [String]) {
        let before = Self.withTotals(spend: 8_000_000, impressions: 8_000, clicks: 80)
        let after = Self.withTotals(spend: spend * 1_000_000, impressions: 10_000, clicks: clicks)
        var settings = Self.settings
        settings.pacingAbove = nil
        settings.pacingBelow = nil
        settings.budgetExhausted = false
        let alerts = AlertRules.evaluate(Self.input(before, after, history: Self.history(Array([10, 11, 12, 9].prefix(weeks))),
                                                    settings: settings))
        #expect(alerts.map(\.kind.rawValue) == expected)
    }

    @Test("the same hour of earlier weeks is the same wall-clock hour across a DST change")
    func anomalyAcrossDST() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        // Monday 9 November 2026, 15:00 EST; DST ended on 1 November.
        let now = try #require(calendar.date(from: DateComponents(year: 2026, month: 11, day: 9, hour: 15)))
        let history = try [19, 26, 2].map { (day: Int) -> HourSample in
            let month = day == 2 ? 11 : 10
            let hour = try #require(calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: 15)))
            return HourSample(hour: hour, spend: 10_000_000, impressions: 10_000, clicks: 100)
        }
        var settings = AlertSettings()
        settings.budgetExhausted = false
        let after = Self.withTotals(spend: 40_000_000, impressions: 10_000, clicks: 100)
        let input = AlertInput(accountID: Fixture.accountID, before: Self.live(), after: after, history: history, now: now,
                               timeZone: newYork, settings: settings)
        #expect(AlertRules.evaluate(input).map(\.kind) == [.spendAnomaly], "three weeks found, two of them in summer time")
    }

    @Test("the hook's JSON holds the fields a script needs")
    func hookJSON() throws {
        let alert = Alert(kind: .adRejected, accountID: "1", entityType: "ad", entityID: "a1", name: "Linen \"throw\"",
                          message: "ad 'Linen' rejected", time: Self.afternoon)
        let data = alert.hookJSON
        #expect(data.last == 0x0A && data.filter { $0 == 0x0A }.count == 1, "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == ["kind": "ad_rejected", "account_id": "1", "entity_type": "ad", "entity_id": "a1",
                           "name": "Linen \"throw\"", "message": "ad 'Linen' rejected", "time": "2026-12-06T15:00:00Z"])
    }
}
