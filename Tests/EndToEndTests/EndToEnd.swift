import PinwatchTestSupport
import Testing

/// Every end-to-end test runs the built `pinwatch` binary (found beside the test bundle, or at
/// $PINWATCH_BINARY); `swift test` and `swift build --build-tests` both build it, and a missing one
/// fails the tests with a message saying so. tmux is required too, never skipped. They run one at a time. The program
/// under test, tmux and the in-process sandboxes share two cores, and running them side by side
/// made them slower in total and their timing-sensitive waits flaky.
@Suite("End to end", .serialized, .tags(.endToEnd))
enum EndToEnd {}
