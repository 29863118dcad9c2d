/// Why ``Sandbox/start()`` could not serve, for errors a user can act on.
public enum SandboxStartError: Error, Equatable, CustomStringConvertible {
    /// Another process listens on the port asked for.
    case portInUse(UInt16)

    public var description: String {
        switch self {
        case .portInUse(let port): "Port \(port) on 127.0.0.1 is already in use"
        }
    }
}
