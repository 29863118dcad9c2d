import FlyingSocks
import Foundation

/// A response body that sends some bytes and then fails, so the server closes the connection
/// before the announced Content-Length has arrived (a "reset mid-body").
struct FailingBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    /// The bytes sent before the failure.
    let prefix: [UInt8]

    func makeAsyncIterator() -> Iterator {
        Iterator(remaining: prefix[...])
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var remaining: ArraySlice<UInt8>

        mutating func next() async throws -> UInt8? {
            guard let byte = remaining.popFirst() else { throw ConnectionDropped() }
            return byte
        }

        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            guard !remaining.isEmpty else { throw ConnectionDropped() }
            let chunk = remaining.prefix(Swift.max(1, count))
            remaining = remaining.dropFirst(chunk.count)
            return chunk
        }
    }

    /// The failure that makes the server drop the connection.
    struct ConnectionDropped: Error {}
}
