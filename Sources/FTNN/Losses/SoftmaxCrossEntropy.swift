public import FTTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Dimension letters: N batch, K classes.

/// Softmax followed by categorical cross-entropy, fused and numerically stable (Keras
/// `CategoricalCrossentropy(from_logits=True)` with the default `sum_over_batch_size` reduction).
///
/// Per sample: `ℓₙ = wₙ · (Σₖ tₙₖ · (lse(zₙ) − zₙₖ))` with `lse(z) = m + log Σ exp(z − m)`, `m = max z`;
/// the loss is `(1/N) Σₙ ℓₙ`, accumulated in `Double`. The weight `wₙ = Σₖ tₙₖ · classWeights[k]` is
/// Keras's `class_weight` for one-hot targets (1 without class weights); Keras divides by `N`, not by
/// the weight sum, and so does this.
/// Gradient: `∂L/∂zₙⱼ = wₙ · (pₙⱼ · Σₖ tₙₖ − tₙⱼ) / N` (see docs/derivations/softmax-cross-entropy.md).
///
/// The study's model ends in `Dense(3, softmax)`; here the last Dense is linear and this loss applies
/// the softmax, which is the same function with a stabler gradient.
public struct SoftmaxCrossEntropy: Sendable, Equatable {
    /// Optional per-class weights (Keras `class_weight`), one per class.
    public var classWeights: [Float]?

    /// What `backward` needs.
    public struct Cache: Sendable {
        /// Softmax probabilities `[N, K]`.
        public var probabilities: Tensor
        /// Targets `[N, K]`.
        public var targets: Tensor
    }

    /// A loss, optionally with class weights.
    /// - Precondition: weights, when given, are finite and non-negative.
    public init(classWeights: [Float]? = nil) {
        if let classWeights {
            precondition(
                classWeights.allSatisfy { $0.isFinite && $0 >= 0 },
                "SoftmaxCrossEntropy expected finite non-negative class weights. Received: \(classWeights)")
        }
        self.classWeights = classWeights
    }

    /// Checks shapes.
    /// - Throws: `LayerError` when logits and targets differ in shape, are not rank 2, or the class
    ///   weights have the wrong count.
    public func validate(logits: Shape, targets: Shape) throws(LayerError) {
        guard logits.rank == 2 && logits[0] >= 1 && logits[1] >= 1 else {
            throw LayerError("SoftmaxCrossEntropy expected logits of shape [batch, classes]. Received: shape \(logits)")
        }
        guard targets == logits else {
            throw LayerError("SoftmaxCrossEntropy expected targets of shape \(logits). Received: shape \(targets)")
        }
        if let classWeights, classWeights.count != logits[1] {
            throw LayerError("SoftmaxCrossEntropy expected \(logits[1]) class weights. Received: \(classWeights.count)")
        }
    }

    /// One-hot targets `[N, K]` for class labels.
    /// - Precondition: every label is in `0..<classes`.
    public static func oneHot(_ labels: [Int], classes: Int) -> Tensor {
        var t = Tensor(zeros: [labels.count, classes])
        for (n, label) in labels.enumerated() {
            precondition((0..<classes).contains(label), "oneHot expected labels in 0..<\(classes). Received: \(label)")
            t.scalars[n * classes + label] = 1
        }
        return t
    }

    /// The mean loss and the cache for `backward`.
    /// - Precondition: `validate(logits:targets:)` does not throw.
    public func forward(logits: Tensor, targets: Tensor) -> (loss: Double, cache: Cache) {
        var cache = Cache(probabilities: Tensor(zeros: [0]), targets: targets)
        let loss = forward(logits: logits, targets: targets, into: &cache)
        return (loss, cache)
    }

    /// `forward(logits:targets:)` writing the probabilities into `cache`'s tensor, whose storage is reused when
    /// it has the capacity (an `ExecutionPlan`'s training steps); `cache.targets` becomes `targets`.
    /// - Precondition: as `forward(logits:targets:)`.
    public func forward(logits: Tensor, targets: Tensor, into cache: inout Cache) -> Double {
        require { () throws(LayerError) in try validate(logits: logits.shape, targets: targets.shape) }
        cache.targets = targets
        return forward(logits: logits, targets: .oneHot(targets), into: &cache.probabilities)
    }

    /// The mean loss for class labels, the same number as `forward(logits:targets:)` with
    /// `oneHot(labels, classes:)` bit for bit, writing the probabilities `[N, K]` into `probabilities`, whose
    /// storage is reused when it has the capacity: no allocation then (`Trainer.fit`'s steps).
    /// - Precondition: `labels` has one label in `0..<K` per row of the `[N, K]` logits, and the class weights
    ///   (if any) number `K`.
    public func forward(logits: Tensor, labels: [Int], into probabilities: inout Tensor) -> Double {
        require { () throws(LayerError) in try validate(logits: logits.shape, labels: labels) }
        return forward(logits: logits, targets: .labels(labels), into: &probabilities)
    }

