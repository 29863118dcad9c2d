import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// What formatting needs besides the data: symbols, time zone and the account's money formatter.
struct FormatContext: Sendable {
    /// Symbols to draw with.
    var glyphs: Glyphs
    /// Time zone for dates and times.
    var timeZone: TimeZone
    /// Money in the account's currency.
    var money: MoneyFormatter
    /// The range metrics are shown for.
    var range: MetricsRange = .today
    /// The time zone the account reports in (what "today" is for pacing).
    var reportingTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current

    /// Sanitizes an API string for the screen (ASCII-only in ASCII mode).
    func clean(_ s: String?) -> String {
        guard let s else { return "" }
        return TextSanitizer.sanitize(s, mode: glyphs == .ascii ? .ascii : .unicode)
    }

    /// The key to sort `raw` by, given `lowercased`, its cleaned form lowercased: the real text.
    /// In ASCII mode the screen shows `?` for every character outside ASCII, but names like
    /// "東京 秋セール" and "Café crème" still sort by what they say, not as "?? ???" and "Caf? cr?me".
    func sortKey(_ raw: String?, lowercased: String) -> String {
        guard glyphs == .ascii, let raw else { return lowercased }
        return TextSanitizer.sanitize(raw, mode: .unicode).lowercased()
    }

    /// Sanitizes an API value (an enum's raw value or label: unknown ones are kept as sent, so they
    /// are as untrusted as names), or gives `missing` when there is none.
    func clean(_ s: String?, or missing: String) -> String {
        s.map { clean($0) } ?? missing
    }
}

/// Small, allocation-light formatters for times, dates and numbers (no DateFormatter: rows are
/// built by the thousand).
enum Format {
    /// Calendar parts of `date` in `zone`.
    static func parts(_ date: Date, _ zone: TimeZone) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        // Civil from days (H. Hinnant).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, rest / 3600, (rest % 3600) / 60, rest % 60)
    }

    /// "14:02:11".
    static func time(_ date: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        return two(p.hour) + ":" + two(p.minute) + ":" + two(p.second)
    }

    /// "14:02" (the header clock).
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        return two(p.hour) + ":" + two(p.minute)
    }

    /// "2026-11-26".
    static func date(_ date: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        return four(p.year) + "-" + two(p.month) + "-" + two(p.day)
    }

    /// "Jan 12" within a year of `now`, else "2027-01": a projected date in a narrow column.
    static func nearDate(_ date: Date, now: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        guard abs(date.timeIntervalSince(now)) < 300 * 86_400 else { return four(p.year) + "-" + two(p.month) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return months[max(0, min(11, p.month - 1))] + " " + String(p.day)
    }

    /// "2026-11-26 14:02".
    static func dateTime(_ date: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        return four(p.year) + "-" + two(p.month) + "-" + two(p.day) + " " + two(p.hour) + ":" + two(p.minute)
    }

    /// "2026-11-26 14:02:11 UTC" for a Unix timestamp.
    static func timestamp(_ unixSeconds: Int, _ zone: TimeZone) -> String {
        let date = Date(unixSeconds: unixSeconds)
        let abbreviation = zone.secondsFromGMT(for: date) == 0 && zone.identifier.hasPrefix("UTC")
            ? "UTC" : zone.abbreviation(for: date) ?? zone.identifier
        return Format.date(date, zone) + " " + time(date, zone) + " " + abbreviation
    }

    /// "12,345".
    static func count(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `name` without the words it shares with `parent` at its start ("Hiking boots — Prospecting ·
    /// Video B" in the ad group "Hiking boots — Prospecting" is "… Video B"); the whole name when
    /// little is shared or nothing would be left.
    static func distinctPart(of name: String, from parent: String, ellipsis: String) -> String {
        guard name != parent else { return name }
        let separators: Set<Character> = [" ", "·", "-", "—", "–", "|", ":", "/", ",", "_"]
        var shared = 0
        var boundary = 0
        for (a, b) in zip(name, parent) {
            guard a == b else { break }
            shared += 1
            if separators.contains(a) { boundary = shared }
        }
        // The whole parent name is shared and the next character separates: cut there.
        if shared == parent.count, name.count > shared, separators.contains(name[name.index(name.startIndex, offsetBy: shared)]) {
            boundary = shared
        }
        guard boundary >= 8 else { return name }
        let rest = name.dropFirst(boundary).drop { separators.contains($0) }
        guard rest.count >= 2 else { return name }
        return ellipsis + " " + rest
    }

    /// `s` cut to `width` columns in the middle ("Hiking boots — P…ting · US"): where names share
    /// their start, their ends tell them apart. Never splits a grapheme cluster.
    static func cutMiddle(_ s: String, toWidth width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(s) > width else { return s }
        let room = width - DisplayWidth.of(ellipsis)
        guard room >= 4 else { return DisplayWidth.truncate(s, toWidth: width, ellipsis: ellipsis) }
        var tail: [Character] = []
        var used = 0
        for character in s.reversed() {
            let w = DisplayWidth.of(character)
            // A third for the end, the rest for the start, which names the thing.
            if used + w > room / 3 { break }
            tail.append(character)
            used += w
        }
        let head = DisplayWidth.truncate(s, toWidth: room - used + DisplayWidth.of(ellipsis), ellipsis: ellipsis)
        return head + String(tail.reversed())
    }

    /// "12,345" below 100,000, then "123k", "4.6M", "12B": counts that fit a narrow column.
    static func shortCount(_ value: Int) -> String {
        let magnitude = Double(value.magnitude)
        guard magnitude >= 100_000 else { return count(value) }
        var scaled = magnitude / 1e3, suffix = "k"
        for next in ["M", "B", "T"] where scaled >= 999.5 {
            scaled /= 1e3
            suffix = next
        }
        let digits = scaled < 9.95 ? String(format: "%.1f", scaled) : String(Int(scaled.rounded()))
        return (value < 0 ? "-" : "") + digits + suffix
    }

    /// "2.35" (a return on ad spend), "12.3" from 10, "123" from 100.
    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        let places = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return String(format: "%.\(places)f", value)
    }

    /// "37%" (no decimals) or "1.23%" (`digits` decimals) for a ratio.
    static func percent(_ ratio: Double, digits: Int = 0) -> String {
        guard ratio.isFinite else { return "" }
        let value = ratio * 100
        if digits == 0 { return String(Int(value.rounded())) + "%" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale), fraction = abs(scaled % Int(scale))
        let fractionText = String(fraction)
        return String(whole) + "." + String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText + "%"
    }

    /// "just now", "14 min ago", "3 h ago", "2 days ago".
    static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "just now" }
        if s < 3600 { return "\(s / 60) min ago" }
        if s < 86_400 { return "\(s / 3600) h ago" }
        let days = s / 86_400
        return days == 1 ? "1 day ago" : "\(days) days ago"
    }

    /// "23s", "4m 05s", "2h 10m" for a duration.
    static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m " + two(s % 60) + "s" }
        return "\(s / 3600)h " + two((s % 3600) / 60) + "m"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
    private static func four(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }
}

