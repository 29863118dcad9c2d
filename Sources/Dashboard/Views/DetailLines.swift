import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// One line of the detail pane: an indented label and a value.
struct DetailLine: Equatable {
    /// Nesting depth (sections indent their fields).
    var depth: Int
    /// Field name for people.
    var label: String
    /// The value (empty for a section heading).
    var value: String
    /// Role of the value.
    var role: StyleRole
    /// Where the value leads, drawn as a hyperlink when the terminal shows them.
    var link: String? = nil
}

/// Every field of the selected entity, as lines: the model is encoded to JSON and walked, so new
/// and unknown fields show up too; times and micro-currency amounts are formatted.
enum DetailLines {
    /// Lines for the selected row of the current screen (empty when nothing is selected).
    static func lines(_ state: AppState) -> (title: String, lines: [DetailLine]) {
        guard let id = state.selectedID else { return ("Details", []) }
        let snapshot = state.snapshot
        let context = Walker(state: state)
        switch state.screen {
        case .adGroups:
            guard let group = snapshot.adGroups.first(where: { $0.id == id }) else { return ("Details", []) }
            var lines: [DetailLine] = []
            let budget: PaceCells.Budget? = group.budgetInMicroCurrency.flatMap { amount in
                switch group.budgetType {
                case .daily: .daily(amount)
                case .lifetime: .lifetime(amount, start: group.startDate, end: group.endDate)
                default: nil
                }
            }
            lines += metricsLines(snapshot.metrics[id], budget: budget, state, context)
            if let counts = snapshot.adCounts(of: id) {
                lines.append(context.field(0, "Ads", "\(counts.total), \(counts.rejected) rejected"))
            }
            if let pending = snapshot.pending[id] {
                lines.append(DetailLine(depth: 0, label: "Pending", value: pending.to.rawValue + state.glyphs.ellipsis,
                                        role: .pending))
            }
            return ("Ad group " + context.clean(group.name ?? id), lines + context.walk(group))
        case .ads(let adGroupID):
            guard let ad = snapshot.adsByAdGroup[adGroupID]?.first(where: { $0.id == id }) else { return ("Details", []) }
            var lines: [DetailLine] = []
            if let reasons = ad.rejectedReasons, !reasons.isEmpty {
                lines.append(DetailLine(depth: 0, label: "Rejected for",
                                        value: context.clean(reasons.map(\.label).joined(separator: ", ")),
                                        role: .reviewRejected, link: AdsManagerLink.adGuidelines))
            }
            lines += metricsLines(snapshot.levelMetrics.ads[id], budget: nil, state, context)
            return ("Ad " + context.clean(ad.name ?? id), lines + context.walk(ad))
        case .campaigns:
            guard let campaign = snapshot.campaigns.first(where: { $0.id == id }) else { return ("Details", []) }
            let cap: PaceCells.Budget? = campaign.dailySpendCap.map { .daily($0) }
                ?? campaign.lifetimeSpendCap.map { .lifetime($0, start: campaign.startDate, end: campaign.endDate) }
            let lines = metricsLines(snapshot.levelMetrics.campaigns[id], budget: cap, state, context)
            return ("Campaign " + context.clean(campaign.name ?? id), lines + context.walk(campaign))
        case .accounts:
            guard let account = snapshot.accounts.first(where: { $0.id == id }) else { return ("Details", []) }
            return ("Ad account " + context.clean(account.name ?? id), context.walk(account))
        }
    }
}

extension DetailLines {
    /// The range's metrics and the budget's pace: spend so far, the share of the day gone, the
    /// projected end-of-day spend and when the budget runs out (or a lifetime budget's projected end).
    fileprivate static func metricsLines(_ metrics: EntityMetrics?, budget: PaceCells.Budget?, _ state: AppState,
                                         _ context: Walker) -> [DetailLine] {
        guard let metrics else { return [] }
        let d = metrics[state.metricsRange]
        let dash = state.glyphs.emDash
        func money(_ micros: Double?) -> String { micros.map { context.money(Int($0.rounded())) } ?? dash }
        var lines = [
            DetailLine(depth: 0, label: state.metricsRange.label, value: "", role: .title),
            context.field(1, "Spend", context.money(d.spend)),
            context.field(1, "Impressions", Format.count(d.impressions)),
            context.field(1, "Pin clicks", Format.count(d.clicks)),
            context.field(1, "Outbound clicks", Format.count(d.outboundClicks)),
            context.field(1, "CTR", d.ctr.map { Format.percent($0, digits: 2) } ?? dash),
            context.field(1, "CPC", money(d.cpc)),
            context.field(1, "CPM", money(d.cpm)),
            context.field(1, "Conversions", Format.count(d.conversions)),
            context.field(1, "ROAS", d.roas.map(Format.ratio) ?? dash),
        ]
        if !metrics.dailySpend.isEmpty {
            lines.append(context.field(1, "Daily spend (14 d)", metrics.dailySpend.map { context.money($0) }.joined(separator: ", ")))
        }
        guard let asOf = state.snapshot.collections[.analytics]?.lastFetched else { return lines }
        let approx = state.glyphs == .ascii ? "~" : "≈"
        switch budget {
        case .daily(let amount)?:
            guard let pace = Pacing.daily(spent: metrics.spendToday, budget: amount, at: asOf,
                                          timeZone: state.reportingTimeZone) else { break }
            lines.append(DetailLine(depth: 0, label: "Pace", value: "", role: .title))
            lines.append(context.field(1, "Spent today", context.money(metrics.spendToday) + " of " + context.money(amount)))
            lines.append(context.field(1, "Day gone", Format.percent(pace.elapsed)))
            lines.append(context.field(1, "Projected today", context.money(pace.projected) + " ("
                                           + Format.percent(pace.ratio) + ")", PaceCells.role(pace.ratio)))
            if let runsOut = pace.runsOutAt {
                lines.append(context.field(1, "Budget runs out", approx + Format.clock(runsOut, state.timeZone), .warning))
            }
        case .lifetime(let amount, let start, let end)?:
            guard let start, asOf.timeIntervalSince(start) <= Double(MetricsRange.windowDays - 1) * 86_400,
                  let pace = Pacing.lifetime(spent: metrics[.last30Days].spend, lastWeek: metrics[.last7Days].spend,
                                             budget: amount, start: start, end: end, at: asOf) else { break }
            lines.append(DetailLine(depth: 0, label: "Pace", value: "", role: .title))
            lines.append(context.field(1, "Spent", context.money(metrics[.last30Days].spend) + " of " + context.money(amount),
                                       PaceCells.role(pace.ratio)))
            if let projected = pace.projectedEnd {
                let early = end.map { projected < $0 } ?? false
                lines.append(context.field(1, "Budget runs out", approx + Format.date(projected, state.timeZone),
                                           early ? .warning : .normal))
            }
        case nil: break
        }
        return lines
    }
}

