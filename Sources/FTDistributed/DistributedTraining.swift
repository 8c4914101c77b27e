public import FTNN

/// How a classifier trains as one rank of a data-parallel job: the communicator, and the learning-rate
/// rule for the global batch (`batchSize × ranks`).
public struct DistributedTraining: Sendable {
    /// The job's ranks.
    public var communicator: any Communicator
    /// How the learning rate follows the number of ranks (default: linear scaling).
    public var learningRateRule: LearningRateScaling.Rule
    /// Epochs over which the rate ramps up from the single-process rate to the scaled one (0: none).
    public var warmupEpochs: Double

    /// A configuration.
    public init(
        communicator: any Communicator, learningRateRule: LearningRateScaling.Rule = .linear, warmupEpochs: Double = 0
    ) {
        self.communicator = communicator
        self.learningRateRule = learningRateRule
        self.warmupEpochs = warmupEpochs
    }

    /// True on rank 0, which writes the model, report, checkpoints and TensorBoard logs.
    public var isRoot: Bool { communicator.rank == 0 }

    /// The scaling rule for training on `trainingCount` rows in batches of `batchSize` per rank.
    public func scaling(trainingCount: Int, batchSize: Int) -> LearningRateScaling {
        let global = max(1, min(batchSize, max(1, trainingCount))) * communicator.size
        let stepsPerEpoch = (trainingCount + global - 1) / global
        return LearningRateScaling(
            rule: learningRateRule, warmupSteps: Int((warmupEpochs * Double(stepsPerEpoch)).rounded(.up)))
    }
}
