import Dispatch
import Foundation

/// SIGINT and SIGTERM, caught from the moment this is made: a long-running command makes one
/// before it says it is ready, so a signal sent on seeing that line is never the default (fatal)
/// one, and then waits for it.
final class Termination {
    private let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM.
    init() {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.signals = signals
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Returns when SIGINT or SIGTERM has arrived (at once if one came already).
    func wait() async {
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}
