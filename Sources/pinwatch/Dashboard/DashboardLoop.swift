import AdsCache
import Dashboard
import Foundation
import Logging
import PinterestAds
import AllocatorPolicy
import Synchronization
import Terminal

/// Events produced off the UI thread (snapshots, action results), waiting for the loop to take them.
final class Inbox: Sendable {
    private let events = Mutex<[AppEvent]>([])
    private let wake: WakeSignal

    init(wake: WakeSignal) { self.wake = wake }

    /// Queues an event and wakes the UI loop.
    func post(_ event: AppEvent) {
        events.withLock { $0.append(event) }
        wake.signal()
    }

    /// Removes the queued events `isDropped` picks, keeping the others in order.
    func discard(where isDropped: (AppEvent) -> Bool) {
        events.withLock { $0.removeAll(where: isDropped) }
    }

    /// Takes every queued event.
    func drain() -> [AppEvent] {
        events.withLock { events in
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
    }
}

/// Runs the dashboard on the calling thread, which alone touches ncurses and owns `AppState`.
///
/// The loop sleeps in `poll()` on the terminal and on a wake pipe. The engine publishes snapshots
/// on a background queue; they reach the loop through the inbox. The loop wakes for input, for new
/// data, or when something on screen is due to change (the clock, a message expiring, a spinner);
/// an idle screen with nothing due does not wake at all.
final class DashboardLoop {
    private let screen: TerminalScreen
    private let wake: WakeSignal
    private let inbox: Inbox
    private let feed: AccountFeed
    private let watchers: AccountWatchers
    private var connection: AccountConnection
    private let connect: (String) throws -> AccountConnection
    private let themes: ThemeCatalog
    private let logger: Logger
    /// Makes the alert monitor of a connection (alerts go to the inbox and the hook).
    private let monitor: (AccountConnection, @escaping @Sendable ([Alert]) -> Void) -> AlertMonitor
    private let hook: AlertHook?
    private var alerts: AlertMonitor?
    private var state: AppState
    private var running = true
    /// Whether the engine was told the first screen with data is drawn (see `AdsEngine.start`).
    private var firstRefreshReleased = false
    /// Where the columns chosen are saved.
    private let configPath: String

    init(screen: TerminalScreen, wake: WakeSignal, state: AppState, connection: AccountConnection,
         connect: @escaping (String) throws -> AccountConnection,
         connectInBackground: @escaping (String) throws -> AccountConnection, themes: ThemeCatalog, logger: Logger,
         configPath: String,
         monitor: @escaping (AccountConnection, @escaping @Sendable ([Alert]) -> Void) -> AlertMonitor,
         hook: AlertHook?) {
        self.configPath = configPath
        self.screen = screen
        self.wake = wake
        let inbox = Inbox(wake: wake)
        self.inbox = inbox
        self.feed = AccountFeed(inbox: inbox)
        self.watchers = AccountWatchers(inbox: inbox, onScreen: connection.engine.accountID, connect: connectInBackground)
        self.state = state
        self.connection = connection
        self.connect = connect
        self.themes = themes
        self.logger = logger
        self.monitor = monitor
        self.hook = hook
    }

    /// Runs until the user quits.
    func run() {
        apply(update(&state, .storeAttached(feed.attach(connection.store))))
        start(connection)
        let size = screen.size
        apply(update(&state, .resized(width: size.width, height: size.height)))
        while running {
            screen.draw(render(state, width: state.width, height: state.height))
            if !firstRefreshReleased, !state.snapshot.adGroups.isEmpty {
                // The cached screen is up: the first refresh may have the cores now.
                firstRefreshReleased = true
                connection.engine.releaseFirstRefresh()
            }
            let timeout = DashboardLoop.timeout(until: state.nextRedraw(after: Date()), now: Date())
            let result = EventWaiter.waitForInput(wake: wake, timeoutMs: timeout)
            if result.hangup { break }
            if result.woken { wake.drain() }
            if TerminalGuard.takeContinued() { resumeAfterStop() }
            // The tick comes first so input is handled at the current time (double-click timing).
            var events: [AppEvent] = [.tick(Date())]
            events += screen.readEvents().map(DashboardLoop.appEvent)
            events += inbox.drain()
            let version = state.snapshotVersion
            for event in events where running {
                apply(update(&state, event))
            }
            if state.snapshotVersion != version, state.table.count >= DashboardLoop.largeTable {
                // The rows of a large table were rebuilt: the old ones' memory goes back.
                ProcessMemory.releaseFreeSoon()
            }
        }
        feed.close()
        watchers.close()
        connection.engine.stop()
    }

