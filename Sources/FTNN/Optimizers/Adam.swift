import FTTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Adam with Keras 3's exact update (Kingma & Ba 2014; decision record 0041).
///
/// With `t` = iterations + 1, all in `Float` as Keras computes for float32 variables:
/// ```
/// α = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// m ← m + (g − m)·(1 − β₁)
/// v ← v + (g² − v)·(1 − β₂)
/// θ ← θ − m·α / (√v + ε)
/// ```
/// This is the "ε-hat" form: ε is added to the *uncorrected* √v, so it differs from PyTorch's
/// `ε` (1e-8, added to √v̂). Keras's defaults: lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7. The study used
/// lr 0.00011 and clip value 0.5. Slots: `m/<name>`, `v/<name>`.
public struct Adam: Optimizer {
    /// The learning rate per step.
    public var schedule: LearningRateSchedule
    /// Gradient clipping applied before each update.
    public var clipping: GradientClipping
    /// First-moment decay (Keras `beta_1`).
    public let beta1: Double
    /// Second-moment decay (Keras `beta_2`).
    public let beta2: Double
    /// Keras `epsilon`.
    public let epsilon: Double
    /// Updates applied so far.
    public private(set) var iterations = 0
    private var m = [String: Tensor]()
    private var v = [String: Tensor]()

    /// An Adam optimiser with a constant rate.
    /// - Precondition: rates finite and ≥ 0, `0 ≤ β < 1`, `ε > 0`, valid clipping.
    public init(
        learningRate: Float = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
        clipping: GradientClipping = .none
    ) {
        self.init(schedule: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon, clipping: clipping)
    }

    /// An Adam optimiser with a learning-rate schedule.
    /// - Precondition: as for `init(learningRate:...)`.
    public init(
        schedule: LearningRateSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
        clipping: GradientClipping = .none
    ) {
        require { () throws(LayerError) in
            try schedule.validate()
            try clipping.validate()
            guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
                throw LayerError("Adam expected 0 ≤ beta1, beta2 < 1. Received: \(beta1), \(beta2)")
            }
            guard epsilon > 0 else { throw LayerError("Adam expected epsilon > 0. Received: \(epsilon)") }
        }
        self.schedule = schedule
        self.clipping = clipping
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One Adam step for every parameter.
    public mutating func update<Model: ParameterVisitable>(_ model: inout Model) {
        clipGradients(&model, clipping: clipping)
        let lr = schedule.rate(atStep: iterations)
        let t = Float(iterations + 1)
        let beta1Power = powf(Float(beta1), t)
        let beta2Power = powf(Float(beta2), t)
        let alpha = lr * (1 - beta2Power).squareRoot() / (1 - beta1Power)
        let oneMinusBeta1 = Float(1 - beta1)
        let oneMinusBeta2 = Float(1 - beta2)
        let eps = Float(epsilon)
        // The slots are moved out of `self` so that each is uniquely referenced and updated in place.
        var m = [String: Tensor]()
        var v = [String: Tensor]()
        swap(&m, &self.m)
        swap(&v, &self.v)
        model.visitParameters { name, parameter in
            let shape = parameter.value.shape
            var mm = m.removeValue(forKey: name) ?? Tensor(zeros: shape)
            var vv = v.removeValue(forKey: name) ?? Tensor(zeros: shape)
            precondition(
                mm.shape == shape, "Adam expected state for '\(name)' of shape \(shape). Received: shape \(mm.shape)")
            let gradient = parameter.gradient.scalars
            Self.step(
                m: &mm.scalars, v: &vv.scalars, weights: &parameter.value.scalars, gradient: gradient, alpha: alpha,
                oneMinusBeta1: oneMinusBeta1, oneMinusBeta2: oneMinusBeta2, eps: eps)
            m[name] = mm
            v[name] = vv
        }
        self.m = m
        self.v = v
        iterations += 1
    }

    /// One parameter's update, in place: `m`, `v` and `weights` are written, element by element.
    private static func step(
        m: inout [Float], v: inout [Float], weights: inout [Float], gradient g: [Float], alpha: Float,
        oneMinusBeta1: Float, oneMinusBeta2: Float, eps: Float
    ) {
        m.withUnsafeMutableBufferPointer { mp in
            v.withUnsafeMutableBufferPointer { vp in
                weights.withUnsafeMutableBufferPointer { w in
                    for i in 0..<w.count {
                        mp[i] += (g[i] - mp[i]) * oneMinusBeta1
                        vp[i] += (g[i] * g[i] - vp[i]) * oneMinusBeta2
                        w[i] -= (mp[i] * alpha) / (vp[i].squareRoot() + eps)
                    }
                }
            }
        }
    }

    /// `m/<name>`, `v/<name>`, iterations and schedule.
    public func exportState() -> OptimizerState {
        OptimizerState(
            kind: "Adam", iterations: iterations, schedule: schedule, tensors: exportSlots(["m": m, "v": v]))
    }

    /// Restores an exported state.
    /// - Throws: `LayerError` when the kind is not "Adam" or a slot name is unknown.
    public mutating func importState(_ state: OptimizerState) throws(LayerError) {
        try state.validate(kind: "Adam", slots: ["m", "v"])
        iterations = state.iterations
        schedule = state.schedule
        m = importSlot("m", from: state.tensors)
        v = importSlot("v", from: state.tensors)
    }
}
