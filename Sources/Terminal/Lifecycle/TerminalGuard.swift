import CNCurses
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// State shared with signal handlers.
//
// Signal handlers can only touch memory that needs no locking and no allocation. Everything below
// is either a plain Int32 flag or a buffer allocated once, during `TerminalGuard.install()`,
// before any handler exists, and never freed or moved afterwards. The UI thread is the only
// writer apart from the handlers themselves, which only set flags or read. That is why
// `nonisolated(unsafe)` is sound here: the compiler cannot see the signal-handler discipline.

/// The terminal settings from before the dashboard started, restored on every way out.
nonisolated(unsafe) private let savedTermios: UnsafeMutablePointer<termios> = {
    let pointer = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    pointer.initialize(to: termios())
    return pointer
}()

/// Bytes that leave full-screen mode (terminfo `rmcup`), captured while ncurses runs.
nonisolated(unsafe) private let exitSequence: UnsafeMutablePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: exitSequenceCapacity)
    pointer.initialize(repeating: 0, count: exitSequenceCapacity)
    return pointer
}()
private let exitSequenceCapacity = 256
nonisolated(unsafe) private var exitSequenceLength: Int = 0

/// The crash-signal actions that were installed before ours, one per entry of `crashSignals`.
nonisolated(unsafe) private let previousCrashActions: UnsafeMutablePointer<sigaction> = {
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: crashSignals.count)
    pointer.initialize(repeating: sigaction(), count: crashSignals.count)
    return pointer
}()

/// The SIGWINCH action ncurses installed, which ours calls before waking the event loop.
nonisolated(unsafe) private let previousResizeAction: UnsafeMutablePointer<sigaction> = {
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
    pointer.initialize(to: sigaction())
    return pointer
}()
nonisolated(unsafe) private var resizeChained = false

nonisolated(unsafe) private var haveSavedTermios: Int32 = 0
nonisolated(unsafe) private var cursesActive: Int32 = 0
nonisolated(unsafe) private var mouseEnabled: Int32 = 0
/// How many times the process was continued (SIGCONT); the handler may run on any thread.
private let continuedCount = Atomic<Int>(0)
/// The count the UI thread has already acted on (UI thread only).
nonisolated(unsafe) private var acknowledgedContinues = 0
/// Set when SIGTSTP arrived from outside (`kill -TSTP`): the UI thread stops itself.
private let stopRequested = Atomic<Bool>(false)
nonisolated(unsafe) private var wakeWriteFD: Int32 = -1
nonisolated(unsafe) private var installed = false

private let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
private let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

