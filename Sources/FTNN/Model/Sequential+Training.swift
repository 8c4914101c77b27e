public import FTTensor

extension Sequential {
    /// One training step's loss and gradients as a pure function of (model, batch, rng state), on the
    /// reference path (`ExecutionPlan.lossAndGradients` is the same step on a chosen path).
    ///
    /// The model is not changed: a copy with zeroed gradients runs forward and backward, and the
    /// gradients come back by parameter name, ready to be summed across processes (all-reduce) and
    /// loaded with `loadGradients` before `optimizer.update(&model)`. Gradients are of the *mean* loss
    /// over this batch; to combine batches of sizes `Nᵢ`, weight them by `Nᵢ / ΣN`.
    ///
    /// - Parameters:
    ///   - tokens: The batch `[N, L]`.
    ///   - targets: One-hot (or soft) targets `[N, K]`.
    ///   - loss: The loss (with class weights if any).
    ///   - mode: `.training` (dropout active) by default.
    ///   - rng: Dropout masks come from here.
    /// - Returns: The mean loss and dLoss/dParameter by name.
    public func lossAndGradients(
        tokens: TokenBatch, targets: Tensor, loss: SoftmaxCrossEntropy, mode: Mode = .training,
        using rng: inout SeededGenerator
    ) -> (loss: Double, gradients: [String: Tensor]) {
        var copy = self
        copy.zeroGradients()
        let value = copy.accumulateGradients(tokens: tokens, targets: targets, loss: loss, mode: mode, using: &rng)
        return (value, copy.namedGradients)
    }

    /// Forward and backward on one batch, *adding* the gradients into the parameters; returns the loss.
    public mutating func accumulateGradients(
        tokens: TokenBatch, targets: Tensor, loss: SoftmaxCrossEntropy, mode: Mode = .training,
        using rng: inout SeededGenerator
    ) -> Double {
        let (logits, cache) = forward(tokens: tokens, mode: mode, using: &rng)
        let (value, lossCache) = loss.forward(logits: logits, targets: targets)
        _ = backward(loss.backward(cache: lossCache), cache: cache)
        return value
    }

    /// Class probabilities `[N, K]` in inference mode (softmax of the logits), on the reference path
    /// (`ExecutionPlan.probabilities` and `Predictor` run the fast kernels).
    /// - Precondition: the ids are in range and the documents long enough (`validate(tokens:)`).
    public func predictProbabilities(tokens: TokenBatch) -> Tensor {
        var rng = SeededGenerator(seed: 0)  // unused in inference mode
        let logits = forward(tokens: tokens, mode: .inference, using: &rng).output
        var values = logits.scalars
        Activation.softmax.apply(&values, width: logits.shape[logits.rank - 1])
        return Tensor(shape: logits.shape, scalars: values)
    }
}
