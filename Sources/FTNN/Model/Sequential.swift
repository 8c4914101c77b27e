public import FTTensor

/// Layers run in order, optionally fed by an `Embedding` over token ids (Keras `Sequential`).
///
/// Parameters are named `<layer>.<parameter>` (`conv1.weight`, `conv1.bias`, `dense2.bias`; a trainable
/// embedding is `embedding.weight`). Layer names are given or generated per kind in order: `conv1`,
/// `pool1`, `dropout1`, `flatten1`, `dense1`, `elu1`, ….
///
/// When the embedding feeds a `Conv1D` directly (`embeddingFeedsConv1D`), the pair is treated as one
/// stage: with a frozen embedding the convolution's input gradient is not computed at all (nothing
/// would consume it).
///
/// `forward` and `backward` here are the reference: every layer's own code, in order. They are the
/// specification the fast kernels are tested against; training, inference and explanations run a model
/// through an `ExecutionPlan` compiled from it, which chooses the kernels (decision records 0043,
/// 0060–0063, 0074, docs/performance.md).
public struct Sequential: ParameterVisitable, Sendable {
    /// The token lookup in front of the layers, or nil for a model over float tensors.
    public var embedding: Embedding?
    /// The layers in order.
    public var layers: [AnyLayer]
    /// Per-layer caches of one forward pass (typed inside each entry).
    public struct Cache: Sendable {
        /// The tokens the embedding looked up (token models only).
        public var tokens: TokenBatch?
        /// One cache per layer, in order.
        public var layerCaches: [any Sendable]
    }

    /// A model from layers named automatically by kind.
    public init(embedding: Embedding? = nil, layers: [any Layer]) {
        var counters = [String: Int]()
        let named = layers.map { layer -> AnyLayer in
            let prefix = Self.namePrefix(for: layer)
            counters[prefix, default: 0] += 1
            return AnyLayer(layer, name: "\(prefix)\(counters[prefix]!)")
        }
        self.init(embedding: embedding, namedLayers: named)
    }

    /// A model from explicitly named layers.
    /// - Precondition: names are unique, non-empty, not "embedding" and contain no ".".
    public init(embedding: Embedding? = nil, namedLayers: [AnyLayer]) {
        var seen = Set<String>()
        for layer in namedLayers {
            precondition(
                !layer.name.isEmpty && !layer.name.contains(".") && layer.name != "embedding"
                    && seen.insert(layer.name).inserted,
                "Sequential expected unique layer names without '.' other than 'embedding'. Received: '\(layer.name)'")
        }
        self.embedding = embedding
        self.layers = namedLayers
    }

    static func namePrefix(for layer: any Layer) -> String {
        switch layer.kindName {
        case "Conv1D": "conv"
        case "MaxPooling1D": "pool"
        case "Dropout": "dropout"
        case "Flatten": "flatten"
        case "Dense": "dense"
        default: layer.kindName.lowercased()
        }
    }

    /// True when an `Embedding` feeds a `Conv1D` directly (the factorisable first stage).
    public var embeddingFeedsConv1D: Bool {
        embedding != nil && layers.first?.kindName == "Conv1D"
    }

    /// Visits the embedding's parameters (when trainable) then each layer's, in order.
    public mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {
        if embedding != nil {
            embedding!.visitParameters { inner, parameter in visit("embedding.\(inner)", &parameter) }
        }
        for i in layers.indices { layers[i].visitParameters(visit) }
    }

    /// Scalars not trained (the frozen embedding).
    public var nonTrainableParameterCount: Int {
        (embedding?.nonTrainableParameterCount ?? 0) + layers.reduce(0) { $0 + $1.nonTrainableParameterCount }
    }

    /// Output shapes of every layer for an input shape with the batch axis first (`[N, L]` token ids for
    /// token models, else the float input's shape); the first entry is the embedding's output when present.
    /// - Throws: `LayerError` naming the first layer that cannot accept its input.
    public func outputShapes(for inputShape: Shape) throws(LayerError) -> [Shape] {
        var shapes = [Shape]()
        _ = try foldOutputShapes(inputShape) { shapes.append($0) }
        return shapes
    }

    /// The last layer's output shape for `inputShape` (as `outputShapes(for:)`, without collecting the others,
    /// so checking a batch allocates nothing).
    /// - Throws: `LayerError` naming the first layer that cannot accept its input.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        try foldOutputShapes(inputShape) { _ in }
    }

    /// Passes every layer's output shape to `visit`, in order, and returns the last.
    private func foldOutputShapes(_ inputShape: Shape, _ visit: (Shape) -> Void) throws(LayerError) -> Shape {
        var shape = inputShape
        if let embedding {
            guard inputShape.rank == 2 else {
                throw LayerError("Embedding expected token ids of shape [batch, length]. Received: shape \(inputShape)")
            }
            shape = [inputShape[0], inputShape[1], embedding.dimension]
            visit(shape)
        }
        for layer in layers {
            do {
                shape = try layer.outputShape(for: shape)
            } catch {
                throw LayerError("Layer '\(layer.name)': \(error.message)")
            }
            visit(shape)
        }
        return shape
    }

    /// Runs the model on token ids.
    /// - Precondition: the model has an embedding, the ids are in range and every layer accepts its input.
    public func forward(tokens: TokenBatch, mode: Mode, using rng: inout SeededGenerator) -> (
        output: Tensor, cache: Cache
    ) {
        guard let embedding else {
            preconditionFailure("Sequential.forward(tokens:) expected a model with an Embedding. Received: none")
        }
        let x = embedding.forward(tokens)
        var result = runLayers(x, mode: mode, using: &rng)
        result.cache.tokens = tokens
        return result
    }

    /// Runs the model on a float tensor.
    /// - Precondition: the model has no embedding and every layer accepts its input.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: Cache)
    {
        precondition(
            embedding == nil, "Sequential.forward(_:) expected a model without an Embedding. Use forward(tokens:)")
        return runLayers(input, mode: mode, using: &rng)
    }

    private func runLayers(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (
        output: Tensor, cache: Cache
    ) {
        _ = require { () throws(LayerError) in
            try outputShapes(for: embedding == nil ? input.shape : [input.shape[0], input.shape[1]])
        }
        var x = input
        var caches = [any Sendable]()
        caches.reserveCapacity(layers.count)
        for layer in layers {
            let (y, cache) = layer.forward(x, mode: mode, using: &rng)
            caches.append(cache)
            x = y
        }
        return (x, Cache(tokens: nil, layerCaches: caches))
    }

    /// Backward through every layer in reverse, accumulating parameter gradients; returns dLoss/dInput
    /// for float models and nil for token models (ids have no gradient; a trainable embedding receives
    /// its gradient here).
    public mutating func backward(_ outputGradient: Tensor, cache: Cache) -> Tensor? {
        precondition(
            cache.layerCaches.count == layers.count,
            "Sequential.backward expected \(layers.count) layer caches. Received: \(cache.layerCaches.count)")
        var g: Tensor? = outputGradient
        let frozenFront = embedding.map { !$0.isTrainable } ?? false
        for i in layers.indices.reversed() {
            guard let current = g else { break }
            let needsInput = !(i == 0 && cache.tokens != nil && frozenFront)
            g = layers[i].backward(current, cache: cache.layerCaches[i], needsInputGradient: needsInput)
        }
        if let tokens = cache.tokens {
            if let g, embedding?.isTrainable == true { embedding!.accumulateGradient(g, tokens: tokens) }
            return nil
        }
        return g
    }
}