/// Puts the terminal back the way it was however the process ends: normal exit, SIGINT/SIGTERM/SIGHUP,
/// or a crash (including Swift runtime traps, which arrive as SIGILL or SIGTRAP).
///
/// ``TerminalScreen`` installs it before starting ncurses; call ``install(wake:)`` earlier yourself
/// if you want the terminal settings saved sooner or want SIGCONT to wake the event loop.
public enum TerminalGuard {
    /// Saves the current terminal settings and installs the signal and exit handlers (only the first call acts,
    /// except that a later `wake` replaces the earlier one).
    public static func install(wake: WakeSignal? = nil) {
        if let wake { wakeWriteFD = wake.writeFD }
        guard !installed else { return }
        installed = true
        _ = savedTermios.pointee  // allocate the buffers now, never inside a handler
        _ = exitSequence.pointee
        _ = previousCrashActions.pointee
        if isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, savedTermios) == 0 {
            haveSavedTermios = 1
        }
        for signo in terminatingSignals { setHandler(signo, handleTerminatingSignal, flags: 0) }
        for (index, signo) in crashSignals.enumerated() {
            // Keep whatever was there (Swift's crash backtracer, or the default) to hand the crash on to.
            setHandler(signo, handleCrashSignal, flags: 0, previous: previousCrashActions + index)
        }
        setHandler(SIGCONT, handleContinue, flags: Int32(SA_RESTART))
        atexit { TerminalGuard.restore() }
    }

    /// Wakes the event loop on SIGWINCH, after ncurses' own handler has noted the resize. Call it
    /// once ncurses has installed that handler (after `newterm`). Without it a resize shows only
    /// with the next key or timer: the signal may land on another thread, so `poll()` on the UI
    /// thread is not interrupted.
    static func wakeOnResize() {
        guard !resizeChained else { return }
        resizeChained = true
        _ = previousResizeAction.pointee  // allocate now, never inside the handler
        setHandler(SIGWINCH, handleResize, flags: Int32(SA_RESTART), previous: previousResizeAction)
    }

    /// Restores the terminal now (idempotent; a no-op when ncurses is not running).
    public static func restore() {
        guard cursesActive != 0 else { return }
        restoreTerminal(callEndwin: true)
    }

    /// Whether the process was continued (SIGCONT) since the last call, other than out of a
    /// stop that ``stopProcess()`` already reported; clears the flag.
    public static func takeContinued() -> Bool {
        let count = continuedCount.load(ordering: .acquiring)
        guard count > acknowledgedContinues else { return false }
        acknowledgedContinues = count
        return true
    }

    /// Whether SIGTSTP arrived from outside since the last call; clears the flag.
    static func takeStopRequest() -> Bool {
        stopRequested.exchange(false, ordering: .acquiringAndReleasing)
    }

    /// Takes SIGTSTP before ncurses does. Call it before `newterm`: ncurses then leaves SIGTSTP
    /// alone. Otherwise it installs a handler that calls `endwin` and `doupdate` on whichever
    /// thread the signal lands on, and ignores SIGTSTP during every screen update, so a
    /// `kill -TSTP` that arrives then is lost. Ours only records the request and wakes the UI
    /// thread, which then stops through ``stopProcess()``.
    /// A process started with SIGTSTP ignored (by a parent without job control) is left alone:
    /// nothing could continue it.
    static func handleStopRequests() {
        var current = sigaction()
        _ = sigaction(SIGTSTP, nil, &current)
        if let handler = current.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) == 1 {
            canStop = false  // SIG_IGN
            return
        }
        canStop = true
        setHandler(SIGTSTP, handleStopRequest, flags: Int32(SA_RESTART))
    }

    /// Gives SIGTSTP its default action back (the dashboard is over).
    static func stopHandlingStopRequests() {
        guard canStop else { return }
        var stopDefault = sigaction()
        stopDefault.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&stopDefault.sa_mask)
        _ = sigaction(SIGTSTP, &stopDefault, nil)
    }

    /// Whether the process may stop itself (false when SIGTSTP was ignored from the start).
    nonisolated(unsafe) static var canStop = true

    /// Stops the process as SIGTSTP's default action does and returns once it is continued (`fg`).
    ///
    /// The signal goes to the calling thread (`raise`), not to the process (`kill`): a
    /// process-directed signal may be taken by any thread, later, after our handler is back,
    /// and then the process does not stop at all. A thread-directed signal that the thread does
    /// not block is acted on before `raise` returns.
    static func stopProcess() {
        let before = continuedCount.load(ordering: .acquiring)
        var previousAction = sigaction()
        _ = sigaction(SIGTSTP, nil, &previousAction)
        stopHandlingStopRequests()
        var tstp = sigset_t()
        sigemptyset(&tstp)
        sigaddset(&tstp, SIGTSTP)
        var previousMask = sigset_t()
        _ = pthread_sigmask(SIG_UNBLOCK, &tstp, &previousMask)
        _ = raise(SIGTSTP)
        // Stopped here until continued.
        _ = pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        _ = sigaction(SIGTSTP, &previousAction, nil)
        // The SIGCONT that ended this stop may be handled on another thread a moment from now:
        // count it as seen, so it does not ask for a second repaint.
        acknowledgedContinues = max(acknowledgedContinues, before + 1)
    }

    /// Stops sending wake-ups to `fd` (called when that WakeSignal goes away).
    static func forgetWake(fd: Int32) {
        if wakeWriteFD == fd { wakeWriteFD = -1 }
    }

    /// Records that ncurses is running (or stopped running), and the bytes that leave its screen.
    static func setCursesActive(_ active: Bool) {
        if active {
            var length = 0
            if let rmcup = pw_tigetstr("rmcup") {
                while length < exitSequenceCapacity - 1, rmcup[length] != 0 {
                    exitSequence[length] = UInt8(bitPattern: rmcup[length])
                    length += 1
                }
            }
            exitSequenceLength = length
        }
        cursesActive = active ? 1 : 0
    }

    /// Records whether mouse reporting is on, so only then is it turned off on the way out.
    static func setMouseEnabled(_ enabled: Bool) {
        mouseEnabled = enabled ? 1 : 0
    }

    /// Puts the saved terminal settings back (no ncurses involved).
    static func restoreSavedTermios() {
        if haveSavedTermios != 0 { _ = tcsetattr(STDIN_FILENO, TCSANOW, savedTermios) }
    }

    private static func setHandler(
        _ signo: Int32, _ handler: @convention(c) (Int32) -> Void, flags: Int32,
        previous: UnsafeMutablePointer<sigaction>? = nil
    ) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        action.sa_flags = flags
        sigemptyset(&action.sa_mask)
        _ = sigaction(signo, &action, previous)
    }
}