    /// After `run()` and the terminal given back: what the last refresh alerted still reaches the
    /// hook before the process ends (a slow hook delays the exit, not the terminal).
    func finishAlerts() {
        alerts?.stop()
        hook?.drain()
    }

    /// Rows past which rebuilding a table is followed by handing free memory back.
    static let largeTable = 1_000

    /// Milliseconds until `date` (nil: sleep until input or data).
    static func timeout(until date: Date?, now: Date) -> Int32? {
        guard let date else { return nil }
        let ms = (date.timeIntervalSince(now) * 1000).rounded(.up)
        return Int32(clamping: max(0, Int(min(ms, 3_600_000))))
    }

    static func appEvent(_ event: TerminalEvent) -> AppEvent {
        switch event {
        case .key(let key): .keyPressed(key)
        case .mouse(let mouse): .mouse(mouse)
        case .resize(let width, let height): .resized(width: width, height: height)
        }
    }

    private func start(_ connection: AccountConnection) {
        let inbox = self.inbox, hook = self.hook
        alerts = monitor(connection) { fired in
            hook?.run(fired)
            inbox.post(.alertsFired(fired))
        }
        alerts?.start()
        // A start from the cache paints first and refreshes a moment later (at most a second).
        firstRefreshReleased = false
        connection.engine.start(holdingFirstRefresh: 1)
    }

    private func apply(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .refreshNow:
                connection.engine.refreshNow()
            case .setAdGroupInView(let id):
                connection.engine.setAdGroupInView(id)
            case .performAction(let kind, let ids, let target):
                let engine = connection.engine
                let inbox = self.inbox
                Task.detached {
                    let outcome = await engine.perform(StatusAction(kind: kind, ids: ids, target: target))
                    inbox.post(.actionFinished(ActionReport(kind: kind, target: target, outcome: outcome)))
                }
            case .switchAccount(let accountID):
                switchAccount(to: accountID)
            case .watchAccounts(let ids):
                watchers.watch(ids)
            case .applyTheme(let name):
                do {
                    screen.apply(theme: try themes.load(nameOrPath: name))
                    apply(update(&state, .themeChanged(name: name)))
                } catch {
                    apply(update(&state, .error("Theme \(name): \(error)")))
                }
            case .saveColumns:
                // Off the UI thread: a slow disk must not stall the screen; a failure is logged.
                let columns = state.chosenColumns, path = configPath, logger = self.logger
                DispatchQueue.global(qos: .utility).async {
                    do {
                        try ColumnsConfig.save(columns, path: path)
                    } catch {
                        logger.warning("Saving the columns to \(path) failed: \(error)")
                    }
                }
            case .suspend:
                screen.suspend()
                resumeAfterStop()
            case .ringBell:
                screen.ringBell()
            case .notify(let title, let body):
                screen.notify(title: title, body: body)
            case .copyToClipboard(let text):
                screen.copyToClipboard(text)
            case .quit:
                running = false
            }
        }
    }

    private func switchAccount(to accountID: String) {
        guard accountID != connection.engine.accountID else { return }
        do {
            let next = try connect(accountID)
            let old = connection.engine
            let oldAlerts = alerts
            connection = next
            apply(update(&state, .storeAttached(feed.switchTo(next.store, stopOld: {
                old.stop()
                oldAlerts?.stop()
            }))))
            watchers.onScreenChanged(to: accountID)
            start(next)
        } catch {
            apply(update(&state, .error("Cannot open account \(accountID): \(error)")))
        }
    }

    private func resumeAfterStop() {
        screen.resume()
        let size = screen.size
        apply(update(&state, .resized(width: size.width, height: size.height)))
    }
}

extension ActionReport {
    /// The dashboard's view of an action's outcome.
    init(kind: EntityKind, target: EntityStatus, outcome: ActionOutcome) {
        switch outcome {
        case .refused(let reason):
            self.init(kind: kind, target: target, refusedReason: reason)
        case .completed(let items):
            var succeeded: [String] = []
            var failed: [String: String] = [:]
            var unknown: [String: String] = [:]
            for (id, item) in items {
                switch item {
                case .succeeded: succeeded.append(id)
                case .failed(let message): failed[id] = message
                case .unknown(let message): unknown[id] = message
                }
            }
            self.init(kind: kind, target: target, succeeded: succeeded.sorted(), failed: failed, unknown: unknown)
        }
    }
}
