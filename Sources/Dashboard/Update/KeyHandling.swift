import Foundation
import PinterestAds
import ScreenGrid

/// Keys: prompt and dialog first, then overlays, then the key table.
enum KeyHandling {
    /// Handles one key press.
    static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        if state.wall?.isAskingToQuit == true { return WallKeys.answerQuit(&state, key) }
        if key == .ctrl("c") { return WallKeys.quit(&state) }
        // A message kept until a key has been seen once a key is pressed.
        if state.message?.untilKey == true { state.message = nil }
        if state.away != nil {
            // "While you were away" goes with any key, which does nothing else.
            state.away = nil
            return []
        }
        if state.confirm != nil {
            let command = KeyMap.binding(for: key, in: .confirm)?.command ?? .confirmNo
            return ActionHandling.answer(&state, yes: command == .confirmYes)
        }
        if state.isEditingFilter { return filterKey(&state, key) }
        if state.showHelp { return helpKey(&state, key) }
        if state.chooser != nil { return ChooserHandling.key(&state, key) }
        if state.wall?.isShowing == true { return WallKeys.handle(&state, key) }
        let context: KeyContext = state.showDetail ? .detail : .table
        guard let binding = KeyMap.binding(for: key, in: context) else { return [] }
        if binding.isDangerous && state.readOnly {
            refuseReadOnly(&state, binding)
            return []
        }
        if state.showEvents, let effects = eventsPaneCommand(&state, binding) { return effects }
        return run(&state, binding.command)
    }

    /// Says that `binding` (pause or activate) is disabled in read-only mode, and why.
    static func refuseReadOnly(_ state: inout AppState, _ binding: KeyBinding) {
        let verb = binding.command == .pause ? "pausing" : binding.command == .undo ? "undoing" : "activating"
        state.say("Read-only mode: \(verb) is disabled (\(state.readOnlyReason))", .warning)
    }

    /// Runs a command from the key table.
    static func run(_ state: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .moveUp: Navigation.move(&state, by: -1)
        case .moveDown: Navigation.move(&state, by: 1)
        case .pageUp: Navigation.move(&state, by: -max(1, state.pageSize - 1))
        case .pageDown: Navigation.move(&state, by: max(1, state.pageSize - 1))
        case .first: state.select(position: 0)
        case .last: state.select(position: state.table.order.count - 1)
        case .drillIn: return Navigation.drillIn(&state)
        case .back: return Navigation.back(&state)
        case .nextRange:
            state.metricsRange = state.metricsRange.next
            state.syncTable()
            state.say("Metrics: " + state.metricsRange.label.lowercased())
        case .chooseColumns: ChooserHandling.open(&state)
        case .startFilter: state.isEditingFilter = true
        case .nextSort:
            let count = state.table.columns.count
            guard count > 0 else { return [] }
            state.currentSort = SortState(column: (state.currentSort.column + 1) % count, ascending: true)
            state.say("Sorted by " + TableView.sortDescription(state.table.columns, state.currentSort, state.glyphs))
        case .reverseSort:
            state.currentSort.ascending.toggle()
            // The column may be hidden at this width, its arrow with it: the message says the direction.
            if state.table.columns.indices.contains(state.currentSort.column) {
                state.say("Sorted by " + TableView.sortDescription(state.table.columns, state.currentSort, state.glyphs))
            }
        case .toggleMark:
            guard let id = state.selectedID else { return [] }
            if state.marked.contains(id) { state.marked.remove(id) } else { state.marked.insert(id) }
            Navigation.move(&state, by: 1)
        case .pause: return ActionHandling.request(&state, target: .paused)
        case .activate: return ActionHandling.request(&state, target: .active)
        case .undo: UndoHandling.request(&state)
        case .copyLink: return LinkHandling.copy(&state)
        case .refresh:
            state.say("Refreshing…")
            return [.refreshNow]
        case .toggleEvents:
            state.showEvents.toggle()
            state.eventsScroll = 0
        case .showCampaigns: return Navigation.showCampaigns(&state)
        case .showAccounts: return Navigation.showAccounts(&state)
        case .nextTheme:
            state.themeIndex = (state.themeIndex + 1) % state.themeNames.count
            state.say("Theme: \(state.themeName)")
            return [.applyTheme(state.themeName)]
        case .toggleDetail:
            if state.screen == .accounts && !state.showDetail { return [] }
            state.showDetail.toggle()
            state.detailScroll = 0
        case .detailUp: state.detailScroll = max(0, state.detailScroll - max(1, state.pageSize / 2))
        case .detailDown: state.detailScroll += max(1, state.pageSize / 2)
        case .toggleHelp:
            state.showHelp.toggle()
            state.helpScroll = 0
        case .quit: return WallKeys.quit(&state)
        case .suspend: return [.suspend]
        case .showWall: return WallKeys.show(&state)
        case .filterAccept, .filterCancel, .filterDelete, .confirmYes, .confirmNo, .wallNext, .wallPrevious,
             .leaveWall, .hideWall, .chooserToggle, .chooserSort, .chooserClose: break
        }
        return []
    }

    /// While typing a filter: printable characters edit it, the list narrows as you type.
    private static func filterKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        switch KeyMap.binding(for: key, in: .filter)?.command {
        case .filterAccept?:
            state.isEditingFilter = false
        case .filterCancel?:
            state.isEditingFilter = false
            state.current.filter = ""
        case .filterDelete?:
            if !state.current.filter.isEmpty { state.current.filter.removeLast() }
        default:
            switch key {
            case .char(let character) where !character.unicodeScalars.contains(where: TextSanitizer.isUnsafe):
                state.current.filter.append(character)
            case .up: Navigation.move(&state, by: -1)
            case .down: Navigation.move(&state, by: 1)
            default: break
            }
        }
        return []
    }

    /// While help is open: scroll keys scroll it, anything else closes it.
    private static func helpKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        switch KeyMap.binding(for: key, in: .table)?.command {
        case .moveUp?: state.helpScroll = max(0, state.helpScroll - 1)
        case .moveDown?: state.helpScroll += 1
        case .pageUp?: state.helpScroll = max(0, state.helpScroll - max(1, state.pageSize - 1))
        case .pageDown?: state.helpScroll += max(1, state.pageSize - 1)
        case .quit?: return WallKeys.quit(&state)
        default: state.showHelp = false
        }
        return []
    }

    /// While the events pane is open, movement scrolls it and back closes it; nil: not handled here.
    private static func eventsPaneCommand(_ state: inout AppState, _ binding: KeyBinding) -> [Effect]? {
        let page = max(1, state.pageSize - 1)
        switch binding.command {
        case .moveUp: state.eventsScroll = max(0, state.eventsScroll - 1)
        case .moveDown: state.eventsScroll += 1
        case .pageUp: state.eventsScroll = max(0, state.eventsScroll - page)
        case .pageDown: state.eventsScroll += page
        case .first: state.eventsScroll = 0
        case .last: state.eventsScroll = max(0, state.events.count - page)
        case .back: state.showEvents = false
        default: return binding.context == .global ? nil : []  // table keys do not reach the hidden table
        }
        state.eventsScroll = min(state.eventsScroll, max(0, state.events.count - 1))
        return []
    }
}
