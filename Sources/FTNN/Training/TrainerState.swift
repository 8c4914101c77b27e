public import FTTensor

/// Everything besides weights and optimiser slots that a resumed run needs to continue exactly as an
/// uninterrupted one: the epoch counter, the generator, the history and the callbacks' state.
public struct TrainerState: Sendable, Equatable, Codable {
    /// Epochs finished.
    public var completedEpochs: Int = 0
    /// The generator as it stands after `completedEpochs` (shuffles and dropout masks come from it).
    public var generator: SeededGenerator
    /// What was recorded so far.
    public var history = History()
    /// Early stopping's counters, when used.
    public var earlyStopping: EarlyStopping?
    /// Plateau reduction's counters, when used.
    public var reduceOnPlateau: ReduceLearningRateOnPlateau?
    /// True once early stopping or a user callback ended training.
    public var stopped = false
    /// `LabelledSequences.fingerprint` of the training data, set on the first epoch.
    public var dataFingerprint: UInt64?
    /// The number of ranks of the data-parallel run that wrote this state (nil: one process). A run on
    /// another number of ranks refuses to resume it.
    public var ranks: Int?

    /// A fresh state seeded with `seed`.
    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// Checks a state read from a checkpoint: the epoch counter within `0…epochs` (the run's budget) and
    /// consistent with the history and the callbacks' counters.
    /// - Throws: `TrainingError.checkpoint` naming the field.
    public func validate(epochs: Int) throws(TrainingError) {
        guard completedEpochs >= 0 else {
            throw .checkpoint("completedEpochs expected ≥ 0. Received: \(completedEpochs)")
        }
        guard completedEpochs <= epochs else {
            throw .checkpoint(
                "completedEpochs is \(completedEpochs), more than the \(epochs) epochs of this run (raise --epochs to continue it)"
            )
        }
        if let ranks, ranks < 1 { throw .checkpoint("ranks expected ≥ 1. Received: \(ranks)") }
        let numbers = history.epochs.map(\.epoch)
        guard numbers == Array(stride(from: 1, through: completedEpochs, by: 1)) else {
            throw .checkpoint(
                "history expected epochs 1…\(completedEpochs) (completedEpochs). Received: \(numbers.prefix(20))")
        }
        func inRange(_ epoch: Int?) -> Bool { epoch.map { (1...max(1, completedEpochs)).contains($0) } ?? true }
        guard inRange(history.bestEpoch), inRange(history.stoppedEpoch) else {
            throw .checkpoint(
                "history best_epoch/stopped_epoch expected 1…\(completedEpochs). Received: \(String(describing: history.bestEpoch)), \(String(describing: history.stoppedEpoch))"
            )
        }
        if let e = earlyStopping {
            guard e.patience >= 0, e.wait >= 0, e.startFromEpoch >= 0, e.minDelta.isFinite, inRange(e.bestEpoch),
                !e.best.isNaN
            else {
                throw .checkpoint(
                    "earlyStopping expected patience, wait, startFromEpoch ≥ 0, a finite minDelta and bestEpoch within 1…\(completedEpochs)"
                )
            }
        }
    }
}
