/// The numbers of one finished epoch (one row of Keras's `History.history`).
public struct EpochMetrics: Sendable, Equatable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches, weighted by batch size (Keras's running mean).
    public var loss: Double
    /// Training accuracy over the epoch (fraction correct).
    public var accuracy: Double
    /// Validation loss after the epoch, when a validation set exists.
    public var validationLoss: Double?
    /// Validation accuracy after the epoch, when a validation set exists.
    public var validationAccuracy: Double?
    /// The learning rate used during the epoch.
    public var learningRate: Double
    /// Wall-clock seconds the epoch took (training and validation). Not part of determinism checks.
    public var seconds: Double

    /// Creates a record.
    public init(
        epoch: Int, loss: Double, accuracy: Double, validationLoss: Double?, validationAccuracy: Double?,
        learningRate: Double, seconds: Double
    ) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case epoch, loss, accuracy
        case validationLoss = "val_loss"
        case validationAccuracy = "val_accuracy"
        case learningRate = "learning_rate"
        case seconds
    }

    /// Encodes every key; a missing validation value is written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(epoch, forKey: .epoch)
        try c.encode(loss, forKey: .loss)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(validationLoss, forKey: .validationLoss)
        try c.encode(validationAccuracy, forKey: .validationAccuracy)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(seconds, forKey: .seconds)
    }

    /// The value of a monitored quantity, or nil when this epoch does not have it.
    public func value(of quantity: MonitoredQuantity) -> Double? {
        switch quantity {
        case .loss: loss
        case .accuracy: accuracy
        case .validationLoss: validationLoss
        case .validationAccuracy: validationAccuracy
        }
    }
}

/// A quantity a callback can watch (Keras's `monitor` strings).
public enum MonitoredQuantity: String, Sendable, Codable, CaseIterable {
    /// Training loss (`"loss"`).
    case loss
    /// Training accuracy (`"accuracy"`).
    case accuracy
    /// Validation loss (`"val_loss"`).
    case validationLoss = "val_loss"
    /// Validation accuracy (`"val_accuracy"`).
    case validationAccuracy = "val_accuracy"

    /// Whether smaller is better, Keras's `mode="auto"` rule (accuracy-like quantities are maximised).
    public var smallerIsBetter: Bool {
        switch self {
        case .loss, .validationLoss: true
        case .accuracy, .validationAccuracy: false
        }
    }
}
