import Foundation

/// Pinwatch's directories under the XDG Base Directory Specification, the one place that reads
/// `XDG_CONFIG_HOME`, `XDG_CACHE_HOME` and `XDG_STATE_HOME`.
public enum XDG {
    /// A kind of base directory.
    public enum Base: Sendable {
        /// Settings and themes: `$XDG_CONFIG_HOME`, else `~/.config`.
        case config
        /// The snapshot cache: `$XDG_CACHE_HOME`, else `~/.cache`.
        case cache
        /// The audit log: `$XDG_STATE_HOME`, else `~/.local/state`.
        case state

        var variable: String {
            switch self {
            case .config: "XDG_CONFIG_HOME"
            case .cache: "XDG_CACHE_HOME"
            case .state: "XDG_STATE_HOME"
            }
        }

        var fallback: String {
            switch self {
            case .config: ".config"
            case .cache: ".cache"
            case .state: ".local/state"
            }
        }
    }

    /// `<base>/pinwatch`. The specification says a relative value is to be ignored, so only an
    /// absolute one is used; otherwise the fallback under `$HOME` (or the user's home directory
    /// when `HOME` is unset or empty).
    public static func pinwatchDirectory(_ base: Base, environment: [String: String]) -> URL {
        let root: URL
        if let value = environment[base.variable], value.hasPrefix("/") {
            root = URL(fileURLWithPath: value, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            root = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(base.fallback, isDirectory: true)
        }
        return root.appendingPathComponent("pinwatch", isDirectory: true)
    }
}
