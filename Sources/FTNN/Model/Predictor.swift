public import FTTensor

/// Inference with a fixed model over many batches: class probabilities, with the first convolution's
/// per-token projections cached across batches.
///
/// With a frozen embedding feeding a `Conv1D`, the first convolution of a batch is a gather-and-add of
/// rows `P[id] = E[id]·W` (decision 0060). In training `W` changes every step, so `P` is recomputed for
/// each batch's distinct ids; in inference it does not, so a `Predictor` keeps every row it has computed
/// (`ProjectionTable`) and later batches only compute the rows of ids they are the first to use. Results
/// equal `model.predictProbabilities(tokens:)` within float32 rounding (tested). A model the fast path does
/// not fuse, or a model on the reference path, is run as `predictProbabilities` runs it.
///
/// The predictor owns a copy of the model; changing the model afterwards does not affect it (make a new
/// predictor after training further).
///
/// - Memory: `V × K·F` floats reserved (pages committed only for ids that occur): 2.5 KB per distinct id
///   for the study's model.
public struct Predictor: Sendable {
    /// The model (inference mode).
    public let model: Sequential
    /// The cached projections, nil when the model's first stage is not fused.
    private var projections: ProjectionTable?

    /// A predictor for `model` with an empty projection cache.
    public init(model: Sequential) {
        self.model = model
        if let stage = model.fusedFirstStage, let embedding = model.embedding {
            projections = ProjectionTable(rows: embedding.table.shape[0], rowWidth: stage.kernelSize * stage.filters)
        }
    }

    /// The number of token ids whose projections are cached.
    public var cachedIds: Int { projections?.filledCount ?? 0 }

    /// Class probabilities `[N, K]` (softmax of the logits, inference mode).
    /// - Throws: `LayerError` for an id outside the embedding or documents too short for the model
    ///   (the cache is unchanged then).
    public mutating func probabilities(tokens: TokenBatch) throws(LayerError) -> Tensor {
        try model.validate(tokens: tokens)
        guard projections != nil else { return model.predictProbabilities(tokens: tokens) }
        return try model.inferenceProbabilities(tokens: tokens, projections: &projections)
    }
}
