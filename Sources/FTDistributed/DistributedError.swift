/// Why a distributed run could not start or a collective operation failed.
public struct DistributedError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One line a user can act on.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
