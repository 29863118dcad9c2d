import Foundation
import PinterestAds
import ScreenGrid

/// Moving the selection and between screens.
enum Navigation {
    /// Moves the selection by `delta` rows (clamped).
    static func move(_ state: inout AppState, by delta: Int) {
        guard let cursor = state.cursor else { return }
        state.select(position: cursor + delta)
    }

    /// Opens the selected row: an ad group's ads, a campaign's ad groups, another account.
    static func drillIn(_ state: inout AppState) -> [Effect] {
        guard let id = state.selectedID else { return [] }
        switch state.screen {
        case .adGroups:
            push(&state, .ads(adGroupID: id))
            return [.setAdGroupInView(id)]
        case .ads:
            state.showDetail = true
            state.detailScroll = 0
            return []
        case .campaigns:
            push(&state, .adGroups(campaignID: id))
            return []
        case .accounts:
            let effects: [Effect] = id == state.snapshot.account?.id ? [] : [.switchAccount(id)]
            let wasInAds = state.stack.contains { if case .ads = $0 { true } else { false } }
            state.stack = [.adGroups(campaignID: nil)]
            state.screens = [:]
            state.marked = []
            state.showDetail = false
            if !effects.isEmpty {
                let name = state.snapshot.accounts.first { $0.id == id }?.name ?? id
                state.say("Switching to \(TextSanitizer.sanitize(name))…")
            }
            return (wasInAds ? [.setAdGroupInView(nil)] : []) + effects
        }
    }

    /// Closes the detail pane, clears a kept filter, or goes back one screen.
    static func back(_ state: inout AppState) -> [Effect] {
        if state.showDetail {
            state.showDetail = false
            return []
        }
        if !state.current.filter.isEmpty {
            state.current.filter = ""
            return []
        }
        if state.stack.count > 1 {
            let left = state.stack.removeLast()
            state.screens[left] = nil
            state.marked = []
            if case .ads = left { return [.setAdGroupInView(nil)] }
            return []
        }
        if !state.marked.isEmpty { state.marked = [] }
        return []
    }

    /// Shows the campaigns list (on top of the ad groups list).
    static func showCampaigns(_ state: inout AppState) -> [Effect] {
        guard state.screen != .campaigns else { return [] }
        let wasInAds = state.stack.contains { if case .ads = $0 { true } else { false } }
        state.stack = [.adGroups(campaignID: nil), .campaigns]
        state.marked = []
        state.showDetail = false
        return wasInAds ? [.setAdGroupInView(nil)] : []
    }

    /// Opens the account switcher when the token sees several accounts.
    static func showAccounts(_ state: inout AppState) -> [Effect] {
        guard state.snapshot.accounts.count > 1 else {
            state.say("This token sees only one ad account")
            return []
        }
        guard state.screen != .accounts else { return [] }
        push(&state, .accounts)
        state.showDetail = false
        return []
    }

    private static func push(_ state: inout AppState, _ screen: Screen) {
        state.stack.append(screen)
        state.marked = []
        state.isEditingFilter = false
        state.syncTable()
    }
}
