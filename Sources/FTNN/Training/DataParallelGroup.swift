/// The processes ("ranks") of a synchronous data-parallel run, as `Trainer.fit` uses them.
///
/// Every rank runs the same `fit` on the same data with the same options; the trainer splits each global
/// batch across the ranks, sums the weighted gradients with `sum(_:)`, and so takes the same optimiser step
/// everywhere. `FTDistributed` implements this protocol on MPI (and as a single process); the trainer
/// needs nothing else from the transport. Every method is collective: all ranks must call it, in the
/// same order, with buffers of the same length.
public protocol DataParallelGroup: Sendable {
    /// This process's rank, `0..<size`; rank 0 writes checkpoints and calls the observers.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// Replaces `values` on every rank by their element-wise sum over all ranks (bit-identical on every
    /// rank, and the same on every run with the same ranks and values).
    func sum(_ values: inout [Float]) throws(TrainingError)
    /// Replaces `values` by their element-wise sum over all ranks, in double precision.
    func sum(_ values: inout [Double]) throws(TrainingError)
    /// Replaces `bytes` on every rank by rank 0's bytes (of any length).
    func broadcastFromRoot(_ bytes: inout [UInt8]) throws(TrainingError)
    /// Every rank's `values` (all of the same count), index = rank.
    func gather(_ values: [UInt64]) throws(TrainingError) -> [[UInt64]]
    /// Receives this rank's own view of each finished step (its rows, loss and time) for per-rank logs;
    /// observers see only rank 0's averaged reports.
    func localStepDidEnd(_ step: StepReport)
}

extension DataParallelGroup {
    /// Does nothing.
    public func localStepDidEnd(_ step: StepReport) {}
}
