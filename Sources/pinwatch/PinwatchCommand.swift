import AdsCache
import ArgumentParser
import AllocatorPolicy

/// The `pinwatch` command: a terminal dashboard for Pinterest ad campaigns, and its tools.
@main
struct PinwatchCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "pinwatch",
            abstract: "A terminal dashboard for Pinterest ad campaigns.",
            usage: "pinwatch [<dashboard-options>]\npinwatch <subcommand> [<options>]",
            discussion: discussion,
            version: "0.1.0",
            subcommands: [DashboardCommand.self, StatusCommand.self, PauseCommand.self, ActivateCommand.self,
                          ThemesCommand.self, WatchCommand.self, SandboxCommand.self, LoginCommand.self,
                          LogoutCommand.self, AuthCommand.self, ExporterCommand.self],
            defaultSubcommand: DashboardCommand.self
        )
    }

    /// `pinwatch` alone runs the dashboard, so `pinwatch --help` shows the dashboard's options too:
    /// ArgumentParser lists only a default subcommand's name. They are taken from the dashboard's
    /// own help, so the two can never disagree.
    private static let discussion = """
        Run `pinwatch --demo` to try it against a built-in sandbox, or set PINTEREST_ACCESS_TOKEN \
        and run `pinwatch`. Keys are listed in the dashboard with `?`.

        DASHBOARD OPTIONS (`pinwatch [<options>]` is `pinwatch dashboard [<options>]`):

        """ + DashboardCommand.optionsHelp

    /// Sets up the allocator for a process that may stay up all day, then parses and runs as
    /// ArgumentParser's own `main` does.
    static func main() async {
        ProcessMemory.useOneArena()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
