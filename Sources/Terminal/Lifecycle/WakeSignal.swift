#if canImport(Glibc)
import Glibc
#endif

/// Wakes the UI thread's ``EventWaiter`` from any thread (a self-pipe).
///
/// Background work (a finished API refresh, a timer) calls ``signal()``; the event loop polls ``fd``
/// together with the terminal and calls ``drain()`` when it wakes.
public final class WakeSignal: Sendable {
    /// The end to poll for reading.
    public let fd: Int32
    /// The end written by `signal()`.
    let writeFD: Int32

    /// Creates the pipe (non-blocking, close-on-exec).
    public init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw TerminalError.system(call: "pipe", errno: errno)
        }
        for end in fds {
            // pipe2 is hidden behind _GNU_SOURCE in Swift's Glibc module; set the flags one by one.
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, fcntl(end, F_GETFD) | FD_CLOEXEC)
        }
        fd = fds[0]
        writeFD = fds[1]
    }

    deinit {
        TerminalGuard.forgetWake(fd: writeFD)
        close(fd)
        close(writeFD)
    }

    /// Wakes the waiter; safe from any thread. A full pipe already means "wake up", so EAGAIN is ignored.
    public func signal() {
        var byte: UInt8 = 1
        while write(writeFD, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Reads away all pending wake-ups.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            return
        }
    }
}

/// What ``EventWaiter/waitForInput(terminalFD:wake:timeoutMs:)`` woke up for.
public struct WaitResult: Equatable, Sendable {
    /// The terminal has input: call `TerminalScreen.readEvents()`.
    public var input: Bool = false
    /// The wake signal fired: call `WakeSignal.drain()` and look at new state.
    public var woken: Bool = false
    /// The timeout passed with nothing happening.
    public var timedOut: Bool = false
    /// A signal arrived (for example SIGWINCH): read events, a resize may be queued.
    public var interrupted: Bool = false
    /// The terminal hung up or errored: there will be no more input.
    public var hangup: Bool = false

    /// Creates a result.
    public init(input: Bool = false, woken: Bool = false, timedOut: Bool = false, interrupted: Bool = false, hangup: Bool = false) {
        self.input = input
        self.woken = woken
        self.timedOut = timedOut
        self.interrupted = interrupted
        self.hangup = hangup
    }
}

/// Sleeps until there is terminal input, a wake-up, a signal or a timeout — never a busy loop.
public enum EventWaiter {
    /// Waits on the terminal and `wake`; `timeoutMs` nil waits indefinitely (use it when nothing on screen
    /// would change by itself). A signal ends the wait with `interrupted` instead of retrying, so a
    /// resize that ncurses queued on SIGWINCH is read promptly.
    public static func waitForInput(terminalFD: Int32 = 0, wake: WakeSignal, timeoutMs: Int32?) -> WaitResult {
        var fds = [
            pollfd(fd: terminalFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0),
        ]
        let timeout = timeoutMs.map { max(0, $0) } ?? -1
        let n = poll(&fds, nfds_t(fds.count), timeout)
        if n < 0 {
            return errno == EINTR ? WaitResult(interrupted: true) : WaitResult(hangup: true)
        }
        if n == 0 { return WaitResult(timedOut: true) }
        let terminal = fds[0].revents
        let hangupBits = Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        return WaitResult(
            input: terminal & Int16(POLLIN) != 0,
            woken: fds[1].revents & Int16(POLLIN) != 0,
            hangup: terminal & hangupBits != 0 && terminal & Int16(POLLIN) == 0)
    }
}
