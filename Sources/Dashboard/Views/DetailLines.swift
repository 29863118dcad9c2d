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
            if let metrics = snapshot.metrics[id] {
                lines.append(DetailLine(depth: 0, label: "Today", value: "", role: .title))
                lines.append(context.field(1, "Spend", context.money(metrics.spendToday)))
                lines.append(context.field(1, "Impressions", Format.count(metrics.impressionsToday)))
                lines.append(context.field(1, "Clicks", Format.count(metrics.clicksToday)))
                if let ctr = metrics.ctrToday { lines.append(context.field(1, "CTR", Format.percent(ctr, digits: 2))) }
                lines.append(context.field(1, "Daily spend (14 d)",
                                           metrics.dailySpend.map { context.money($0) }.joined(separator: ", ")))
            }
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
            return ("Ad " + context.clean(ad.name ?? id), lines + context.walk(ad))
        case .campaigns:
            guard let campaign = snapshot.campaigns.first(where: { $0.id == id }) else { return ("Details", []) }
            return ("Campaign " + context.clean(campaign.name ?? id), context.walk(campaign))
        case .accounts:
            guard let account = snapshot.accounts.first(where: { $0.id == id }) else { return ("Details", []) }
            return ("Ad account " + context.clean(account.name ?? id), context.walk(account))
        }
    }
}

/// Walks an encoded model and turns it into detail lines.
private struct Walker {
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
