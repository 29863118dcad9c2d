import Foundation
import ScreenGrid

/// Keys on the wall, and quitting a wall: a monitor is not closed by a stray key.
enum WallKeys {
    /// A key while the wall is on screen.
    static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        let count = state.wallAccounts.count
        if let binding = KeyMap.binding(for: key, in: .table), binding.isDangerous {
            if state.readOnly {
                KeyHandling.refuseReadOnly(&state, binding)
            } else {
                state.say("Leave the wall (Enter) to pause or activate", .warning)
            }
            return []
        }
        guard let binding = KeyMap.binding(for: key, in: .wall) else { return [] }
        switch binding.command {
        case .wallNext: state.wall?.step(1, at: state.now, count: count)
        case .wallPrevious: state.wall?.step(-1, at: state.now, count: count)
        case .leaveWall: return leave(&state)
        case .hideWall: state.wall?.isShowing = false
        case .showWall: break
        case .refresh, .nextTheme, .toggleHelp, .quit, .suspend, .showAccounts, .showCampaigns, .toggleEvents:
            var effects = leaveUnlessKept(&state, binding.command)
            effects += KeyHandling.run(&state, binding.command)
            return effects
        default: break
        }
        return []
    }

    /// Commands that open a screen of the dashboard go back to it first (the account on screen
    /// stays: only Enter switches to the one on the wall).
    private static func leaveUnlessKept(_ state: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .showAccounts, .showCampaigns, .toggleEvents: state.wall?.isShowing = false
        default: break
        }
        return []
    }

    /// Shows the wall again (or for the first time, from the dashboard).
    static func show(_ state: inout AppState) -> [Effect] {
        if state.wall == nil { state.wall = WallState(now: state.now) }
        state.wall?.isShowing = true
        state.showHelp = false
        state.showEvents = false
        return Navigation.watchAccounts(&state)
    }

    /// Leaves the wall for the dashboard of the account on it (`w` comes back).
    static func leave(_ state: inout AppState) -> [Effect] {
        guard let wall = state.wall else { return [] }
        state.wall?.isShowing = false
        let accounts = state.wallAccounts
        let index = wall.index(at: state.now, count: accounts.count)
        guard accounts.indices.contains(index), accounts[index].id != state.snapshot.account?.id else { return [] }
        // The same path as Enter in the overview: the account on screen is switched.
        state.stack = [.adGroups(campaignID: nil), .accounts]
        state.syncTable()
        if let position = state.table.position(of: accounts[index].id) { state.select(position: position) }
        return Navigation.drillIn(&state)
    }

    /// Quit: at once, or, on a wall, after asking.
    static func quit(_ state: inout AppState) -> [Effect] {
        guard let wall = state.wall, wall.asksBeforeQuitting || wall.isShowing else { return [.quit] }
        state.wall?.isAskingToQuit = true
        return []
    }

    /// The answer to "Quit Pinwatch?": only `y` quits.
    static func answerQuit(_ state: inout AppState, _ key: Key) -> [Effect] {
        state.wall?.isAskingToQuit = false
        if KeyMap.binding(for: key, in: .confirm)?.command == .confirmYes { return [.quit] }
        state.say("Still running")
        return []
    }

    /// The question, as the dialog shows it.
    static let quitQuestion = "Quit Pinwatch? y/N"
}
