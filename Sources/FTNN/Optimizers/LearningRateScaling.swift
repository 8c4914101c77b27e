/// How the learning rate follows the number of ranks in data-parallel training, where the global batch is
/// `batchSize × ranks` (decision 0183).
///
/// `.linear` multiplies every rate by the number of ranks (Goyal et al. 2017, "Accurate, Large Minibatch
/// SGD"; Horovod's advice); `warmupSteps > 0` ramps linearly from the single-process rate to the scaled one
/// over that many updates. `.none` keeps the rate as given (for Adam with small rank counts the scaled
/// rate may be too high: the rule is the user's choice). One rank is always left unchanged.
public struct LearningRateScaling: Sendable, Equatable, Codable {
    /// The rule.
    public enum Rule: String, Sendable, Equatable, Codable, CaseIterable {
        /// Rate × ranks.
        case linear
        /// The rate as given.
        case none
    }

    /// The rule.
    public var rule: Rule
    /// Updates over which the rate ramps up from the single-process rate (0: none).
    public var warmupSteps: Int

    /// A scaling rule.
    public init(rule: Rule = .linear, warmupSteps: Int = 0) {
        self.rule = rule
        self.warmupSteps = warmupSteps
    }

    /// The schedule for a run on `ranks` ranks, from the single-process `schedule`.
    public func schedule(_ schedule: LearningRateSchedule, ranks: Int) -> LearningRateSchedule {
        guard ranks > 1, rule == .linear else { return schedule }
        let scaled = schedule.scaled(by: Float(ranks))
        guard warmupSteps > 0 else { return scaled }
        return .warmup(start: schedule.rate(atStep: 0), steps: warmupSteps, then: scaled)
    }
}
