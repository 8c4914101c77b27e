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

    /// A fresh state seeded with `seed`.
    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }
}
