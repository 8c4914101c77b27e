import FTIO

/// A dataset manifest that cannot be read, naming the file and the 1-based line.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The manifest file.
    public var path: String
    /// 1-based line number, or nil for whole-file problems (unreadable, not UTF-8).
    public var line: Int?
    /// What is wrong, naming the field where there is one.
    public var reason: String

    /// Creates an error.
    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `path:line: reason`.
    public var description: String {
        "\(fileLocation(path, line: line)): \(reason)"
    }
}
