/// Why a theme could not be loaded, pointing at the file, line and key to fix.
///
/// Reads like a compiler message:
/// `Themes/broken.toml:7: roles.header.fg: "purpleish" is not a colour (use a name, 0-255 or #rrggbb)`.
public struct ThemeLoadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or theme name, when no file was found).
    public var file: String
    /// 1-based line of the problem, when known.
    public var line: Int?
    /// 1-based column, when known (TOML syntax errors).
    public var column: Int?
    /// Dotted key path of the offending entry (`roles.header.fg`), when the problem is about one key.
    public var key: String?
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line[:column]: [key: ]message`.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let key { return "\(location): \(key): \(message)" }
        return "\(location): \(message)"
    }
}
