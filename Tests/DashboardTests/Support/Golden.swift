import Dashboard
import Foundation
import ScreenGrid
import Testing

/// Compares a rendered screen with `__Golden__/<name>.txt`; records it when missing or when
/// `PINWATCH_RECORD_GOLDENS=1` (and fails, so a recording is never mistaken for a pass).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Golden__")

    static func check(_ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = grid.textLines().joined(separator: "\n") + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["PINWATCH_RECORD_GOLDENS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded golden \(name).txt; check it and run again without PINWATCH_RECORD_GOLDENS",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                Golden \(name).txt differs at line \(firstDiff + 1):
                want: \(firstDiff < want.count ? String(want[firstDiff]) : "<none>")
                got:  \(firstDiff < got.count ? String(got[firstDiff]) : "<none>")
                (PINWATCH_RECORD_GOLDENS=1 re-records)
                """, sourceLocation: sourceLocation)
        }
    }
}
