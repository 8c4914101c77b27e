/// Why a safetensors file was rejected; always names the file.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or buffer name) being read.
    public var source: String
    /// The tensor concerned, when the problem is one tensor's entry.
    public var tensor: String?
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(source: String, tensor: String? = nil, reason: String) {
        self.source = source
        self.tensor = tensor
        self.reason = reason
    }

    /// `file: tensor 'name': reason`.
    public var description: String {
        if let tensor { return "\(source): tensor '\(tensor)': \(reason)" }
        return "\(source): \(reason)"
    }
}
