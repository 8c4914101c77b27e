public import FTTensor

/// Stands in the caches of a layer computed inside the previous layer's fused kernel.
struct FusedIntoPreviousLayer: Sendable {}

extension Sequential {
    /// The fused first stage when `executionPath` is fast and the model starts with a frozen
    /// `Embedding` feeding a `Conv1D` the stage supports (optionally followed by a fusable pooling).
    public var fusedFirstStage: EmbeddingConvolutionPool? {
        guard executionPath.kernels == .fast, let embedding, !embedding.isTrainable,
            let conv = layers.first?.layer(as: Conv1D.self)
        else { return nil }
        let pool = layers.count > 1 ? layers[1].layer(as: MaxPooling1D.self) : nil
        return EmbeddingConvolutionPool(conv: conv, pool: pool, workers: executionPath.workers)
    }

    /// Checks that `tokens` can run through the model: an embedding exists, every id indexes it, and
    /// every layer accepts its input (documents long enough for the kernel and pool stack).
    /// - Throws: `LayerError` naming the first problem (the same on both execution paths).
    public func validate(tokens: TokenBatch) throws(LayerError) {
        guard let embedding else { throw LayerError("Sequential expected a model with an Embedding. Received: none") }
        try embedding.validate(tokens)
        _ = try outputShapes(for: [tokens.batch, tokens.length])
    }

    /// `forward(tokens:mode:using:)` that throws instead of stopping on bad input.
    /// - Throws: `LayerError` from `validate(tokens:)`.
    public func checkedForward(tokens: TokenBatch, mode: Mode, using rng: inout SeededGenerator) throws(LayerError) -> (
        output: Tensor, cache: Cache
    ) {
        try validate(tokens: tokens)
        return forward(tokens: tokens, mode: mode, using: &rng)
    }

    /// The fused `Conv1D` → `MaxPooling1D` kernel for layers `i` and `i + 1` on the fast path, if it applies.
    func fusedConvolutionPool(at i: Int) -> (ConvolutionPool, Conv1D)? {
        guard executionPath.kernels == .fast, i + 1 < layers.count, let conv = layers[i].layer(as: Conv1D.self),
            let pool = layers[i + 1].layer(as: MaxPooling1D.self),
            let fused = ConvolutionPool(conv: conv, pool: pool, workers: executionPath.workers)
        else { return nil }
        return (fused, conv)
    }

    /// Forward through the fused first stage, then the remaining layers one by one.
    func forwardFused(
        tokens: TokenBatch, stage: EmbeddingConvolutionPool, mode: Mode, using rng: inout SeededGenerator
    ) -> (output: Tensor, cache: Cache) {
        guard let embedding, let conv = layers.first?.layer(as: Conv1D.self) else {
            preconditionFailure("Sequential.forwardFused expected an Embedding feeding a Conv1D")
        }
        require { () throws(LayerError) in try validate(tokens: tokens) }
        let (first, stageCache) = require { () throws(LayerError) in
            try stage.forward(tokens: tokens, table: embedding.table, weight: conv.weight.value, bias: conv.bias?.value)
        }
        var caches: [any Sendable] = [stageCache]
        if stageCache.fusesPooling { caches.append(FusedIntoPreviousLayer()) }
        let (output, rest) = forwardLayers(first, from: caches.count, mode: mode, using: &rng)
        return (output, Cache(tokens: tokens, layerCaches: caches + rest))
    }

