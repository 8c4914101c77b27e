/// A layer configuration or input shape that a layer cannot accept.
///
/// The message follows Keras: what was expected, then what was received, for example
/// "Conv1D expected input with 300 channels. Received: shape [33, 10000, 200]". Layers' preconditions
/// use the same checks (`outputShape(for:)`, `validate`), so tests can assert the message without
/// crashing the process.
public struct LayerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The full message.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Runs a throwing check and stops the program with the check's message when it fails.
///
/// This is the precondition tier for programmer errors, but spelled with `fatalError` because
/// `precondition` drops its message in `-O` builds and these messages are the point (decision 0047).
@inline(__always)
func require<T>(_ check: () throws(LayerError) -> T) -> T {
    do {
        return try check()
    } catch {
        fatalError(error.message)
    }
}