// MARK: - Handlers (async-signal-safe apart from endwin on the exiting path)

/// Writes bytes with `write(2)` only.
private func writeRaw(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
    var offset = 0
    while offset < count {
        let n = write(STDOUT_FILENO, bytes + offset, count - offset)
        if n <= 0 {
            if n < 0 && errno == EINTR { continue }
            return
        }
        offset += n
    }
}

private func writeStatic(_ s: StaticString) {
    writeRaw(s.utf8Start, s.utf8CodeUnitCount)
}

/// Restores the terminal. Only `tcsetattr` and `write` unless `callEndwin`.
private func restoreTerminal(callEndwin: Bool) {
    let wasActive = cursesActive != 0
    cursesActive = 0
    if callEndwin && wasActive { _ = endwin() }
    TerminalGuard.restoreSavedTermios()
    guard wasActive else { return }
    if mouseEnabled != 0 {
        writeStatic("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l")
        mouseEnabled = 0
    }
    if !callEndwin && exitSequenceLength > 0 { writeRaw(exitSequence, exitSequenceLength) }
    writeStatic("\u{1B}[0m\u{1B}[?25h")
}

private func handleTerminatingSignal(_ signo: Int32) {
    // endwin is not on the async-signal-safe list, but the process exits right after and it is the
    // only way to leave ncurses' screen cleanly; ncurses' own SIGINT handler does the same.
    restoreTerminal(callEndwin: true)
    _exit(128 + signo)
}

private func handleCrashSignal(_ signo: Int32) {
    // Memory may be corrupt: no ncurses, just restore the settings. Then put back the previous
    // action and raise again; the signal is blocked until this handler returns, then the previous
    // handler (Swift's backtracer prints its report on a sane terminal) or the default action runs.
    restoreTerminal(callEndwin: false)
    var index = 0
    while index < crashSignals.count {
        if crashSignals[index] == signo {
            _ = sigaction(signo, previousCrashActions + index, nil)
            break
        }
        index += 1
    }
    _ = raise(signo)
}

private func handleResize(_ signo: Int32) {
    let previous = previousResizeAction.pointee
    if previous.sa_flags & Int32(SA_SIGINFO) == 0, let handler = previous.__sigaction_handler.sa_handler {
        let raw = unsafeBitCast(handler, to: Int.self)
        if raw != 1 && raw != -1 { handler(signo) }  // not SIG_IGN, not SIG_ERR
    }
    wakeEventLoop()
}

/// Writes one byte to the event loop's wake pipe (if there is one).
private func wakeEventLoop() {
    let fd = wakeWriteFD
    if fd >= 0 {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }
}

private func handleStopRequest(_ signo: Int32) {
    stopRequested.store(true, ordering: .releasing)
    wakeEventLoop()
}

private func handleContinue(_ signo: Int32) {
    continuedCount.add(1, ordering: .releasing)
    wakeEventLoop()
}
