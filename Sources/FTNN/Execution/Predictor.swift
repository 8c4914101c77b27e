public import FTTensor

/// Inference with a fixed model over many batches: class probabilities, with the first convolution's
/// per-token projections cached across batches.
///
/// With a frozen embedding feeding a `Conv1D`, the first convolution of a batch is a gather-and-add of
/// rows `P[id] = E[id]·W` (decision 0060). In training `W` changes every step, so `P` is recomputed for
/// each batch's distinct ids; in inference it does not, so a `Predictor` runs a `.fixedWeightInference`
/// `ExecutionPlan`, which keeps every row it has computed (`ProjectionTable`): later batches only compute
/// the rows of ids they are the first to use. Results equal `model.predictProbabilities(tokens:)` (the
/// reference) within float32 rounding (tested). On the reference path, or for a model whose first stage
/// the fast path does not factorise, nothing is cached.
///
/// The predictor owns a copy of the model; changing the model afterwards does not affect it (make a new
/// predictor after training further).
///
/// - Memory: `V × K·F` floats reserved (pages committed only for ids that occur): 2.5 KB per distinct id
///   for the study's model.
public struct Predictor: Sendable {
    /// The model (inference mode).
    public let model: Sequential
    /// How the model runs.
    public var path: ExecutionPath { plan.path }
    /// The compiled plan, with the cached projections.
    private var plan: ExecutionPlan

    /// A predictor for `model` on `path` with an empty projection cache.
    public init(model: Sequential, path: ExecutionPath = .fast()) {
        self.model = model
        plan = ExecutionPlan(model: model, path: path, purpose: .fixedWeightInference)
    }

    /// The number of token ids whose projections are cached.
    public var cachedIds: Int { plan.cachedProjections }

    /// Class probabilities `[N, K]` (softmax of the logits, inference mode).
    /// - Throws: `LayerError` for an id outside the embedding or documents too short for the model
    ///   (the cache is unchanged then).
    public mutating func probabilities(tokens: TokenBatch) throws(LayerError) -> Tensor {
        try plan.probabilities(model, tokens: tokens)
    }
}
