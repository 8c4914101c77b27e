/// Multiplies an optimiser's learning rate by `factor` when a monitored loss stops improving (Keras
/// `ReduceLROnPlateau` in `mode="min"`, same defaults and the same wait/cooldown logic).
public struct ReduceLearningRateOnPlateau: Sendable, Equatable, Codable {
    /// Multiplier applied on a plateau (0.1).
    public var factor: Float
    /// Epochs without improvement before reducing (10).
    public var patience: Int
    /// Improvement smaller than this does not count (1e-4).
    public var minDelta: Double
    /// Epochs to wait after a reduction before counting again (0).
    public var cooldown: Int
    /// Lower bound on the rate (0).
    public var minLearningRate: Float
    /// Best value seen.
    public private(set) var best = Double.infinity
    /// Epochs since the last improvement.
    public private(set) var wait = 0
    /// Remaining cooldown epochs.
    public private(set) var cooldownCounter = 0

    /// A plateau rule with Keras's defaults.
    /// - Precondition: `0 < factor < 1`, `patience ≥ 0`, `cooldown ≥ 0`.
    public init(
        factor: Float = 0.1, patience: Int = 10, minDelta: Double = 1e-4, cooldown: Int = 0, minLearningRate: Float = 0
    ) {
        precondition(
            factor > 0 && factor < 1, "ReduceLearningRateOnPlateau expected 0 < factor < 1. Received: \(factor)")
        precondition(
            patience >= 0 && cooldown >= 0,
            "ReduceLearningRateOnPlateau expected patience, cooldown ≥ 0. Received: \(patience), \(cooldown)")
        self.factor = factor
        self.patience = patience
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
    }

    /// Records one epoch's monitored value (for example validation loss); returns true when it reduced
    /// the optimiser's rate (its schedule is scaled so the current rate becomes `max(rate·factor, min)`).
    public mutating func observe(_ value: Double, optimizer: inout some Optimizer) -> Bool {
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if value < best - minDelta {
            best = value
            wait = 0
            return false
        }
        guard cooldownCounter == 0 else { return false }
        wait += 1
        guard wait >= patience else { return false }
        let old = optimizer.schedule.rate(atStep: optimizer.iterations)
        guard old > minLearningRate, old > 0 else { return false }
        let new = max(old * factor, minLearningRate)
        optimizer.schedule = optimizer.schedule.scaled(by: new / old)
        cooldownCounter = cooldown
        wait = 0
        return true
    }
}
