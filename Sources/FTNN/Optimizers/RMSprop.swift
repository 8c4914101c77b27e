import FTTensor

/// RMSprop with Keras 3's update (Hinton's lecture 6e): defaults lr 0.001, ρ 0.9, momentum 0, ε 1e-7,
/// not centred.
///
/// ```
/// s ← ρ·s + (1 − ρ)·g²
/// (centred) a ← ρ·a + (1 − ρ)·g;  d = s − a² + ε   (else d = s + ε)
/// Δ = lr·g / √d
/// (momentum μ > 0) b ← μ·b + Δ;  θ ← θ − b   (else θ ← θ − Δ)
/// ```
/// Slots: `velocity/<name>`, `momentum/<name>`, `average_gradient/<name>`.
public struct RMSprop: Optimizer {
    /// The learning rate per step.
    public var schedule: LearningRateSchedule
    /// Gradient clipping applied before each update.
    public var clipping: GradientClipping
    /// Discount of the squared-gradient average (Keras `rho`).
    public let rho: Double
    /// Momentum (Keras `momentum`).
    public let momentum: Double
    /// Keras `epsilon`.
    public let epsilon: Double
    /// Normalise by the centred second moment (Keras `centered`).
    public let centered: Bool
    /// Updates applied so far.
    public private(set) var iterations = 0
    private var slots = ["velocity": [String: Tensor](), "momentum": [:], "average_gradient": [:]]

    /// An RMSprop optimiser.
    /// - Precondition: valid schedule and clipping, `0 ≤ ρ < 1`, `0 ≤ momentum < 1`, `ε > 0`.
    public init(
        learningRate: Float = 0.001, rho: Double = 0.9, momentum: Double = 0, epsilon: Double = 1e-7,
        centered: Bool = false, clipping: GradientClipping = .none
    ) {
        let schedule = LearningRateSchedule.constant(learningRate)
        require { () throws(LayerError) in
            try schedule.validate()
            try clipping.validate()
            guard (0..<1).contains(rho), (0..<1).contains(momentum), epsilon > 0 else {
                throw LayerError(
                    "RMSprop expected 0 ≤ rho, momentum < 1 and epsilon > 0. Received: \(rho), \(momentum), \(epsilon)")
            }
        }
        self.schedule = schedule
        self.clipping = clipping
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
    }

    /// One RMSprop step for every parameter.
    public mutating func update<Model: ParameterVisitable>(_ model: inout Model) {
        clipGradients(&model, clipping: clipping)
        let lr = schedule.rate(atStep: iterations)
        let r = Float(rho)
        let oneMinusRho = Float(1 - rho)
        let mu = Float(momentum)
        let eps = Float(epsilon)
        var slots = self.slots
        let centered = self.centered
        model.visitParameters { name, parameter in
            let g = parameter.gradient.scalars
            let zeros = Tensor(zeros: parameter.value.shape)
            var s = slots["velocity"]![name] ?? zeros
            var a = slots["average_gradient"]![name] ?? zeros
            var b = slots["momentum"]![name] ?? zeros
            for i in 0..<g.count {
                s.scalars[i] = r * s.scalars[i] + oneMinusRho * (g[i] * g[i])
                var d = s.scalars[i] + eps
                if centered {
                    a.scalars[i] = r * a.scalars[i] + oneMinusRho * g[i]
                    d = s.scalars[i] - a.scalars[i] * a.scalars[i] + eps
                }
                let increment = (lr * g[i]) / d.squareRoot()
                if mu > 0 {
                    b.scalars[i] = mu * b.scalars[i] + increment
                    parameter.value.scalars[i] -= b.scalars[i]
                } else {
                    parameter.value.scalars[i] -= increment
                }
            }
            slots["velocity"]![name] = s
            if centered { slots["average_gradient"]![name] = a }
            if mu > 0 { slots["momentum"]![name] = b }
        }
        self.slots = slots
        iterations += 1
    }

    /// Slots, iterations and schedule.
    public func exportState() -> OptimizerState {
        OptimizerState(kind: "RMSprop", iterations: iterations, schedule: schedule, tensors: exportSlots(slots))
    }

    /// Restores an exported state.
    /// - Throws: `LayerError` when the kind is not "RMSprop" or a slot name is unknown.
    public mutating func importState(_ state: OptimizerState) throws(LayerError) {
        try state.validate(kind: "RMSprop", slots: Array(slots.keys))
        iterations = state.iterations
        schedule = state.schedule
        for key in slots.keys { slots[key] = importSlot(key, from: state.tensors) }
    }
}
