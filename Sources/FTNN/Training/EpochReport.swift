/// One finished epoch, as observers see it: the history row plus timing and the model.
public struct EpochReport: Sendable {
    /// The row `History` records (losses, accuracies, learning rate, seconds including validation).
    public var metrics: EpochMetrics
    /// Epochs the run has at most.
    public var epochs: Int
    /// Optimiser steps taken so far (the iteration of the epoch's last step).
    public var iterations: Int
    /// Training steps in this epoch.
    public var steps: Int
    /// Training sequences processed in this epoch.
    public var documents: Int
    /// Seconds of the training steps alone (the sum of the steps' times; validation excluded).
    public var stepSeconds: Double
    /// The model after the epoch's last update: its parameters' values, and as their gradients those of the
    /// epoch's last step (before clipping). Early stopping has not restored any weights yet.
    public var model: Sequential

    /// Creates a record.
    public init(
        metrics: EpochMetrics, epochs: Int, iterations: Int, steps: Int, documents: Int, stepSeconds: Double,
        model: Sequential
    ) {
        self.metrics = metrics
        self.epochs = epochs
        self.iterations = iterations
        self.steps = steps
        self.documents = documents
        self.stepSeconds = stepSeconds
        self.model = model
    }

    /// Training documents per second over the epoch's steps (0 when no time was measured).
    public var documentsPerSecond: Double { stepSeconds > 0 ? Double(documents) / stepSeconds : 0 }
    /// Mean seconds per training step.
    public var meanStepSeconds: Double { steps > 0 ? stepSeconds / Double(steps) : 0 }
}
