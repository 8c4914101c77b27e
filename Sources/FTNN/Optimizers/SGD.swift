import FTTensor

/// Stochastic gradient descent with optional momentum and Nesterov momentum, Keras 3's update.
///
/// ```
/// no momentum:  θ ← θ − lr·g
/// momentum μ:   b ← μ·b − lr·g;  θ ← θ + b            (Nesterov: θ ← θ + μ·b − lr·g)
/// ```
/// Keras defaults: lr 0.01, momentum 0, nesterov false. Slot: `momentum/<name>`.
public struct SGD: Optimizer {
    /// The learning rate per step.
    public var schedule: LearningRateSchedule
    /// Gradient clipping applied before each update.
    public var clipping: GradientClipping
    /// Momentum μ (Keras `momentum`).
    public let momentum: Double
    /// Use Nesterov momentum (Keras `nesterov`).
    public let nesterov: Bool
    /// Updates applied so far.
    public private(set) var iterations = 0
    private var velocity = [String: Tensor]()

    /// An SGD optimiser.
    /// - Precondition: valid schedule and clipping, `0 ≤ momentum < 1`.
    public init(
        learningRate: Float = 0.01, momentum: Double = 0, nesterov: Bool = false, clipping: GradientClipping = .none
    ) {
        self.init(schedule: .constant(learningRate), momentum: momentum, nesterov: nesterov, clipping: clipping)
    }

    /// An SGD optimiser with a schedule.
    /// - Precondition: as for `init(learningRate:...)`.
    public init(
        schedule: LearningRateSchedule, momentum: Double = 0, nesterov: Bool = false, clipping: GradientClipping = .none
    ) {
        require { () throws(LayerError) in
            try schedule.validate()
            try clipping.validate()
            guard (0..<1).contains(momentum) else {
                throw LayerError("SGD expected 0 ≤ momentum < 1. Received: \(momentum)")
            }
        }
        self.schedule = schedule
        self.clipping = clipping
        self.momentum = momentum
        self.nesterov = nesterov
    }

    /// One SGD step for every parameter.
    public mutating func update<Model: ParameterVisitable>(_ model: inout Model) {
        clipGradients(&model, clipping: clipping)
        let lr = schedule.rate(atStep: iterations)
        let mu = Float(momentum)
        var velocity = self.velocity
        let nesterov = self.nesterov
        model.visitParameters { name, parameter in
            let g = parameter.gradient.scalars
            guard mu != 0 else {
                for i in 0..<g.count { parameter.value.scalars[i] -= g[i] * lr }
                return
            }
            var b = velocity[name] ?? Tensor(zeros: parameter.value.shape)
            for i in 0..<g.count {
                b.scalars[i] = b.scalars[i] * mu - g[i] * lr
                parameter.value.scalars[i] += nesterov ? b.scalars[i] * mu - g[i] * lr : b.scalars[i]
            }
            velocity[name] = b
        }
        self.velocity = velocity
        iterations += 1
    }

    /// `momentum/<name>`, iterations and schedule.
    public func exportState() -> OptimizerState {
        OptimizerState(
            kind: "SGD", iterations: iterations, schedule: schedule, tensors: exportSlots(["momentum": velocity]))
    }

    /// Restores an exported state.
    /// - Throws: `LayerError` when the kind is not "SGD" or a slot name is unknown.
    public mutating func importState(_ state: OptimizerState) throws(LayerError) {
        try state.validate(kind: "SGD", slots: ["momentum"])
        iterations = state.iterations
        schedule = state.schedule
        velocity = importSlot("momentum", from: state.tensors)
    }
}
