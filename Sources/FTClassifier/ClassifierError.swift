/// Why the classifier pipeline could not do what was asked; each case is one line for a user.
public enum ClassifierError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A bad configuration value (names the field, or file and key).
    case configuration(String)
    /// A bad or insufficient data set.
    case data(String)
    /// A model folder that is missing, damaged or inconsistent (names the file).
    case modelFolder(String)
    /// Training failed (wraps the training engine's message).
    case training(String)

    /// The message without its category.
    public var message: String {
        switch self {
        case .configuration(let m), .data(let m), .modelFolder(let m), .training(let m): m
        }
    }

    /// `category: message`.
    public var description: String {
        switch self {
        case .configuration(let m): "configuration: \(m)"
        case .data(let m): "data: \(m)"
        case .modelFolder(let m): "model folder: \(m)"
        case .training(let m): "training: \(m)"
        }
    }
}
