/// Stops training when a monitored quantity has stopped improving (Keras `EarlyStopping`).
///
/// Semantics follow Keras 3 (`keras/src/callbacks/early_stopping.py`): at the end of each epoch from
/// `startFromEpoch` on, the epoch counts as an improvement when it beats the best value by more than
/// `minDelta` (for minimised quantities `current + |minDelta| < best`, for maximised
/// `current − |minDelta| > best`); an improvement records the best epoch and resets the wait counter,
/// otherwise the counter grows and training stops once it reaches `patience`. With `restoreBestWeights`
/// Keras restores the best weights only when it stops early; FinText's `.always` policy also restores
/// them when the epochs run out (see `docs/training.md`).
///
/// It is a plain value: the caller asks `update(with:)` after each epoch and keeps the best weights it
/// is told to keep, so its whole state fits in a checkpoint.
public struct EarlyStopping: Sendable, Equatable, Codable {
    /// When to put the best epoch's weights back.
    public enum RestorePolicy: String, Sendable, Codable {
        /// Keep the last epoch's weights (Keras `restore_best_weights=False`).
        case never
        /// Restore only when early stopping ends training (Keras `restore_best_weights=True`).
        case onStop
        /// Restore when early stopping ends training and also when the epochs run out.
        case always
    }

    /// What `update(with:)` tells the training loop to do.
    public enum Decision: Sendable, Equatable {
        /// Go on; `isBest` says this epoch's weights are the best so far (keep a copy).
        case proceed(isBest: Bool)
        /// Stop; `restoreBest` says to put the best epoch's weights back.
        case stop(restoreBest: Bool)
    }

    /// The quantity watched (Keras `monitor`, default `val_loss`).
    public var monitor: MonitoredQuantity
    /// The smallest change that counts as an improvement (absolute value is used).
    public var minDelta: Double
    /// Epochs without improvement before stopping.
    public var patience: Int
    /// Whether smaller values are better; by default from the quantity (Keras `mode="auto"`).
    public var smallerIsBetter: Bool
    /// When to restore the best weights.
    public var restore: RestorePolicy
    /// Epochs (1-based count of epochs finished before monitoring starts, Keras `start_from_epoch`).
    public var startFromEpoch: Int

    /// The best value seen so far (±infinity before the first monitored epoch).
    public private(set) var best: Double
    /// The 1-based epoch that produced `best`, or nil.
    public private(set) var bestEpoch: Int?
    /// Epochs since the last improvement.
    public private(set) var wait: Int = 0
    /// The epoch at which training was stopped, or nil.
    public private(set) var stoppedEpoch: Int?

    /// Creates the callback.
    /// - Precondition: `patience ≥ 0`, `startFromEpoch ≥ 0`, `minDelta` finite.
    public init(
        monitor: MonitoredQuantity = .validationLoss, minDelta: Double = 0, patience: Int = 0,
        smallerIsBetter: Bool? = nil, restore: RestorePolicy = .never, startFromEpoch: Int = 0
    ) {
        precondition(patience >= 0, "EarlyStopping expected patience ≥ 0. Received: \(patience)")
        precondition(startFromEpoch >= 0, "EarlyStopping expected startFromEpoch ≥ 0. Received: \(startFromEpoch)")
        precondition(minDelta.isFinite, "EarlyStopping expected a finite minDelta. Received: \(minDelta)")
        self.monitor = monitor
        self.minDelta = abs(minDelta)
        self.patience = patience
        self.smallerIsBetter = smallerIsBetter ?? monitor.smallerIsBetter
        self.restore = restore
        self.startFromEpoch = startFromEpoch
        self.best = (smallerIsBetter ?? monitor.smallerIsBetter) ? .infinity : -.infinity
    }

    /// Whether `value` improves on `reference` by more than `minDelta`.
    public func isImprovement(_ value: Double, over reference: Double) -> Bool {
        smallerIsBetter ? value + minDelta < reference : value - minDelta > reference
    }

    /// Feeds one finished epoch and says whether to go on.
    ///
    /// An epoch lacking the monitored value (for example no validation set) never stops training, as in
    /// Keras, which warns and skips.
    public mutating func update(with metrics: EpochMetrics) -> Decision {
        guard let current = metrics.value(of: monitor), metrics.epoch > startFromEpoch else {
            return .proceed(isBest: false)
        }
        wait += 1
        if isImprovement(current, over: best) {
            best = current
            bestEpoch = metrics.epoch
            wait = 0
            return .proceed(isBest: true)
        }
        if wait >= patience && metrics.epoch > 1 {
            stoppedEpoch = metrics.epoch
            return .stop(restoreBest: restore != .never && bestEpoch != nil)
        }
        return .proceed(isBest: false)
    }

    /// Whether to restore the best weights when the epochs run out without an early stop.
    public var restoresAtEnd: Bool { restore == .always && bestEpoch != nil && stoppedEpoch == nil }
}
