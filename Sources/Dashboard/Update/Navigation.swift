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
            if !effects.isEmpty, let current = state.snapshot.account {
                // The account left is refreshed in the background from now on; until its first
                // report the overview shows what the dashboard knew.
                state.accountHealth[current.id] = AccountHealth(snapshot: state.snapshot, events: state.events)
                state.accountHealth[id] = nil
                state.healthVersion &+= 1
            }
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

    /// Opens the accounts overview; the first time, the accounts not on screen start to be
    /// refreshed in the background.
    static func showAccounts(_ state: inout AppState) -> [Effect] {
        guard state.screen != .accounts else { return [] }
        push(&state, .accounts)
        state.showDetail = false
        return watchAccounts(&state)
    }

    /// Asks for the accounts not on screen to be refreshed in the background, once.
    static func watchAccounts(_ state: inout AppState) -> [Effect] {
        guard !state.watchesOtherAccounts else { return [] }
        state.watchesOtherAccounts = true
        return state.accountIDs.isEmpty ? [] : [.watchAccounts(state.accountIDs)]
    }

    private static func push(_ state: inout AppState, _ screen: Screen) {
        state.stack.append(screen)
        state.marked = []
        state.isEditingFilter = false
        state.syncTable()
    }
}
