import Foundation
import Logging
import ScreenGrid
import Synchronization

/// A swift-log handler that appends lines to a file readable by its owner only (0600).
/// The dashboard never logs to the terminal: it would be drawn over the screen.
struct FileLogHandler: LogHandler {
    /// One open file shared by every logger of the process.
    final class Sink: Sendable {
        private let handle: Mutex<FileHandle?>

        init(path: String) throws(UserError) {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw UserError("Cannot open the log file \(path): \(String(cString: strerror(errno))).",
                                hint: "Choose a writable path for --log-file.")
            }
            fchmod(fd, 0o600)
            handle = Mutex(FileHandle(fileDescriptor: fd, closeOnDealloc: true))
        }

        /// Standard error (for `pinwatch watch` without `--log-file`).
        init(standardError: Void) {
            handle = Mutex(FileHandle.standardError)
        }

        func write(_ line: String) {
            handle.withLock { $0?.write(Data(line.utf8)) }
        }
    }

    private let sink: Sink
    private let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, sink: Sink, level: Logger.Level) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let extra = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter.string(from: Date(), timeZone: .current,
                                               formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        // Names from the API reach the log: a log read in a terminal gets no control characters.
        sink.write(TextSanitizer.sanitize("\(time) \(event.level) \(label): \(event.message)\(extra)") + "\n")
    }
}
