/// An error reading or writing a file, always naming the file.
public struct IOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file the operation was about.
    public var path: String
    /// What went wrong, in words a user can act on.
    public var reason: String

    /// Creates an error about `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
