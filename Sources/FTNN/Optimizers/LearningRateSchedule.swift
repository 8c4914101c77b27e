#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The learning rate as a function of the optimiser's iteration count (Keras passes `iterations`, the
/// number of updates already applied, to a `LearningRateSchedule`).
public indirect enum LearningRateSchedule: Sendable, Equatable, Codable {
    /// The same rate at every step.
    case constant(Float)
    /// `initial · factor^⌊step / every⌋` (Keras `ExponentialDecay(initial, every, factor, staircase=True)`).
    case stepDecay(initial: Float, every: Int, factor: Float)
    /// A linear ramp from `start` to `then`'s rate over the first `steps` updates, then `then` (the
    /// gradual warm-up of large-batch data-parallel training, Goyal et al. 2017).
    case warmup(start: Float, steps: Int, then: LearningRateSchedule)

    /// The rate for the update after `step` updates.
    public func rate(atStep step: Int) -> Float {
        switch self {
        case .constant(let rate): return rate
        case .stepDecay(let initial, let every, let factor):
            return initial * powf(factor, Float(step / max(1, every)))
        case .warmup(let start, let steps, let then):
            let target = then.rate(atStep: step)
            guard step < steps else { return target }
            return start + (target - start) * Float(step) / Float(steps)
        }
    }

    /// The same schedule with every rate multiplied by `factor` (used by reduce-on-plateau).
    public func scaled(by factor: Float) -> LearningRateSchedule {
        switch self {
        case .constant(let rate): return .constant(rate * factor)
        case .stepDecay(let initial, let every, let decay):
            return .stepDecay(initial: initial * factor, every: every, factor: decay)
        case .warmup(let start, let steps, let then):
            return .warmup(start: start * factor, steps: steps, then: then.scaled(by: factor))
        }
    }

    /// Checks the schedule.
    /// - Throws: `LayerError` for a non-finite or negative rate, `every < 1`, or a factor outside (0, 1].
    public func validate() throws(LayerError) {
        switch self {
        case .constant(let rate):
            guard rate.isFinite && rate >= 0 else {
                throw LayerError("Learning rate expected a finite value ≥ 0. Received: \(rate)")
            }
        case .stepDecay(let initial, let every, let factor):
            guard initial.isFinite && initial >= 0 else {
                throw LayerError("Learning rate expected a finite value ≥ 0. Received: \(initial)")
            }
            guard every >= 1 else { throw LayerError("Step decay expected every ≥ 1. Received: \(every)") }
            guard factor > 0 && factor <= 1 else {
                throw LayerError("Step decay expected a factor in (0, 1]. Received: \(factor)")
            }
        case .warmup(let start, let steps, let then):
            guard start.isFinite && start >= 0 else {
                throw LayerError("Warm-up expected a finite start rate ≥ 0. Received: \(start)")
            }
            guard steps >= 0 else { throw LayerError("Warm-up expected steps ≥ 0. Received: \(steps)") }
            try then.validate()
        }
    }
}
