import Foundation

/// A fresh folder under the system temporary folder for one test, with helpers to write files into it;
/// the test removes it with `remove()`.
public struct TemporaryFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// Creates `<temporary>/fintext-<UUID>`.
    public init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("fintext-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` (UTF-8, exactly as given) to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(Array(text.utf8), to: name)
    }

    /// Writes `text` (UTF-8, exactly as given) to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        try write(Array(text.utf8), to: name)
    }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Deletes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
