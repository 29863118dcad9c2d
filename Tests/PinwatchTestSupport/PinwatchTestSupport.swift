import Foundation

/// Locations of the material tests read: the official OpenAPI description and the seed payloads,
/// which live in `../shared` beside the project root.
public enum Fixtures {
    /// The project root (the folder holding Package.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the project root.
    public static let sharedDirectory: URL = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared")

    /// Pinterest's OpenAPI description.
    public static var openAPIURL: URL {
        sharedDirectory.appendingPathComponent("pinterest-openapi/openapi.json")
    }

    /// A seed payload by file name (`ad_groups_list_response.json`, `ad_response.json`).
    public static func seed(_ name: String) throws -> Data {
        try Data(contentsOf: sharedDirectory.appendingPathComponent("seeds").appendingPathComponent(name))
    }
}
