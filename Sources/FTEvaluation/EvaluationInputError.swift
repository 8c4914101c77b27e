import FTIO

/// A bad predictions CSV or training-history JSON: names the file, the 1-based line when one applies, and what
/// is wrong.
public struct EvaluationInputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file that was being read.
    public let path: String
    /// The 1-based line of the problem, or nil when it concerns the whole file.
    public let line: Int?
    /// What is wrong, in one sentence.
    public let reason: String

    /// Creates an error for `path` (at `line`, when known).
    public init(path: String, line: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `path:line: reason`, or `path: reason` without a line.
    public var description: String {
        "\(fileLocation(path, line: line)): \(reason)"
    }
}