    /// dLoss/dLogits `[N, K]`.
    public func backward(cache: Cache) -> Tensor {
        var gradient = Tensor(zeros: [0])
        backward(cache: cache, into: &gradient)
        return gradient
    }

    /// `backward(cache:)` into `gradient`, whose storage is reused when it has the capacity.
    public func backward(cache: Cache, into gradient: inout Tensor) {
        backward(probabilities: cache.probabilities, targets: .oneHot(cache.targets), into: &gradient)
    }

    /// dLoss/dLogits `[N, K]` for class labels after `forward(logits:labels:into:)` (the same numbers as
    /// `backward(cache:)` with one-hot targets), into `gradient`, whose storage is reused when it has the
    /// capacity.
    /// - Precondition: `probabilities` is what that forward pass wrote for these `labels`.
    public func backward(probabilities: Tensor, labels: [Int], into gradient: inout Tensor) {
        backward(probabilities: probabilities, targets: .labels(labels), into: &gradient)
    }

    /// Checks shapes and labels for `forward(logits:labels:into:)`.
    /// - Throws: `LayerError` when the logits are not `[N, K]`, the labels are not N in `0..<K`, or the class
    ///   weights have the wrong count.
    public func validate(logits: Shape, labels: [Int]) throws(LayerError) {
        guard logits.rank == 2 && logits[0] >= 1 && logits[1] >= 1 else {
            throw LayerError("SoftmaxCrossEntropy expected logits of shape [batch, classes]. Received: shape \(logits)")
        }
        guard labels.count == logits[0] else {
            throw LayerError("SoftmaxCrossEntropy expected \(logits[0]) labels. Received: \(labels.count)")
        }
        if let bad = labels.first(where: { !(0..<logits[1]).contains($0) }) {
            throw LayerError("SoftmaxCrossEntropy expected labels in 0..<\(logits[1]). Received: \(bad)")
        }
        if let classWeights, classWeights.count != logits[1] {
            throw LayerError("SoftmaxCrossEntropy expected \(logits[1]) class weights. Received: \(classWeights.count)")
        }
    }

    /// The targets of one batch: a one-hot (or any) `[N, K]` tensor, or class labels read as one-hot rows.
    /// Both are read through `target(row:class:classes:)`, so labels give the one-hot arithmetic exactly
    /// (`0 · x` terms included: a non-finite logit makes the loss NaN either way).
    private enum Targets {
        case oneHot(Tensor)
        case labels([Int])

        @inline(__always)
        func target(row: Int, class j: Int, classes k: Int) -> Float {
            switch self {
            case .oneHot(let t): t.scalars[row * k + j]
            case .labels(let labels): labels[row] == j ? 1 : 0
            }
        }
    }

    private func forward(logits: Tensor, targets: Targets, into probabilities: inout Tensor) -> Double {
        let (n, k) = (logits.shape[0], logits.shape[1])
        probabilities.reshapeForOverwrite(logits.shape)
        var total = 0.0
        probabilities.scalars.withUnsafeMutableBufferPointer { probabilities in
            for row in 0..<n {
                let base = row * k
                let lse = logits.scalars.withUnsafeBufferPointer {
                    Softmax.lossLogSumExp(UnsafeBufferPointer(rebasing: $0[base..<(base + k)]))
                }
                var sampleLoss = 0.0
                for j in 0..<k {
                    let z = Double(logits.scalars[base + j])
                    probabilities[base + j] = Float(exp(z - lse))
                    sampleLoss += Double(targets.target(row: row, class: j, classes: k)) * (lse - z)
                }
                total += sampleWeight(targets, row: row, classes: k) * sampleLoss
            }
        }
        return total / Double(n)
    }

    private func backward(probabilities: Tensor, targets: Targets, into gradient: inout Tensor) {
        let (n, k) = (probabilities.shape[0], probabilities.shape[1])
        gradient.reshapeForOverwrite(probabilities.shape)
        gradient.scalars.withUnsafeMutableBufferPointer { g in
            for row in 0..<n {
                let base = row * k
                var targetSum: Float = 0
                for j in 0..<k { targetSum += targets.target(row: row, class: j, classes: k) }
                let scale = Float(sampleWeight(targets, row: row, classes: k)) / Float(n)
                for j in 0..<k {
                    g[base + j] =
                        scale
                        * (probabilities.scalars[base + j] * targetSum - targets.target(row: row, class: j, classes: k))
                }
            }
        }
    }

    private func sampleWeight(_ targets: Targets, row: Int, classes k: Int) -> Double {
        guard let classWeights else { return 1 }
        var w = 0.0
        for j in 0..<k { w += Double(targets.target(row: row, class: j, classes: k)) * Double(classWeights[j]) }
        return w
    }
}
