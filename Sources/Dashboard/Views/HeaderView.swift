import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// The two header lines: account, clock, breadcrumb and how fresh the data is.
enum HeaderView {
    /// Draws the header into `rect` (two rows).
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ rect: Rect) {
        let glyphs = state.glyphs
        let snapshot = state.snapshot
        let account = snapshot.account
        var left = [Segment(" Pinwatch ", .headerAccent)]
        if let account {
            left.append(Segment(" " + clean(state, account.name ?? "Ad account"), .headerAccent))
            left.append(Segment(" (" + clean(state, account.id) + ")", .header))
            if let currency = account.currency { left.append(Segment("  " + clean(state, currency.rawValue), .header)) }
        } else {
            left.append(Segment(" no ad account yet", .header))
        }
        var right: [Segment] = [Segment(" " + rangeText(state) + " ", .headerAccent)]
        if state.readOnly { right.append(Segment(" READ-ONLY ", .badge)) }
        if let warning = signInWarning(state) { right.append(Segment(" " + warning + " ", .warning)) }
        if let budget = snapshot.budget {
            right.append(Segment(" " + BudgetText.summary(budget, at: state.now) + " ",
                                 BudgetText.isNearLimit(budget, at: state.now) ? .warning : .header))
        }
        // Minutes only: a seconds clock would repaint (and send bytes) every second.
        right.append(Segment("  " + Format.clock(state.now, state.timeZone) + " ", .header))
        Drawing.line(&grid, x: rect.x, y: rect.y, width: rect.width, fill: .header, left: left, right: right,
                     ellipsis: glyphs.ellipsis)

        let crumbs = breadcrumb(state)
        var crumbSegments: [Segment] = [Segment(" ", .header)]
        for (index, crumb) in crumbs.enumerated() {
            if index > 0 { crumbSegments.append(Segment(" " + glyphs.breadcrumb + " ", .header)) }
            crumbSegments.append(Segment(crumb, index == crumbs.count - 1 ? .headerAccent : .header))
        }
        Drawing.line(&grid, x: rect.x, y: rect.y + 1, width: rect.width, fill: .header, left: crumbSegments,
                     right: freshness(state), ellipsis: glyphs.ellipsis)
    }

    /// "Today $1.2k ROAS 2.35": the range the metrics show, and the account's spend and ROAS in it.
    static func rangeText(_ state: AppState) -> String {
        var text = state.metricsRange.label
        if let account = state.snapshot.levelMetrics.account?[state.metricsRange] {
            text += " " + state.money.formatShort(micros: account.spend)
            if let roas = account.roas { text += " ROAS " + Format.ratio(roas) }
        }
        return text
    }

    /// Days before the refresh token expires that the header starts to warn.
    public static let signInWarningDays = 7

    /// "sign-in expires in 3 days: run pinwatch login" in the last days, or nil.
    static func signInWarning(_ state: AppState) -> String? {
        guard let expiry = state.signInExpiresAt else { return nil }
        let seconds = expiry.timeIntervalSince(state.now)
        if seconds <= 0 { return "sign-in expired: run pinwatch login" }
        let days = Int(seconds / 86_400)
        guard days < signInWarningDays else { return nil }
        let when = days == 0 ? "today" : days == 1 ? "in 1 day" : "in \(days) days"
        return "sign-in expires \(when): run pinwatch login"
    }

    /// "Account › Campaign › Ad group" for the screen stack.
    static func breadcrumb(_ state: AppState) -> [String] {
        let snapshot = state.snapshot
        var parts = [clean(state, snapshot.account?.name ?? snapshot.account?.id ?? "Pinwatch")]
        var lastCampaign: String?
        for (index, screen) in state.stack.enumerated() {
            switch screen {
            case .adGroups(nil):
                if index == state.stack.count - 1 { parts.append("Ad groups") }
            case .adGroups(let campaignID?):
                lastCampaign = campaignID
                parts.append(campaignName(state, campaignID))
            case .campaigns:
                parts.append("Campaigns")
            case .accounts:
                parts.append("Ad accounts")
            case .ads(let adGroupID):
                let group = snapshot.adGroups.first { $0.id == adGroupID }
                if let campaignID = group?.campaignId, campaignID != lastCampaign {
                    parts.append(campaignName(state, campaignID))
                }
                parts.append(clean(state, group?.name ?? adGroupID))
            }
        }
        return parts
    }

    /// Right side of the second line: spinner, last update, next refresh, rate limit, offline.
    static func freshness(_ state: AppState) -> [Segment] {
        let snapshot = state.snapshot
        let zone = state.timeZone
        let groups = snapshot.collections[.adGroups] ?? CollectionStatus()
        var segments: [Segment] = []
        if let sort = TableView.hiddenSort(state) { segments.append(Segment("by " + sort + "  ", .header)) }
        if let following = snapshot.following {
            // Another Pinwatch process on this host fetches; this one shows what it saves.
            let leader = following.leaderPID.map { "pid \($0)" } ?? "another Pinwatch"
            segments.append(Segment("following " + leader + "  ", .header))
        }
        if snapshot.collections.values.contains(where: \.isFetching) {
            segments.append(Segment(state.glyphs.spinnerFrame(state.spinnerFrame) + " ", .info))
        }
        let rateLimited = snapshot.rateLimitedUntil.map { $0 > state.now } ?? false
        if rateLimited, let until = snapshot.rateLimitedUntil {
            segments.append(Segment("rate limited until " + Format.time(until, zone) + "  ", .warning))
        }
        let dash = state.glyphs.emDash
        if let cachedAt = snapshot.cachedAt {
            let age = Format.age(state.now.timeIntervalSince(cachedAt))
            if let error = groups.lastError {
                segments.append(Segment("offline \(dash) showing cache from \(age) (" + clean(state, error) + ")", .warning))
            } else {
                segments.append(Segment("showing cache from \(age) \(dash) refreshing", .warning))
            }
        } else if let error = groups.lastError {
            var text = "offline \(dash) " + clean(state, error)
            if let fetched = groups.lastFetched {
                text += " \(dash) data from " + Format.age(state.now.timeIntervalSince(fetched))
            }
            segments.append(Segment(text, .warning))
        } else if let waiting = unanswered(groups, now: state.now) {
            // A request that hangs only fails when it times out (after retries, minutes): say so now.
            var text = "no answer from Pinterest for " + Format.duration(waiting)
            if let fetched = groups.lastFetched {
                text += " \(dash) data from " + Format.time(fetched, zone)
            }
            segments.append(Segment(text, .warning))
        } else {
            if let fetched = groups.lastFetched {
                segments.append(Segment("updated " + Format.time(fetched, zone), .header))
            } else if !groups.isFetching {
                segments.append(Segment("not loaded yet", .header))
            } else {
                segments.append(Segment("loading", .header))
            }
            if let next = groups.nextRefresh, next > state.now, !groups.isFetching, !rateLimited {
                // An absolute time, not a countdown: it stays put, so an idle screen sends nothing.
                segments.append(Segment("  next " + Format.time(next, zone), .header))
            }
        }
        segments.append(Segment(" ", .header))
        return segments
    }

    /// A fetch running this long is shown as unanswered (a normal one takes a second or two).
    public static let unansweredAfter: TimeInterval = 8

    /// How long the running fetch of `status` has gone unanswered, once that is worth saying.
    static func unanswered(_ status: CollectionStatus, now: Date) -> TimeInterval? {
        guard status.isFetching, let started = status.fetchStarted else { return nil }
        let waiting = now.timeIntervalSince(started)
        return waiting >= unansweredAfter ? waiting : nil
    }

    private static func campaignName(_ state: AppState, _ id: String) -> String {
        clean(state, state.snapshot.campaigns.first { $0.id == id }?.name ?? id)
    }

    private static func clean(_ state: AppState, _ text: String) -> String {
        TextSanitizer.sanitize(text, mode: state.glyphs == .ascii ? .ascii : .unicode)
    }
}
