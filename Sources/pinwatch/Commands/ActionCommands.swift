import AdsCache
import ArgumentParser
import Foundation
import PinterestAds

/// Entity types on the command line.
enum EntityTypeArgument: String, ExpressibleByArgument, CaseIterable {
    case adGroup = "ad-group"
    case ad
    case campaign

    var kind: EntityKind {
        switch self {
        case .adGroup: .adGroup
        case .ad: .ad
        case .campaign: .campaign
        }
    }
}

/// Shared body of `pinwatch pause` and `pinwatch activate`: the same verified, audited path the
/// dashboard uses.
struct StatusChangeOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("type"), help: "What the ids are: ad-group, ad or campaign.")
    var type: EntityTypeArgument

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Argument(help: "Ids of the entities.")
    var ids: [String]

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("Give at least one id.") }
        if let bad = ids.first(where: { !$0.allSatisfy(\.isNumber) || $0.isEmpty || $0.count > 18 }) {
            throw ValidationError("“\(bad)” is not a Pinterest id (digits only).")
        }
    }

    /// Exit codes: 0 every id verified, 4 some failed or unknown, 5 none verified, 6 refused.
    static let discussion = """
        The change is verified by reading the entities back and written to the audit log \
        ($XDG_STATE_HOME/pinwatch/audit.log). On a terminal it asks first unless --yes is given.
        Exit codes: 0 every id changed and verified; 4 partly (some failed or unknown); 5 none changed; \
        6 refused (read-only mode or not confirmed); 1 other errors.
        """

    func run(target: EntityStatus, verb: String) async throws {
        do {
            let code = try await perform(target: target, verb: verb)
            if code != 0 { throw ExitCode(code) }
        } catch let error as UserError {
            throw CleanExit.failure(error)
        }
    }

    private func perform(target: EntityStatus, verb: String) async throws(UserError) -> Int32 {
        let unique = ids.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let noun = type.kind.noun(count: unique.count)
        // Refused before anything is opened or sent; read_only from config.toml is checked below.
        if connection.readOnly { throw Self.readOnlyRefusal(source: "--read-only") }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw UserError("Not confirmed: standard input is not a terminal.", hint: "Pass --yes to \(verb.lowercased()) without asking.",
                                exitCode: 6)
            }
            print("\(verb) \(unique.count) \(noun) (\(unique.joined(separator: ", ")))? [y/N] ", terminator: "")
            fflush(nil)
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                print("Cancelled; nothing was sent.")
                return 6
            }
        }
        let logger = try LogSetup.makeOrFail(logFile: connection.logFile)
        let session = try await Session.open(connection, logger: logger)
        if session.readOnly {
            await session.close()
            throw Self.readOnlyRefusal(source: "read_only = true in the config file")
        }
        let account = try await session.resolveAccount().account
        let link = session.connect(accountID: account.id, refresh: session.refreshConfiguration(adGroupsSeconds: nil))
        let outcome = await link.engine.perform(StatusAction(kind: type.kind, ids: unique, target: target))
        link.engine.stop()
        await session.close()
        switch outcome {
        case .refused(let reason):
            throw UserError("Refused: \(reason); nothing was changed.", hint: "Try again later.", exitCode: 6)
        case .completed(let items):
            var verified = 0
            for id in unique {
                switch items[id] {
                case .succeeded?:
                    verified += 1
                    print("\(id)  \(target.rawValue)  verified")
                case .failed(let message)?:
                    print("\(id)  FAILED  \(message)")
                case .unknown(let message)?:
                    print("\(id)  UNKNOWN  \(message)")
                case nil:
                    print("\(id)  UNKNOWN  no outcome reported")
                }
            }
            print("\(verified) of \(unique.count) \(noun) \(target == .paused ? "paused" : "activated") and verified.")
            return verified == unique.count ? 0 : verified == 0 ? 5 : 4
        }
    }
}

extension StatusChangeOptions {
    /// The refusal in read-only mode (exit 6), naming what turned it on.
    static func readOnlyRefusal(source: String) -> UserError {
        UserError("Refused: read-only mode is on (\(source)), so nothing was sent.",
                  hint: "Run without read-only mode to change statuses.", exitCode: 6)
    }
}

/// `pinwatch pause`.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause ad groups, ads or campaigns (verified, audited).",
        discussion: StatusChangeOptions.discussion)

    @OptionGroup var options: StatusChangeOptions

    func run() async throws { try await options.run(target: .paused, verb: "Pause") }
}

/// `pinwatch activate`.
struct ActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate", abstract: "Activate ad groups, ads or campaigns (verified, audited).",
        discussion: StatusChangeOptions.discussion)

    @OptionGroup var options: StatusChangeOptions

    func run() async throws { try await options.run(target: .active, verb: "Activate") }
}
