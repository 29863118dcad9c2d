import Dashboard
import Foundation

/// Writes the columns chosen in the dashboard to `[columns]` of config.toml, leaving the rest of
/// the file as it was.
enum ColumnsConfig {
    /// The key of a table under `[columns]`.
    static func key(_ kind: TableKind) -> String {
        switch kind {
        case .adGroups: "ad_groups"
        case .ads: "ads"
        case .campaigns: "campaigns"
        case .accounts: "accounts"
        }
    }

    /// `text` with its `[columns]` table replaced by one holding `columns`.
    static func updated(_ text: String, columns: [TableKind: [String]]) -> String {
        var kept: [Substring] = []
        var inColumns = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                inColumns = trimmed.hasPrefix("[columns]")
                if inColumns { continue }
            }
            if !inColumns { kept.append(line) }
        }
        while let last = kept.last, last.trimmingCharacters(in: .whitespaces).isEmpty { kept.removeLast() }
        var out = kept.joined(separator: "\n")
        guard !columns.isEmpty else { return out.isEmpty ? "" : out + "\n" }
        if !out.isEmpty { out += "\n\n" }
        out += "[columns]            # chosen in the dashboard (o)\n"
        for kind in TableKind.allCases {
            guard let titles = columns[kind] else { continue }
            out += key(kind) + " = [" + titles.map(quoted).joined(separator: ", ") + "]\n"
        }
        return out
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Saves `columns` into the file at `path` atomically, keeping its permissions (0600 for a new
    /// file, in a 0700 directory).
    static func save(_ columns: [TableKind: [String]], path: String) throws {
        let url = URL(fileURLWithPath: path)
        let manager = FileManager.default
        let existing = try? String(contentsOf: url, encoding: .utf8)
        let mode = (try? manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o600
        if existing == nil {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
        }
        let text = updated(existing ?? "", columns: columns)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".config.toml.\(getpid()).tmp")
        guard manager.createFile(atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        if rename(temporary.path, path) != 0 {
            try? manager.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
