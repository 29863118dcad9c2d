import ArgumentParser

/// The `pinwatch` command: a terminal dashboard for Pinterest ad campaigns, and its tools.
@main
struct PinwatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinwatch",
        abstract: "A terminal dashboard for Pinterest ad campaigns.",
        version: "0.1.0",
        subcommands: [SandboxCommand.self]
    )
}
