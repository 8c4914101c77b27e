/// How `Trainer.fit` runs: epochs, batches, callbacks and checkpoints. Defaults are the study's.
public struct FitOptions: Sendable {
    /// Epochs to run at most (the study: 24).
    public var epochs: Int = 24
    /// Sequences per mini-batch (the study: 33); the last batch of an epoch may be smaller.
    public var batchSize: Int = 33
    /// Reshuffle the training order every epoch with the trainer's seeded generator (Keras default).
    public var shuffle: Bool = true
    /// Per-class loss weights for training (Keras `class_weight`); validation loss is unweighted.
    public var classWeights: [Float]? = nil
    /// Early stopping, or nil for none.
    public var earlyStopping: EarlyStopping? = nil
    /// Learning-rate reduction on a plateau of `plateauMonitor`, or nil for none.
    public var reduceOnPlateau: ReduceLearningRateOnPlateau? = nil
    /// The quantity `reduceOnPlateau` watches (it is minimised).
    public var plateauMonitor: MonitoredQuantity = .validationLoss
    /// Where and when to write checkpoints, or nil for none.
    public var checkpoints: CheckpointPolicy? = nil
    /// Batch size for validation passes (default: `batchSize`).
    public var validationBatchSize: Int? = nil
    /// The ranks of a synchronous data-parallel run, or nil for one process. With a group, `batchSize` is
    /// the batch of each rank (the global batch is `batchSize × size`), only rank 0 writes checkpoints and
    /// calls the observers, and every rank must call `fit` with the same data and options
    /// (`Trainer+DataParallel.swift`, `docs/distributed.md`).
    public var parallel: (any DataParallelGroup)? = nil
    /// How the model runs (kernels and worker threads): the fast fused kernels with 2 workers by default,
    /// `.reference` for the layers' own code (`ExecutionPlan`, decision 0074).
    public var executionPath: ExecutionPath = .fast()

    /// The study's settings.
    public init() {}

    /// Checks the options.
    /// - Throws: `TrainingError.invalidData` naming the bad field.
    public func validate(classes: Int) throws(TrainingError) {
        guard epochs >= 1 else { throw .invalidData("epochs expected ≥ 1. Received: \(epochs)") }
        guard batchSize >= 1 else { throw .invalidData("batchSize expected ≥ 1. Received: \(batchSize)") }
        if let v = validationBatchSize, v < 1 { throw .invalidData("validationBatchSize expected ≥ 1. Received: \(v)") }
        if let w = classWeights {
            guard w.count == classes else {
                throw .invalidData("classWeights expected \(classes) values. Received: \(w.count)")
            }
            guard w.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw .invalidData("classWeights expected finite values ≥ 0. Received: \(w)")
            }
        }
        if let c = checkpoints {
            guard c.every >= 1 else { throw .invalidData("checkpoint interval expected ≥ 1. Received: \(c.every)") }
            guard c.keepLast >= 1 else {
                throw .invalidData("checkpoints to keep expected ≥ 1. Received: \(c.keepLast)")
            }
        }
    }
}

/// Where and when `Trainer.fit` writes checkpoints.
///
/// Files are `checkpoint-epoch-NNNN.safetensors` in `folder` (one self-contained file each, written
/// atomically) and `checkpoint-best.safetensors` for the best epoch when `atBest` is set.
public struct CheckpointPolicy: Sendable, Equatable {
    /// The folder (created when missing).
    public var folder: String
    /// Write after every `every` epochs (and after the last one).
    public var every: Int
    /// How many epoch checkpoints to keep (older ones are deleted after a newer one is complete).
    public var keepLast: Int
    /// Also keep a copy of the best epoch (early stopping's monitor) as `checkpoint-best.safetensors`.
    public var atBest: Bool

    /// Creates a policy.
    public init(folder: String, every: Int = 1, keepLast: Int = 2, atBest: Bool = true) {
        self.folder = folder
        self.every = every
        self.keepLast = keepLast
        self.atBest = atBest
    }
}
