import AdsCache
import Foundation
import ScreenGrid

/// Finds theme files by name in a list of directories, earlier directories winning.
public struct ThemeCatalog: Sendable {
    /// Directories searched for `NAME.toml`, in order.
    public var directories: [String]

    /// A catalog over `directories` (searched in order).
    public init(directories: [String]) {
        self.directories = directories
    }

    /// The usual search path: the user's `$XDG_CONFIG_HOME/pinwatch/themes` (or `~/.config/…`), then a
    /// `Themes/` directory beside the executable, in `../share/pinwatch/themes`, at the root of the
    /// package the executable was built in, and in the current directory. Only existing ones are kept.
    public static func standardDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = Bundle.main.executablePath,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> [String] {
        var candidates: [String] = []
        candidates.append(XDG.pinwatchDirectory(.config, environment: environment).appendingPathComponent("themes").path)
        if let executablePath {
            let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            let directory = executable.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("Themes").path)
            candidates.append(directory.appendingPathComponent("../share/pinwatch/themes").standardized.path)
            var parent = directory
            for _ in 0..<6 {
                // A build product lives in <package>/.build/<triple>/debug/: find the package root.
                let manifest = parent.appendingPathComponent("Package.swift").path
                if FileManager.default.fileExists(atPath: manifest) {
                    candidates.append(parent.appendingPathComponent("Themes").path)
                    break
                }
                parent = parent.deletingLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: currentDirectory).appendingPathComponent("Themes").path)
        var seen = Set<String>()
        return candidates.filter { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return false
            }
            return seen.insert(path).inserted
        }
    }

    /// Every theme found, by name (sorted), with the file that wins for that name.
    public func list() -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".toml") && !file.hasPrefix(".") {
                let name = String(file.dropLast(5))
                if found[name] == nil { found[name] = directory + "/" + file }
            }
        }
        return found.keys.sorted().compactMap { name in found[name].map { (name: name, path: $0) } }
    }

    /// The file for theme `name`, if any directory has one.
    public func path(forName name: String) -> String? {
        for directory in directories {
            let path = directory + "/" + name + ".toml"
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Loads a theme by name (searching ``directories``) or by path (anything with a `/` or ending in `.toml`).
    ///
    /// The name `default` falls back to ``Theme/builtinDefault`` when no file is found.
    public func load(nameOrPath: String) throws(ThemeLoadError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try Self.load(path: nameOrPath)
        }
        if let path = path(forName: nameOrPath) {
            return try Self.load(path: path)
        }
        if nameOrPath == Theme.builtinDefault.name { return .builtinDefault }
        let known = list().map(\.name)
        let hint = known.isEmpty ? "no theme files found" : "known themes: " + known.joined(separator: ", ")
        throw ThemeLoadError(
            file: nameOrPath,
            message: "no such theme (\(hint); searched \(directories.joined(separator: ", ")))")
    }

    /// Loads the theme file at `path`.
    public static func load(path: String) throws(ThemeLoadError) -> Theme {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ThemeLoadError(file: path, message: "cannot read theme file (\(error.localizedDescription))")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw ThemeLoadError(file: path, message: "theme file is not valid UTF-8")
        }
        return try ThemeParser.parse(source, file: path)
    }
}
