import Foundation
import Synchronization

/// Where every request a `PinterestClient` sends is counted, by rate-limit category.
///
/// Give one to the client through `ClientConfiguration.requestLedger`. `InMemoryRequestLedger`
/// counts one process; a ledger kept in a shared file counts every Pinwatch of one identity on a
/// host. Readers (the header, `auth status`, an exporter) ask for `usage(at:)` and compare it with
/// a `RequestBudget`.
public protocol RequestLedger: Sendable {
    /// Counts one request of `category` sent at `date`.
    func record(_ category: RateLimitCategory, at date: Date)
    /// The counts of the minute and the UTC day holding `date`.
    func usage(at date: Date) -> RequestUsage
}

/// A ledger in memory, counting the requests of this process only.
public final class InMemoryRequestLedger: RequestLedger {
    private let counts: Mutex<RequestUsage?> = Mutex(nil)

    /// Creates an empty ledger.
    public init() {}

    public func record(_ category: RateLimitCategory, at date: Date) {
        counts.withLock { usage in
            var updated = usage ?? RequestUsage(at: date)
            updated.add(category, at: date)
            usage = updated
        }
    }

    public func usage(at date: Date) -> RequestUsage {
        counts.withLock { $0?.at(date) } ?? RequestUsage(at: date)
    }
}