/// Roles by meaning for statuses.
enum StatusRole {
    /// Role of an ad group summary status.
    static func of(_ status: AdGroupSummaryStatus?) -> StyleRole {
        switch status {
        case .running: .statusRunning
        case .paused: .statusPaused
        case .notStarted: .statusNotStarted
        case .completed: .statusCompleted
        case .advertiserDisabled: .statusDisabled
        case .archived: .statusArchived
        case .draft, .deletedDraft: .statusDraft
        default: .statusOther
        }
    }

    /// Role of a campaign summary status.
    static func of(_ status: CampaignSummaryStatus?) -> StyleRole {
        of(status.map { AdGroupSummaryStatus(rawValue: $0.rawValue) })
    }

    /// Role of an ad summary status.
    static func of(_ status: AdSummaryStatus?) -> StyleRole {
        switch status {
        case .approved: .statusRunning
        case .paused: .statusPaused
        case .pending: .statusNotStarted
        case .rejected: .reviewRejected
        case .advertiserDisabled: .statusDisabled
        case .archived: .statusArchived
        case .draft, .deletedDraft: .statusDraft
        default: .statusOther
        }
    }

    /// Role of an entity status (ACTIVE, PAUSED…).
    static func of(_ status: EntityStatus?) -> StyleRole {
        switch status {
        case .active: .statusRunning
        case .paused: .statusPaused
        case .archived: .statusArchived
        case .draft, .deletedDraft: .statusDraft
        default: .statusOther
        }
    }

    /// Role of a review status.
    static func of(_ status: ReviewStatus?) -> StyleRole {
        switch status {
        case .approved: .reviewApproved
        case .pending: .reviewPending
        case .rejected: .reviewRejected
        default: .reviewOther
        }
    }
}
