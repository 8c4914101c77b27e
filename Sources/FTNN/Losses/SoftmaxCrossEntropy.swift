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
        let (n, k) = (logits.shape[0], logits.shape[1])
        cache.targets = targets
        cache.probabilities.reshapeForOverwrite(logits.shape)
        var total = 0.0
        cache.probabilities.scalars.withUnsafeMutableBufferPointer { probabilities in
            for row in 0..<n {
                let base = row * k
                let lse = logits.scalars.withUnsafeBufferPointer {
                    Softmax.lossLogSumExp(UnsafeBufferPointer(rebasing: $0[base..<(base + k)]))
                }
                var sampleLoss = 0.0
                for j in 0..<k {
                    let z = Double(logits.scalars[base + j])
                    probabilities[base + j] = Float(exp(z - lse))
                    sampleLoss += Double(targets.scalars[base + j]) * (lse - z)
                }
                total += sampleWeight(targets, row: row, classes: k) * sampleLoss
            }
        }
        return total / Double(n)
    }

    /// dLoss/dLogits `[N, K]`.
    public func backward(cache: Cache) -> Tensor {
        var gradient = Tensor(zeros: [0])
        backward(cache: cache, into: &gradient)
        return gradient
    }

    /// `backward(cache:)` into `gradient`, whose storage is reused when it has the capacity.
    public func backward(cache: Cache, into gradient: inout Tensor) {
        let (n, k) = (cache.probabilities.shape[0], cache.probabilities.shape[1])
        gradient.reshapeForOverwrite(cache.probabilities.shape)
        gradient.scalars.withUnsafeMutableBufferPointer { g in
            for row in 0..<n {
                let base = row * k
                var targetSum: Float = 0
                for j in 0..<k { targetSum += cache.targets.scalars[base + j] }
                let scale = Float(sampleWeight(cache.targets, row: row, classes: k)) / Float(n)
                for j in 0..<k {
                    g[base + j] =
                        scale * (cache.probabilities.scalars[base + j] * targetSum - cache.targets.scalars[base + j])
                }
            }
        }
    }

    private func sampleWeight(_ targets: Tensor, row: Int, classes k: Int) -> Double {
        guard let classWeights else { return 1 }
        var w = 0.0
        for j in 0..<k { w += Double(targets.scalars[row * k + j]) * Double(classWeights[j]) }
        return w
    }
}
