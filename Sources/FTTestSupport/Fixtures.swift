public import Foundation

/// Locating test fixtures and the shared data folder from a test file's own path.
public enum Fixtures {
    /// The `Fixtures` folder beside the calling test file.
    public static func folder(filePath: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The path of `name` inside the calling test target's `Fixtures` folder.
    public static func path(_ name: String, filePath: StaticString = #filePath) -> String {
        folder(filePath: filePath).appendingPathComponent(name).path
    }

    /// The repository root (the folder holding `Package.swift`).
    public static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: "\(#filePath)")
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    /// `../shared/data` beside the repository when present (developers' machines and CI), else nil.
    /// Tests that need it go through `ExternalTools.require` (a failure under CI when it is absent).
    public static var sharedData: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Decodes a JSON fixture into `T`; snake_case keys (as Python writes them) map to camelCase properties.
    public static func decode<T: Decodable>(_ type: T.Type, _ name: String, filePath: StaticString = #filePath) throws
        -> T
    {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name, filePath: filePath)))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: data)
    }
}
