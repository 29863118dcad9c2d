import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// Change events in words, one line each: "14:02:11 ad 'Summer Sale' rejected: Landing page broken".
enum EventText {
    /// One line for the events pane and the message line (sanitized).
    static func line(_ event: ChangeEvent, timeZone: TimeZone, glyphs: Glyphs) -> String {
        let mode: TextMode = glyphs == .ascii ? .ascii : .unicode
        let clean = { (text: String) in TextSanitizer.sanitize(text, mode: mode) }
        var parts = [Format.time(event.time, timeZone)]
        // The subject, when the event is about one entity ("ad group 'Spring'").
        if let kind = event.entityKind, event.entityName != nil || event.entityID != nil {
            parts.append(kind.noun(count: 1))
            parts.append(event.entityName.map { "'" + clean($0) + "'" } ?? clean(event.entityID ?? ""))
        }
        parts.append(what(event, arrow: glyphs == .ascii ? " -> " : " → ", clean: clean))
        return parts.joined(separator: " ")
    }

    /// What happened, after the subject: "rejected: Clickbait", "paused, budget $5.00 → $7.50".
    private static func what(_ event: ChangeEvent, arrow: String, clean: (String) -> String) -> String {
        let target = event.change(of: .status)?.new.map(clean)
        switch event.kind {
        case .changed: return changes(event, arrow: arrow, clean: clean)
        case .added: return "added"
        case .removed: return "removed"
        case .actionSucceeded:
            // One entity: what it is now; several: the action's own summary ("Paused 3 ad groups").
            if event.entityID != nil, let target { return (statusVerb(target) ?? "now " + target) + ", verified" }
            return event.detail.map(clean) ?? "action done"
        case .actionFailed:
            let verb = target.map { statusVerb($0) ?? "set to " + $0 } ?? "changed"
            return "not " + verb + (event.detail.map { ": " + clean($0) } ?? "")
        case .refreshFailed:
            let what = event.collection.map { "refreshing " + collectionNoun($0) } ?? "refresh"
            return what + " failed" + (event.detail.map { ": " + clean($0) } ?? "")
        case .alert:
            return event.detail.map(clean) ?? "alert"
        }
    }

    /// The fields of a `.changed` event, most telling first. A summary status that moved with the
    /// status or the review is left out: it only follows them.
    private static func changes(_ event: ChangeEvent, arrow: String, clean: (String) -> String) -> String {
        var parts: [String] = []
        let review = event.change(of: .reviewStatus)
        let status = event.change(of: .status)
        let reasons = event.rejectedReasons.map { clean($0.label) }.joined(separator: ", ")
        func fromTo(_ change: FieldChange) -> String {
            (change.old.map(clean) ?? "none") + arrow + (change.new.map(clean) ?? "none")
        }
        if let review, review.new == ReviewStatus.rejected.rawValue {
            parts.append("rejected" + (reasons.isEmpty ? "" : ": " + reasons))
        } else {
            if let review {
                switch review.new {
                case ReviewStatus.approved.rawValue: parts.append("approved")
                case ReviewStatus.pending.rawValue: parts.append("sent to review")
                default: parts.append("review " + fromTo(review))
                }
            }
            if !reasons.isEmpty { parts.append("new rejection reasons: " + reasons) }
        }
        if let status {
            parts.append(status.new.flatMap(statusVerb) ?? "status " + fromTo(status))
        }
        if review == nil, status == nil, let summary = event.change(of: .summaryStatus) {
            parts.append("now " + (summary.new.map(clean) ?? "none") + " (was " + (summary.old.map(clean) ?? "none") + ")")
        }
        for change in event.fieldChanges where !change.field.isStatus {
            parts.append(amountName(change.field) + " " + fromTo(change))
        }
        return parts.isEmpty ? "changed" : parts.joined(separator: ", ")
    }

    /// "paused" for PAUSED, "activated" for ACTIVE, "archived" for ARCHIVED; nil for other values.
    private static func statusVerb(_ status: String) -> String? {
        switch status {
        case EntityStatus.paused.rawValue: "paused"
        case EntityStatus.active.rawValue: "activated"
        case EntityStatus.archived.rawValue: "archived"
        default: nil
        }
    }

    private static func amountName(_ field: FieldChange.Field) -> String {
        switch field {
        case .budget: "budget"
        case .bid: "bid"
        case .dailySpendCap: "daily spend cap"
        case .lifetimeSpendCap: "lifetime spend cap"
        case .reviewStatus: "review"
        case .status: "status"
        case .summaryStatus: "summary status"
        }
    }

    private static func collectionNoun(_ kind: CollectionKind) -> String {
        switch kind {
        case .accounts: "accounts"
        case .campaigns: "campaigns"
        case .adGroups: "ad groups"
        case .adsInView: "the ads in view"
        case .ads: "ads"
        case .analytics: "analytics"
        }
    }

    /// How serious an event is: a rejection or a failed action is an error.
    static func severity(_ event: ChangeEvent) -> Severity {
        switch event.kind {
        case .actionFailed: .error
        case .refreshFailed, .alert: .warning
        case .actionSucceeded: .success
        case .changed where event.isRejection: .error
        case .changed, .added, .removed: .info
        }
    }

    /// The role a line is drawn with.
    static func role(_ event: ChangeEvent) -> StyleRole {
        switch severity(event) {
        case .error: .error
        case .warning: .warning
        case .success: .success
        case .info: .normal
        }
    }
}
