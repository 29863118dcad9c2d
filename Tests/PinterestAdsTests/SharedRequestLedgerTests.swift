import Foundation
@testable import PinterestAds
import PinwatchTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The ledger file every Pinwatch of one identity on a host shares.
@Suite("Shared request ledger")
struct SharedRequestLedgerTests {
    static let now = Date(timeIntervalSince1970: 1_796_083_230)

    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pinwatch-ledger-\(UUID().uuidString)")
            .appendingPathComponent("requests.ledger")
    }

    @Test("two ledgers on one file (two processes' views) count together and see each other; the file is 0600 in a 0700 directory")
    func sharedCounts() throws {
        let url = Self.temporaryFile()
        let first = SharedRequestLedger(fileURL: url), second = SharedRequestLedger(fileURL: url)
        for index in 0..<30 {
            (index.isMultiple(of: 2) ? first : second).record(.adsRead, at: Self.now)
        }
        second.record(.adsAnalytics, at: Self.now)
        #expect(first.usage(at: Self.now).today == [.adsRead: 30, .adsAnalytics: 1])
        #expect(second.usage(at: Self.now).thisMinute == [.adsRead: 30, .adsAnalytics: 1])
        #expect(first.usage(at: Self.now.addingTimeInterval(60)).thisMinute.isEmpty)
        #expect(first.usage(at: Self.now).activeProcesses == 2, "two writers in the last 10 minutes")
        #expect(first.usage(at: Self.now.addingTimeInterval(SharedRequestLedger.activeWindow)).activeProcesses == 1)
        let file = try FileManager.default.attributesOfItem(atPath: url.path)
        let directory = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
    }

    @Test("concurrent writers from many threads lose no request")
    func concurrentWriters() async {
        let url = Self.temporaryFile()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let ledger = SharedRequestLedger(fileURL: url)
                    for _ in 0..<50 { ledger.record(.adsRead, at: Self.now) }
                }
            }
        }
        #expect(SharedRequestLedger(fileURL: url).usage(at: Self.now).today[.adsRead] == 200)
    }

    @Test("a write cut off at any byte (a process killed mid-write) leaves the previous counts readable",
          arguments: [1, 8, 12, 19, 20, 40, 60])
    func tornWrite(bytesWritten: Int) throws {
        let url = Self.temporaryFile()
        let ledger = SharedRequestLedger(fileURL: url)
        for _ in 0..<7 { ledger.record(.adsRead, at: Self.now) }
        // The next write goes to the other slot: write only its first bytes, as a killed process would.
        let handle = open(url.path, O_RDWR)
        #expect(handle >= 0)
        let (_, latest) = SharedRequestLedger.read(handle)
        let target = (try #require(latest)).slot == 0 ? 1 : 0
        var usage = RequestUsage(at: Self.now)
        usage.add(.adsRead, count: 8, at: Self.now)
        #expect(SharedRequestLedger.write(usage, sequence: 99, slot: target, to: handle))
        let valid = SharedRequestLedger.read(handle).latest?.usage.today
        #expect(valid == [.adsRead: 8], "a whole write is read")
        // Now tear it: keep the first bytes of that write (header and part of its body), the rest garbage.
        var garbage = [UInt8](repeating: 0xA5, count: SharedRequestLedger.slotSize - bytesWritten)
        _ = garbage.withUnsafeMutableBytes { pwrite(handle, $0.baseAddress, $0.count, off_t(target * SharedRequestLedger.slotSize + bytesWritten)) }
        close(handle)
        #expect(SharedRequestLedger(fileURL: url).usage(at: Self.now).today == [.adsRead: 7])
        ledger.record(.adsRead, at: Self.now)
        #expect(ledger.usage(at: Self.now).today == [.adsRead: 8], "counting goes on from the valid slot")
    }

    @Test("a ledger whose file cannot be made still counts this process's requests")
    func unusableFile() {
        let ledger = SharedRequestLedger(fileURL: URL(fileURLWithPath: "/proc/pinwatch-cannot/requests.ledger"))
        ledger.record(.adsWrite, at: Self.now)
        #expect(ledger.usage(at: Self.now).today == [.adsWrite: 1])
    }
}
