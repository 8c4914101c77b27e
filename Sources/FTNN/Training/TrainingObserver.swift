/// Watches `Trainer.fit` from the outside: progress displays, TensorBoard logs, metrics exporters.
///
/// `fit` calls every observer, in the order given, at five points: once before the first epoch it runs
/// (`trainingWillBegin`), at the start of each epoch, after each training step (forward, backward and
/// optimiser update of one mini-batch), after each epoch (validation included), and once at the end,
/// also when training fails. `note` receives the one-off messages (early stopping, restored weights,
/// learning-rate reductions). Every method has an empty default, so an observer implements only what it
/// needs. Observers see values, never the trainer itself: they cannot change training, so a run with or
/// without observers ends with bit-identical weights.
///
/// An observer that throws (a log file that cannot be written) stops `fit` with
/// `TrainingError.observer`; the checkpoints already written are kept.
///
/// Distributed training: a data-parallel trainer runs this loop on every rank and calls the observers on
/// rank 0 only, after the all-reduce, so `StepReport.loss`, the running means and `EpochReport.metrics`
/// are the averages over all ranks (weighted by batch sizes) and the model's gradients are the summed
/// ones; it gathers every rank's step time into `StepReport.workerSeconds` (index = rank) so that a slow
/// machine is visible. A single process reports one entry.
public protocol TrainingObserver {
    /// Called once when `fit` starts or resumes, before the first epoch it runs.
    mutating func trainingWillBegin(_ start: TrainingStart) throws
    /// Called at the start of epoch `epoch` (1-based) of `epochs`.
    mutating func epochWillBegin(_ epoch: Int, of epochs: Int) throws
    /// Called after each training step.
    mutating func stepDidEnd(_ step: StepReport) throws
    /// Called after each epoch, once its validation has run and before early stopping or checkpoints act.
    mutating func epochDidEnd(_ epoch: EpochReport) throws
    /// Called once when `fit` returns (`failure` nil) or is about to throw `failure`.
    mutating func trainingDidEnd(_ history: History, failure: TrainingError?) throws
    /// A one-off message for people (early stopping, restoring weights, reducing the learning rate).
    mutating func note(_ message: String)
}

extension TrainingObserver {
    /// Does nothing.
    public mutating func trainingWillBegin(_ start: TrainingStart) throws {}
    /// Does nothing.
    public mutating func epochWillBegin(_ epoch: Int, of epochs: Int) throws {}
    /// Does nothing.
    public mutating func stepDidEnd(_ step: StepReport) throws {}
    /// Does nothing.
    public mutating func epochDidEnd(_ epoch: EpochReport) throws {}
    /// Does nothing.
    public mutating func trainingDidEnd(_ history: History, failure: TrainingError?) throws {}
    /// Does nothing.
    public mutating func note(_ message: String) {}
}

/// What `TrainingObserver.trainingWillBegin` is told: the run as it starts (or resumes).
public struct TrainingStart: Sendable {
    /// The model as training starts: its weights, and its layers for a summary.
    public var model: Sequential
    /// The options `fit` runs with.
    public var options: FitOptions
    /// The first epoch this call runs (1-based; greater than 1 after a resume).
    public var firstEpoch: Int
    /// Optimiser steps taken before this call (0, or the resumed count).
    public var iterations: Int
    /// Tokens per sequence.
    public var sequenceLength: Int
    /// Training sequences.
    public var trainingCount: Int
    /// Validation sequences, or nil without a validation set.
    public var validationCount: Int?

    /// Creates a record.
    public init(
        model: Sequential, options: FitOptions, firstEpoch: Int, iterations: Int, sequenceLength: Int,
        trainingCount: Int, validationCount: Int?
    ) {
        self.model = model
        self.options = options
        self.firstEpoch = firstEpoch
        self.iterations = iterations
        self.sequenceLength = sequenceLength
        self.trainingCount = trainingCount
        self.validationCount = validationCount
    }
}
