import Foundation
import PinterestAds

/// How `summary_status` follows `status`, and which status changes Pinterest refuses.
enum StatusRules {
    /// Where an ACTIVE schedule stands at `now`.
    enum Schedule { case notStarted, running, completed }

    /// The schedule phase for start and end times (Unix seconds) at `now`.
    static func schedule(start: Int?, end: Int?, now: Date) -> Schedule {
        let seconds = Int(now.timeIntervalSince1970)
        if let start, start > seconds { return .notStarted }
        if let end, end <= seconds { return .completed }
        return .running
    }

    /// An ad group's summary for its status: ACTIVE follows the schedule, the rest mirror the status.
    static func adGroupSummary(status: EntityStatus, start: Int?, end: Int?, now: Date) -> AdGroupSummaryStatus {
        switch status {
        case .active:
            switch schedule(start: start, end: end, now: now) {
            case .notStarted: return .notStarted
            case .running: return .running
            case .completed: return .completed
            }
        case .paused: return .paused
        case .archived: return .archived
        case .draft: return .draft
        case .deletedDraft: return .deletedDraft
        case .unknown(let raw): return .unknown(raw)
        }
    }

    /// A campaign's summary, by the same rules as ad groups.
    static func campaignSummary(status: EntityStatus, start: Int?, end: Int?, now: Date) -> CampaignSummaryStatus {
        CampaignSummaryStatus(rawValue: adGroupSummary(status: status, start: start, end: end, now: now).rawValue)
    }

    /// An ad's summary: PAUSED/ARCHIVED/DRAFT mirror the status; ACTIVE follows the review.
    static func adSummary(status: EntityStatus, review: ReviewStatus?) -> AdSummaryStatus {
        switch status {
        case .active:
            switch review {
            case .approved?: return .approved
            case .rejected?: return .rejected
            default: return .pending
            }
        case .paused: return .paused
        case .archived: return .archived
        case .draft: return .draft
        case .deletedDraft: return .deletedDraft
        case .unknown(let raw): return .unknown(raw)
        }
    }

    /// The statuses a PATCH may set.
    static let settable: [EntityStatus] = [.active, .paused, .archived]

    /// Why changing `from` to `to` is refused for an entity called `noun` (e.g. "ad group"), or nil.
    static func refusal(from current: EntityStatus?, to target: EntityStatus, noun: String) -> String? {
        guard settable.contains(target) else {
            return "Invalid status \(target.rawValue) for \(noun): must be one of ACTIVE, PAUSED, ARCHIVED."
        }
        switch current {
        case .archived? where target != .archived:
            return "Cannot change the status of an archived \(noun): archived entities cannot be activated or paused."
        case .deletedDraft?:
            return "Cannot change the status of a deleted draft \(noun)."
        default:
            return nil
        }
    }
}
