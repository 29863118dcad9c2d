import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import Terminal

@Test func wakeSignalWakesTheWaiterAndDrains() throws {
    let wake = try WakeSignal()
    var fds: [Int32] = [-1, -1]
    #expect(pipe(&fds) == 0)
    defer { close(fds[0]); close(fds[1]) }

    #expect(EventWaiter.waitForInput(terminalFD: fds[0], wake: wake, timeoutMs: 10) == WaitResult(timedOut: true))
    Thread.detachNewThread { wake.signal() }
    let woken = EventWaiter.waitForInput(terminalFD: fds[0], wake: wake, timeoutMs: 5_000)
    #expect(woken.woken && !woken.input)
    for _ in 0..<100_000 { wake.signal() }  // a full pipe must not block
    wake.drain()
    #expect(EventWaiter.waitForInput(terminalFD: fds[0], wake: wake, timeoutMs: 0).timedOut)

    var byte: UInt8 = 65
    #expect(write(fds[1], &byte, 1) == 1)
    #expect(EventWaiter.waitForInput(terminalFD: fds[0], wake: wake, timeoutMs: 0).input)
}
