import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// Change events in words: "14:02:11 ad 'Summer Sale' REJECTED — Landing page broken".
enum EventText {
    /// One line for the events pane and the message line (sanitized).
    static func line(_ event: ChangeEvent, timeZone: TimeZone, glyphs: Glyphs) -> String {
        let mode: TextMode = glyphs == .ascii ? .ascii : .unicode
        var parts = [Format.time(event.time, timeZone)]
        if let kind = event.entityKind { parts.append(kind.noun(count: 1)) }
        if let name = event.entityName {
            parts.append("'" + TextSanitizer.sanitize(name, mode: mode) + "'")
        } else if let id = event.entityID {
            parts.append(TextSanitizer.sanitize(id, mode: mode))
        }
        let new = event.newValue.map { TextSanitizer.sanitize($0, mode: mode) }
        let old = event.oldValue.map { TextSanitizer.sanitize($0, mode: mode) }
        let arrow = glyphs == .ascii ? " -> " : " → "
        switch event.kind {
        case .summaryStatusChanged, .statusChanged, .reviewStatusChanged:
            parts.append(new ?? "changed")
        case .newRejectedReasons:
            parts.append(new ?? "REJECTED")
        case .budgetChanged, .bidChanged:
            let what = event.kind == .budgetChanged ? "budget" : "bid"
            parts.append(what + " " + [old, new].compactMap { $0 }.joined(separator: arrow))
        case .added: parts.append("added")
        case .removed: parts.append("removed")
        case .actionSucceeded: parts.append(new.map { "now " + $0 } ?? "action done")
        case .actionFailed: parts.append("action failed" + (new.map { " (" + $0 + ")" } ?? ""))
        case .refreshFailed: parts.append("refresh failed")
        }
        var text = parts.joined(separator: " ")
        if let detail = event.detail, !detail.isEmpty {
            text += " " + glyphs.emDash + " " + TextSanitizer.sanitize(detail, mode: mode)
        }
        return text
    }

    /// How serious an event is.
    static func severity(_ event: ChangeEvent) -> Severity {
        switch event.kind {
        case .newRejectedReasons, .actionFailed: .error
        case .refreshFailed: .warning
        case .reviewStatusChanged where event.newValue == ReviewStatus.rejected.rawValue: .error
        case .actionSucceeded: .success
        default: .info
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
