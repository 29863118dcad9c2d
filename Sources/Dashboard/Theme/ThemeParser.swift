import ScreenGrid
import TOMLKit

/// Reads theme TOML text into a ``Theme``, with errors that name the file, line and key.
///
/// Format (see `Themes/default.toml`): top-level `name` and `description` strings, and a
/// `[roles]` table whose keys are ``StyleRole`` raw values, each a table with `fg`, `bg`
/// (colour name, 0–255 or `"#rrggbb"`) and `bold`, `underline`, `reverse`, `dim`, `italic`
/// (booleans). Unknown keys anywhere are errors, so typos do not pass silently.
public enum ThemeParser {
    /// Parses `source`; `file` is used in error messages and, without a `name` key, for the name.
    public static func parse(_ source: String, file: String) throws(ThemeLoadError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ThemeLoadError(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: "syntax error: \(error.description)")
        } catch {
            throw ThemeLoadError(file: file, message: "syntax error: \(error)")
        }
        let locator = TOMLKeyLocator(source: source)
        func fail(_ path: [String], _ message: String) -> ThemeLoadError {
            ThemeLoadError(file: file, line: locator.line(of: path), key: path.joined(separator: "."), message: message)
        }

        var name = defaultName(forFile: file)
        var description = ""
        var styles: [StyleRole: TextStyle] = [:]
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            switch key {
            case "name":
                guard let s = value.string, !s.isEmpty else { throw fail([key], "expected a non-empty string") }
                name = s
            case "description":
                guard let s = value.string else { throw fail([key], "expected a string") }
                description = s
            case "roles":
                guard let roles = value.table else { throw fail([key], "expected a table of roles") }
                for roleKey in roles.keys.sorted() {
                    let path = ["roles", roleKey]
                    guard let role = StyleRole(rawValue: roleKey) else {
                        throw fail(path, "unknown role (known roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    guard let roleTable = roles[roleKey]?.table else {
                        throw fail(path, "expected a table such as { fg = \"white\", bold = true }")
                    }
                    styles[role] = try parseStyle(roleTable, path: path, fail: fail)
                }
            default:
                throw fail([key], "unknown key (expected name, description or roles)")
            }
        }
        return Theme(name: name, description: description, styles: styles)
    }

    private static let styleKeys = ["fg", "bg", "bold", "underline", "reverse", "dim", "italic"]

    private static func parseStyle(
        _ table: TOMLTable, path: [String], fail: ([String], String) -> ThemeLoadError
    ) throws(ThemeLoadError) -> TextStyle {
        var style = TextStyle()
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            let keyPath = path + [key]
            switch key {
            case "fg", "bg":
                let color: Color
                if let n = value.int {
                    guard (0...255).contains(n) else { throw fail(keyPath, "\(n) is not a colour index (use 0-255)") }
                    color = .indexed(n)
                } else if let s = value.string {
                    guard let parsed = Color.parse(s) else {
                        throw fail(keyPath, "\"\(s)\" is not a colour (use a name, 0-255 or #rrggbb)")
                    }
                    color = parsed
                } else {
                    throw fail(keyPath, "expected a colour name, 0-255 or \"#rrggbb\"")
                }
                if key == "fg" { style.fg = color } else { style.bg = color }
            case "bold", "underline", "reverse", "dim", "italic":
                guard let flag = value.bool else { throw fail(keyPath, "expected true or false") }
                switch key {
                case "bold": style.bold = flag
                case "underline": style.underline = flag
                case "reverse": style.reverse = flag
                case "dim": style.dim = flag
                default: style.italic = flag
                }
            default:
                throw fail(keyPath, "unknown key (expected \(styleKeys.joined(separator: ", ")))")
            }
        }
        return style
    }

    private static func defaultName(forFile file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.hasSuffix(".toml") ? String(base.dropLast(5)) : base
    }
}
