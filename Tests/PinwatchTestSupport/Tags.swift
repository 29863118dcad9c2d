import Testing

/// Tags on the slow suites, so a developer can run the fast ones alone:
/// `swift test --skip tag:endToEnd --skip tag:slow` (see the README's Development section).
/// `swift test` alone still runs everything.
extension Tag {
    /// Runs the built `pinwatch` binary, as a subprocess or in tmux.
    @Tag public static var endToEnd: Self
    /// Talks to an in-process Pinterest API sandbox over real HTTP on 127.0.0.1.
    @Tag public static var sandbox: Self
    /// Takes seconds per test: large data sets, timing measurements, real-time waits.
    @Tag public static var slow: Self
}
