/// Why training could not start or go on.
public enum TrainingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The data set is malformed (sizes, labels, ids).
    case invalidData(String)
    /// The model and the data do not fit together (vocabulary, length, classes).
    case incompatible(String)
    /// A loss or gradient became NaN or infinite.
    case nonFinite(epoch: Int, batch: Int, what: String)
    /// A checkpoint could not be written or read.
    case checkpoint(String)
    /// A `TrainingObserver` failed (for example a TensorBoard log that cannot be written).
    case observer(String)
    /// A collective operation of a data-parallel run failed (another rank died, the network failed).
    case communication(String)

    /// The message without its category (for a checkpoint, the file and what is wrong).
    public var message: String {
        if case .checkpoint(let message) = self { return message }
        return description
    }

    /// One line a user can act on.
    public var description: String {
        switch self {
        case .invalidData(let message): "Training data: \(message)"
        case .incompatible(let message): "Model and data do not fit: \(message)"
        case .nonFinite(let epoch, let batch, let what):
            "Training stopped: \(what) became NaN or infinite at epoch \(epoch), batch \(batch). "
                + "The last complete checkpoint (if any) is kept; try a lower learning rate or gradient clipping."
        case .checkpoint(let message): "Checkpoint: \(message)"
        case .observer(let message): "Training log: \(message)"
        case .communication(let message): "Distributed training: \(message)"
        }
    }
}