    /// Class probabilities through the fused first stage's inference pass (projections from
    /// `projections` when given), then the remaining layers in inference mode.
    /// - Precondition: `fusedFirstStage` is not nil.
    /// - Throws: `LayerError` from `validate(tokens:)`.
    func inferenceProbabilities(tokens: TokenBatch, projections: inout ProjectionTable?) throws(LayerError) -> Tensor {
        guard let stage = fusedFirstStage, let embedding, let conv = layers.first?.layer(as: Conv1D.self) else {
            preconditionFailure("Sequential.inferenceProbabilities expected a fused first stage")
        }
        try validate(tokens: tokens)
        let first = try stage.inferenceForward(
            tokens: tokens, table: embedding.table, weight: conv.weight.value, bias: conv.bias?.value,
            projections: &projections)
        var rng = SeededGenerator(seed: 0)  // unused in inference mode
        let logits = forwardLayers(first, from: stage.poolSize > 1 ? 2 : 1, mode: .inference, using: &rng).0
        var values = logits.scalars
        Activation.softmax.apply(&values, width: logits.shape[logits.rank - 1])
        return Tensor(shape: logits.shape, scalars: values)
    }

    /// Runs layers `start…` on `input` (fusing Conv1D → MaxPooling1D pairs); returns the output and one
    /// cache per layer run.
    func forwardLayers(_ input: Tensor, from start: Int, mode: Mode, using rng: inout SeededGenerator) -> (
        Tensor, [any Sendable]
    ) {
        var caches: [any Sendable] = []
        var x = input
        var i = start
        while i < layers.count {
            if let (fused, conv) = fusedConvolutionPool(at: i) {
                let (y, cache) = fused.forward(x, weight: conv.weight.value, bias: conv.bias?.value)
                caches.append(cache)
                caches.append(FusedIntoPreviousLayer())
                x = y
                i += 2
                continue
            }
            let (y, cache) = layers[i].forward(x, mode: mode, using: &rng)
            caches.append(cache)
            x = y
            i += 1
        }
        return (x, caches)
    }

    /// Backward through the layers after the fused stage, then the stage itself (adds the first
    /// convolution's weight and bias gradients).
    mutating func backwardFused(_ outputGradient: Tensor, cache: Cache, stageCache: EmbeddingConvolutionPool.Cache) {
        guard let conv = layers.first?.layer(as: Conv1D.self),
            let stage = EmbeddingConvolutionPool(
                conv: conv, pool: stageCache.fusesPooling ? layers[1].layer(as: MaxPooling1D.self) : nil,
                workers: executionPath.workers)
        else { preconditionFailure("Sequential.backward expected the fused stage's Conv1D in front") }
        let stageLayers = stageCache.fusesPooling ? 2 : 1
        var g = outputGradient
        for i in layers.indices.reversed() where i >= stageLayers {
            if cache.layerCaches[i] is FusedIntoPreviousLayer { continue }
            if let fusedCache = cache.layerCaches[i] as? ConvolutionPool.Cache {
                guard let (fused, fusedConv) = fusedConvolutionPool(at: i) else {
                    preconditionFailure(
                        "Layer '\(layers[i].name)' expected the Conv1D and MaxPooling1D its fused cache came from")
                }
                var weightGradient = fusedConv.weight.gradient
                var biasGradient = fusedConv.bias?.gradient
                g = fused.backward(
                    g, cache: fusedCache, weight: fusedConv.weight.value, weightGradient: &weightGradient,
                    biasGradient: &biasGradient)
                layers[i].visitParameters { name, parameter in
                    if name.hasSuffix(".weight") { parameter.gradient = weightGradient }
                    if name.hasSuffix(".bias"), let biasGradient { parameter.gradient = biasGradient }
                }
                continue
            }
            guard let next = layers[i].backward(g, cache: cache.layerCaches[i]) else {
                preconditionFailure("Layer '\(layers[i].name)' expected to return an input gradient")
            }
            g = next
        }
        var weightGradient = conv.weight.gradient
        var biasGradient = conv.bias?.gradient
        stage.backward(g, cache: stageCache, weightGradient: &weightGradient, biasGradient: &biasGradient)
        layers[0].visitParameters { name, parameter in
            if name.hasSuffix(".weight") { parameter.gradient = weightGradient }
            if name.hasSuffix(".bias"), let biasGradient { parameter.gradient = biasGradient }
        }
    }
}
