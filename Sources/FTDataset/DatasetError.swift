/// A token dataset that cannot be read or written, naming the file and, where it applies, the byte offset.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or folder) at fault.
    public var path: String
    /// The byte offset in `path` where the problem is, when one applies.
    public var offset: Int?
    /// What is wrong, in words a user can act on.
    public var reason: String

    /// Creates an error about `path`.
    public init(path: String, offset: Int? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    /// `path: byte N: reason` (or `path: reason`).
    public var description: String {
        if let offset { return "\(path): byte \(offset): \(reason)" }
        return "\(path): \(reason)"
    }
}
