import Dashboard
import Foundation
import ScreenGrid
import Testing

/// Golden screens: each file holds the screen's text, then the style role of every cell (one
/// letter per column, so it lines up under the text in a diff), then a legend of the letters used.
/// A change of text or of colour role fails the test.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Golden__")

    static let rolesHeading = "--- roles: one letter per column, legend below ---"
    static let legendHeading = "--- legend ---"

    static func check(_ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = file(grid)
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
            let layer = firstDiff < grid.height ? "text, row \(firstDiff + 1)"
                : firstDiff == grid.height ? "where the roles begin"
                : firstDiff <= 2 * grid.height ? "roles, row \(firstDiff - grid.height)"
                : "legend"
            var detail = ""
            if firstDiff > grid.height, firstDiff <= 2 * grid.height, firstDiff < want.count {
                // Name the roles of the first cell that changed, so the legend need not be looked up.
                let wantRow = Array(want[firstDiff]), row = firstDiff - grid.height - 1
                if let column = (0..<grid.width).first(where: { $0 >= wantRow.count || wantRow[$0] != letter(grid[$0, row].role) }) {
                    let wanted = column < wantRow.count ? StyleRole.allCases.first { letter($0) == wantRow[column] } : nil
                    detail = "column \(column + 1): want \(wanted?.rawValue ?? "?"), got \(grid[column, row].role.rawValue)"
                }
            }
            let report = ["Golden \(name).txt differs at line \(firstDiff + 1) (\(layer)):"] + (detail.isEmpty ? [] : [detail]) + [
                "want: " + (firstDiff < want.count ? String(want[firstDiff]) : "<none>"),
                "got:  " + (firstDiff < got.count ? String(got[firstDiff]) : "<none>"),
                "(PINWATCH_RECORD_GOLDENS=1 re-records)",
            ]
            Issue.record(Comment(rawValue: report.joined(separator: "\n")), sourceLocation: sourceLocation)
        }
    }

    /// The golden file's content for `grid`.
    static func file(_ grid: CellGrid) -> String {
        var lines = grid.textLines()
        lines.append(rolesHeading)
        var used = Set<StyleRole>()
        for row in 0..<grid.height {
            var line = ""
            line.reserveCapacity(grid.width)
            for column in 0..<grid.width {
                let role = grid[column, row].role
                used.insert(role)
                line.append(letter(role))
            }
            lines.append(line)
        }
        lines.append(legendHeading)
        for role in StyleRole.allCases where used.contains(role) {
            lines.append("\(letter(role)) \(role.rawValue)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One letter per role; the switch is exhaustive so a new role must be given one.
    static func letter(_ role: StyleRole) -> Character {
        switch role {
        case .normal: "."
        case .header: "H"
        case .headerAccent: "A"
        case .title: "T"
        case .border: "b"
        case .columnHeader: "C"
        case .selected: "S"
        case .marked: "M"
        case .markedSelected: "N"
        case .dim: "d"
        case .warning: "w"
        case .error: "E"
        case .success: "s"
        case .info: "i"
        case .sparkline: "~"
        case .badge: "B"
        case .pending: "p"
        case .changed: "c"
        case .message: "m"
        case .prompt: ">"
        case .dialog: "D"
        case .dialogBorder: "#"
        case .helpKey: "k"
        case .statusRunning: "R"
        case .statusPaused: "P"
        case .statusNotStarted: "n"
        case .statusCompleted: "O"
        case .statusDisabled: "x"
        case .statusArchived: "a"
        case .statusDraft: "f"
        case .statusOther: "o"
        case .reviewApproved: "V"
        case .reviewPending: "?"
        case .reviewRejected: "X"
        case .reviewOther: "r"
        }
    }
}
