public import FTTensor

extension Sequential {
    /// Checks that `tokens` can run through the model: an embedding exists, every id indexes it, and
    /// every layer accepts its input (documents long enough for the kernel and pool stack).
    /// - Throws: `LayerError` naming the first problem (the same on every execution path).
    public func validate(tokens: TokenBatch) throws(LayerError) {
        guard let embedding else { throw LayerError("Sequential expected a model with an Embedding. Received: none") }
        try embedding.validate(tokens)
        _ = try outputShape(for: [tokens.batch, tokens.length])
    }

    /// `forward(tokens:mode:using:)` that throws instead of stopping on bad input.
    /// - Throws: `LayerError` from `validate(tokens:)`.
    public func checkedForward(tokens: TokenBatch, mode: Mode, using rng: inout SeededGenerator) throws(LayerError) -> (
        output: Tensor, cache: Cache
    ) {
        try validate(tokens: tokens)
        return forward(tokens: tokens, mode: mode, using: &rng)
    }
}
