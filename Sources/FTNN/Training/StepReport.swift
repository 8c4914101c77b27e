/// One finished training step (one mini-batch: forward, backward, optimiser update), as observers see it.
public struct StepReport: Sendable, Equatable {
    /// The epoch (1-based).
    public var epoch: Int
    /// The batch within the epoch (1-based).
    public var batch: Int
    /// Batches in the epoch.
    public var batches: Int
    /// Optimiser steps taken so far, this one included (1-based, continues across epochs and resumes;
    /// Keras's global batch counter and TensorBoard's step axis).
    public var iteration: Int
    /// Sequences in this batch (the last batch of an epoch may be smaller).
    public var documents: Int
    /// This batch's mean loss (training mode, class-weighted when class weights are set).
    public var loss: Double
    /// Mean loss over the epoch's batches so far, weighted by batch size (Keras's running value).
    public var runningLoss: Double
    /// Fraction correct over the epoch's batches so far.
    public var runningAccuracy: Double
    /// The learning rate this step used.
    public var learningRate: Double
    /// Wall-clock seconds of this step on this process.
    public var seconds: Double
    /// Seconds since the epoch began (this step included).
    public var elapsed: Double
    /// Every worker's seconds for this step, index = rank; `[seconds]` in a single process. A data-parallel
    /// trainer gathers them to rank 0.
    public var workerSeconds: [Double]

    /// Creates a record; `workerSeconds` defaults to `[seconds]`.
    public init(
        epoch: Int, batch: Int, batches: Int, iteration: Int, documents: Int, loss: Double, runningLoss: Double,
        runningAccuracy: Double, learningRate: Double, seconds: Double, elapsed: Double,
        workerSeconds: [Double]? = nil
    ) {
        self.epoch = epoch
        self.batch = batch
        self.batches = batches
        self.iteration = iteration
        self.documents = documents
        self.loss = loss
        self.runningLoss = runningLoss
        self.runningAccuracy = runningAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
        self.elapsed = elapsed
        self.workerSeconds = workerSeconds ?? [seconds]
    }

    /// Documents per second of this step (`documents / seconds`; 0 when no time was measured).
    public var documentsPerSecond: Double { seconds > 0 ? Double(documents) / seconds : 0 }
}