/// Walks an encoded model and turns it into detail lines.
fileprivate struct Walker {
    let state: AppState
    /// Fields listed first, in this order; the rest follow alphabetically.
    static let firstKeys = ["name", "id", "status", "summary_status", "review_status", "rejected_reasons",
                            "campaign_id", "ad_group_id", "ad_account_id", "budget_in_micro_currency", "budget_type",
                            "bid_in_micro_currency", "bid_strategy_type"]

    func clean(_ s: String) -> String { TextSanitizer.sanitize(s, mode: state.glyphs == .ascii ? .ascii : .unicode) }

    func money(_ micros: Int) -> String { state.money.format(micros: micros) }

    func field(_ depth: Int, _ label: String, _ value: String, _ role: StyleRole = .normal) -> DetailLine {
        DetailLine(depth: depth, label: label, value: clean(value), role: role)
    }

    func walk<T: Encodable>(_ model: T) -> [DetailLine] {
        guard let data = try? JSONEncoder().encode(model),
              case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [] }
        var lines: [DetailLine] = []
        object(members, depth: 0, into: &lines)
        return lines
    }

    private func object(_ members: [String: JSONValue], depth: Int, into lines: inout [DetailLine]) {
        let first = Walker.firstKeys.filter { members[$0] != nil }
        let rest = members.keys.filter { !Walker.firstKeys.contains($0) }.sorted()
        for key in first + rest {
            guard let value = members[key] else { continue }
            add(key: key, label: label(key), value, depth: depth, into: &lines)
        }
    }

    private func add(key: String, label: String, _ value: JSONValue, depth: Int, into lines: inout [DetailLine]) {
        switch value {
        case .null:
            return
        case .object(let members):
            lines.append(DetailLine(depth: depth, label: label, value: "", role: .title))
            object(members, depth: depth + 1, into: &lines)
        case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
            lines.append(DetailLine(depth: depth, label: label, value: "", role: .title))
            for (index, item) in items.enumerated() {
                add(key: key, label: "#\(index + 1)", item, depth: depth + 1, into: &lines)
            }
        case .array(let items):
            let words = items.map { item in
                key == "rejected_reasons" ? (item.stringValue.map(HumanLabel.label(for:)) ?? item.displayText) : item.displayText
            }
            lines.append(field(depth, label, words.joined(separator: ", ")))
        case .int(let number):
            lines.append(field(depth, label, scalar(key: key, int: number)))
        case .double(let number) where number == number.rounded() && abs(number) < 1e15:
            lines.append(field(depth, label, String(Int(number))))
        default:
            let role: StyleRole = key.hasSuffix("status") ? roleOfStatus(value.displayText) : .normal
            lines.append(field(depth, label, value.displayText, role))
        }
    }

    private func scalar(key: String, int number: Int) -> String {
        if key.hasSuffix("_time") { return Format.timestamp(number, state.timeZone) }
        if key.contains("micro_currency") || key.hasSuffix("spend_cap") { return money(number) }
        return String(number)
    }

    private func roleOfStatus(_ raw: String) -> StyleRole {
        switch raw {
        case "ACTIVE", "RUNNING", "APPROVED": .statusRunning
        case "PAUSED": .statusPaused
        case "REJECTED": .reviewRejected
        case "PENDING": .reviewPending
        default: .normal
        }
    }

    /// `budget_in_micro_currency` → "Budget", `click_window_days` → "Click window days"; targeting keys stay as sent.
    private func label(_ key: String) -> String {
        if key.uppercased() == key { return clean(key) }
        var text = key
        for suffix in ["_in_micro_currency", "_micro_currency"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
        }
        return clean(HumanLabel.label(for: text))
    }
}
