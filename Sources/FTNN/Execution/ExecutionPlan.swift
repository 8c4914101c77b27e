internal import FTLinearAlgebra
public import FTTensor

/// How a `Sequential` runs: the model's layers compiled into stages (fused where the fast path applies),
/// with the typed caches one forward pass leaves for its backward pass, kept inside the plan.
///
/// `Sequential` says *what* a model computes (its `forward`/`backward` are the reference, the
/// specification every plan is tested against); a plan says *how*. On `ExecutionPath.reference` the plan
/// runs exactly `Sequential.forward`/`backward`. On `.fast` it replaces
/// - a frozen `Embedding` → `Conv1D` (→ fusable `MaxPooling1D`) front by `EmbeddingConvolutionPool`
///   (the convolution over the batch's distinct ids, decision 0060), and
/// - every later `Conv1D` → `MaxPooling1D` pair with stride 1, valid padding, a monotonic activation and a
///   non-overlapping pool by `ConvolutionPool` (Winograd forward, sparse backward, decisions 0067, 0073),
/// and runs every other layer with its own code. The fusion decisions are made once, when the plan is
/// compiled; `stageSummary` lists them.
///
/// The plan holds no weights: every call takes the model, whose layer names and kinds must be those the
/// plan was compiled from (checked). `backward` adds each parameter's gradient into the model's
/// `Parameter.gradient` through the layer's typed value, never by parameter name.
///
/// Purposes: a `.training` plan keeps what `backward` needs after each `forward` (one pending forward
/// at a time); an `.inference` plan keeps nothing and computes the first convolution's projections per
/// batch; a `.fixedWeightInference` plan also keeps every token's projection across batches
/// (`ProjectionTable`, decision 0069) — its caller promises the weights do not change (`Predictor`).
///
/// Threads: the plan's own kernels use `path.workers` workers and every BLAS call inside the plan is
/// single-threaded — the first stage's large GEMMs are split into row or column blocks among the workers,
/// `ConvolutionPool`'s per-document GEMMs run one per worker — so OpenBLAS's own threads never run, and never
/// spin-wait beside the workers (decision 0078). The count is set once per forward or backward pass through
/// `BLASThreads.withCount` (decision 0075); nothing inside a kernel changes a process-wide setting.
public struct ExecutionPlan: Sendable {
    /// What the plan's forward passes are for.
    public enum Purpose: Sendable, Equatable {
        /// Forward keeps what backward needs (training steps, gradient × input).
        case training
        /// Forward only; the first convolution's projections are computed per batch.
        case inference
        /// Forward only with weights that never change while the plan lives: token projections are kept
        /// across batches.
        case fixedWeightInference
    }

    /// One step of the compiled plan.
    enum Stage: Sendable {
        /// The embedding lookup (trainable, or a front the fast path does not fuse).
        case embedding
        /// Frozen embedding → `Conv1D` (→ `MaxPooling1D`) over the batch's distinct ids; `layers` are the
        /// model's layers it stands for.
        case embeddingConvolutionPool(EmbeddingConvolutionPool, layers: Range<Int>)
        /// `Conv1D` → `MaxPooling1D`, fused.
        case convolutionPool(ConvolutionPool, layers: Range<Int>)
        /// A `Dropout` layer writing into the plan's reused tensors (the same mask and numbers as the layer).
        case dropout(Dropout, layer: Int)
        /// A `Dense` layer writing into the plan's reused tensors (the layer's own arithmetic, decision 0080).
        case dense(layer: Int)
        /// A `Flatten` layer: a reshape, no copy.
        case flatten(layer: Int)
        /// One layer's own forward and backward.
        case layer(Int)
    }

    /// What one stage's forward pass left for its backward pass.
    enum StageCache: Sendable {
        case embedding(TokenBatch)
        case embeddingConvolutionPool(EmbeddingConvolutionPool.Cache)
        case convolutionPool(ConvolutionPool.Cache)
        case dropout(DropoutMask?)
        case dense(input: Tensor, output: Tensor)
        case flatten(inputShape: Shape)
        /// Any other layer's cache (boxed: allocates; the study model has none).
        case layer(any Sendable)
    }

    /// The kernels and workers.
    public let path: ExecutionPath
    /// What forward passes are for.
    public let purpose: Purpose
    /// The stages in order (empty on the reference path).
    let stages: [Stage]
    /// Layer names and kinds of the model the plan was compiled from.
    private let layout: [(name: String, kind: String)]
    /// Scratch regions (re)allocated by the plan's workspaces so far: constant in the steady state.
    public var workspaceAllocations: Int { workspaces.reduce(0) { $0 + $1.allocations } }
    /// Whether that model has an embedding.
    private let hasEmbedding: Bool
    /// One cache per stage after a `.training` forward pass, empty otherwise.
    private var caches: [StageCache] = []
    /// The reference path's cache after a `.training` forward pass.
    private var referenceCache: Sequential.Cache?
    /// Cross-batch projections of a `.fixedWeightInference` plan with a factorised first stage.
    private var projections: ProjectionTable?
    /// One workspace per stage, reused by every forward and backward pass (decision 0076).
    private var workspaces: [Workspace]
    /// Per stage: the tensor its forward pass writes its output into (fused and dropout stages), and the one
    /// its backward pass writes the input gradient into (fused convolutions; dropout scales the gradient in
    /// place). Their storage is reused from step to step once
    /// the previous step's caches and outputs are dropped (decision 0077).
    private var outputs: [Tensor]
    private var inputGradients: [Tensor]
    /// Per dropout stage, the mask redrawn into the same storage every training step.
    private var masks: [DropoutMask?]
    /// `accumulateGradients`'s loss cache and loss gradient, and `probabilities`'s output, reused per call.
    private var lossCache = SoftmaxCrossEntropy.Cache(probabilities: Self.vacated, targets: Self.vacated)
    private var lossGradient = Self.vacated
    private var probabilityOutput = Self.vacated

    /// Compiles `model` for `path` and `purpose`.
    public init(model: Sequential, path: ExecutionPath, purpose: Purpose) {
        self.path = path
        self.purpose = purpose
        layout = model.layers.map { ($0.name, $0.kindName) }
        hasEmbedding = model.embedding != nil
        stages = path.kernels == .fast ? Self.compile(model, workers: path.workers, purpose: purpose) : []
        workspaces = stages.map { _ in Workspace() }
        outputs = stages.map { _ in Self.vacated }
        inputGradients = outputs
        masks = stages.map { _ in nil }
        if purpose == .fixedWeightInference, case .embeddingConvolutionPool(let kernel, _)? = stages.first,
            let embedding = model.embedding
        {
            projections = ProjectionTable(
                rows: embedding.table.shape[0], rowWidth: kernel.kernelSize * kernel.filters)
        }
    }

    /// The fusion decisions: the stages, in order. Inference plans run the later convolutions with
    /// larger Winograd tiles than training plans (decision 0086).
    static func compile(_ model: Sequential, workers: Int, purpose: Purpose) -> [Stage] {
        var stages: [Stage] = []
        var i = 0
        if let embedding = model.embedding {
            if !embedding.isTrainable, let conv = model.layers.first?.layer(as: Conv1D.self),
                let kernel = EmbeddingConvolutionPool(
                    conv: conv, pool: model.layers.count > 1 ? model.layers[1].layer(as: MaxPooling1D.self) : nil,
                    workers: workers)
            {
                i = kernel.poolSize > 1 ? 2 : 1
                stages.append(.embeddingConvolutionPool(kernel, layers: 0..<i))
            } else {
                stages.append(.embedding)
            }
        }
        while i < model.layers.count {
            if i + 1 < model.layers.count, let conv = model.layers[i].layer(as: Conv1D.self),
                let pool = model.layers[i + 1].layer(as: MaxPooling1D.self),
                let kernel = ConvolutionPool(conv: conv, pool: pool, workers: workers)
            {
                var kernel = kernel
                if purpose != .training { kernel.prepareForInference() }
                stages.append(.convolutionPool(kernel, layers: i..<(i + 2)))
                i += 2
            } else if let dropout = model.layers[i].layer(as: Dropout.self) {
                stages.append(.dropout(dropout, layer: i))
                i += 1
            } else if model.layers[i].layer(as: Dense.self) != nil {
                stages.append(.dense(layer: i))
                i += 1
            } else if model.layers[i].layer(as: Flatten.self) != nil {
                stages.append(.flatten(layer: i))
                i += 1
            } else {
                stages.append(.layer(i))
                i += 1
            }
        }
        return stages
    }

    /// One line per stage: `embedding+conv1+pool1: factorised`, `conv2+pool2: fused`, `dense1: layer`, ….
    public func stageSummary(of model: Sequential) -> [String] {
        if path.kernels == .reference { return ["reference: every layer's own code"] }
        func names(_ range: Range<Int>) -> String { range.map { model.layers[$0].name }.joined(separator: "+") }
        return stages.map { stage in
            switch stage {
            case .embedding: "embedding: lookup"
            case .embeddingConvolutionPool(_, let layers): "embedding+\(names(layers)): factorised over distinct ids"
            case .convolutionPool(let kernel, let layers):
                "\(names(layers)): fused"
                    + (kernel.tileSize > 0 ? ", Winograd F(\(kernel.tileSize), \(kernel.kernelSize))" : "")
            case .dropout(_, let i): "\(model.layers[i].name): dropout into a reused tensor"
            case .dense(let i): "\(model.layers[i].name): dense into a reused tensor"
            case .flatten(let i): "\(model.layers[i].name): reshape"
            case .layer(let i): "\(model.layers[i].name): layer"
            }
        }
    }

    /// The fused `Conv1D` → `MaxPooling1D` stages, in order.
    public var fusedConvolutionPools: [ConvolutionPool] {
        stages.compactMap { stage in
            if case .convolutionPool(let kernel, _) = stage { return kernel }
            return nil
        }
    }

    /// Forgets a `.fixedWeightInference` plan's kept projections, keeping their memory: call it when the
    /// weights changed, before the plan runs the model again (a trainer's validation plan, once per epoch).
    public mutating func forgetProjections() {
        projections?.invalidate()
    }

    /// The number of token ids whose projections a `.fixedWeightInference` plan keeps.
    public var cachedProjections: Int { projections?.filledCount ?? 0 }

    /// The factorised first stage (embedding → convolution → pool over the batch's distinct ids), if the
    /// plan has one.
    public var factorisedFirstStage: EmbeddingConvolutionPool? {
        if case .embeddingConvolutionPool(let kernel, _)? = stages.first { return kernel }
        return nil
    }

    /// Exchanges workspaces and reused stage tensors with `other`, a plan compiled from the same model for
    /// the same path, so two plans that never run at the same time — a trainer's training plan and its
    /// validation plan — use one set of scratch memory instead of two (decision 0077). Each stage's regions
    /// serve either purpose: they grow to the larger of the two requests.
    /// - Precondition: both plans have the same stages (same model layout and path).
    public mutating func exchangeWorkspaces(with other: inout ExecutionPlan) {
        precondition(
            path == other.path && layout.count == other.layout.count && workspaces.count == other.workspaces.count,
            "ExecutionPlan.exchangeWorkspaces expected a plan of the same model and path")
        swap(&workspaces, &other.workspaces)
        swap(&outputs, &other.outputs)
        swap(&inputGradients, &other.inputGradients)
    }

    /// Stage `s`'s reused tensor from `buffers`, moved out so that it is uniquely referenced while a kernel
    /// writes it (the caller stores it back).
    private static func take(_ buffers: inout [Tensor], _ s: Int) -> Tensor {
        var tensor = vacated
        swap(&tensor, &buffers[s])
        return tensor
    }

    // MARK: Forward

    /// Runs `model` on token ids; a `.training` plan keeps what `backward` needs.
    /// - Throws: `LayerError` for an id outside the embedding or documents too short for the model (nothing
    ///   is changed then).
    /// - Precondition: `model` has the layers the plan was compiled from, and an embedding.
    public mutating func forward(
        _ model: Sequential, tokens: TokenBatch, mode: Mode, using rng: inout SeededGenerator
    ) throws(LayerError) -> Tensor {
        checkLayout(model, tokens: true)
        try model.validate(tokens: tokens)
        return Self.withThreads(path) { run(model, input: .tokens(tokens), mode: mode, using: &rng) }
    }

    /// Runs a model without embedding on a float tensor; a `.training` plan keeps what `backward` needs.
    /// - Precondition: `model` has the layers the plan was compiled from, no embedding, and accepts the input.
    public mutating func forward(_ model: Sequential, input: Tensor, mode: Mode, using rng: inout SeededGenerator)
        -> Tensor
    {
        checkLayout(model, tokens: false)
        return Self.withThreads(path) { run(model, input: .floats(input), mode: mode, using: &rng) }
    }

    /// Class probabilities `[N, K]` in inference mode (softmax of the logits).
    /// - Throws: `LayerError` as `forward(_:tokens:mode:using:)`.
    public mutating func probabilities(_ model: Sequential, tokens: TokenBatch) throws(LayerError) -> Tensor {
        var rng = SeededGenerator(seed: 0)  // inference mode draws nothing
        let logits = try forward(model, tokens: tokens, mode: .inference, using: &rng)
        // Into the plan's reused tensor: it allocates only when the caller still holds the previous call's.
        var output = Self.vacated
        swap(&output, &probabilityOutput)
        output.reshapeForOverwrite(logits.shape)
        output.scalars.withUnsafeMutableBufferPointer { p in
            _ = logits.scalars.withUnsafeBufferPointer { p.update(fromContentsOf: $0) }
        }
        Activation.softmax.apply(&output.scalars, width: logits.shape[logits.rank - 1])
        probabilityOutput = output
        return output
    }

    private enum Input {
        case tokens(TokenBatch)
        case floats(Tensor)
    }

    private mutating func run(_ model: Sequential, input: Input, mode: Mode, using rng: inout SeededGenerator)
        -> Tensor
    {
        let keeps = purpose == .training
        caches.removeAll(keepingCapacity: true)
        referenceCache = nil
        if path.kernels == .reference {
            let (output, cache) =
                switch input {
                case .tokens(let tokens): model.forward(tokens: tokens, mode: mode, using: &rng)
                case .floats(let x): model.forward(x, mode: mode, using: &rng)
                }
            if keeps { referenceCache = cache }
            return output
        }
        var x: Tensor
        var tokens: TokenBatch?
        switch input {
        case .tokens(let t):
            tokens = t
            x = Self.vacated
        case .floats(let floats): x = floats
        }
        for s in stages.indices {
            // A workspace still shared (with a copy of this plan) is replaced, never written under the other.
            if !isKnownUniquelyReferenced(&workspaces[s]) { workspaces[s] = Workspace() }
            let workspace = workspaces[s]
            switch stages[s] {
            case .embedding:
                guard let tokens, let embedding = model.embedding else { preconditionFailure("no tokens") }
                x = embedding.forward(tokens)
                if keeps { caches.append(.embedding(tokens)) }
            case .embeddingConvolutionPool(let kernel, let layers):
                guard let tokens else { preconditionFailure("ExecutionPlan expected token ids") }
                var y = Self.take(&outputs, s)
                forwardFirstStage(
                    kernel, model: model, conv: layers.lowerBound, tokens: tokens, keeps: keeps, workspace: workspace,
                    into: &y)
                outputs[s] = y
                x = y
            case .convolutionPool(let kernel, let layers):
                guard let conv = model.layers[layers.lowerBound].layer(as: Conv1D.self) else {
                    preconditionFailure("ExecutionPlan expected a Conv1D at layer \(layers.lowerBound)")
                }
                var y = Self.take(&outputs, s)
                let cache = kernel.forward(
                    x, weight: conv.weight.value, bias: conv.bias?.value, workspace: workspace, into: &y)
                outputs[s] = y
                x = y
                if keeps { caches.append(.convolutionPool(cache)) }
            case .dropout(let dropout, _):
                // Layer `Dropout`'s draw and mask; the identity (no copy) outside training or at rate 0.
                var mask: DropoutMask?
                if mode == .training && dropout.rate > 0 {
                    let key = rng.next()
                    swap(&mask, &masks[s])  // the previous step's cache is dropped: the mask is redrawn in place
                    if mask == nil {
                        mask = DropoutMask(count: x.scalarCount, rate: dropout.rate, key: key)
                    } else {
                        mask!.redraw(count: x.scalarCount, rate: dropout.rate, key: key)
                    }
                    masks[s] = mask
                    var y = Self.take(&outputs, s)
                    mask!.apply(to: x, into: &y)
                    outputs[s] = y
                    x = y
                }
                if keeps { caches.append(.dropout(mask)) }
            case .dense(let i):
                guard let dense = model.layers[i].layer(as: Dense.self) else {
                    preconditionFailure("ExecutionPlan expected a Dense at layer \(i)")
                }
                var y = Self.take(&outputs, s)
                dense.forward(x, into: &y)
                outputs[s] = y
                if keeps { caches.append(.dense(input: x, output: y)) }
                x = y
            case .flatten(let i):
                let shape = require { () throws(LayerError) in try model.layers[i].outputShape(for: x.shape) }
                if keeps { caches.append(.flatten(inputShape: x.shape)) }
                x = x.reshaped(to: shape)
            case .layer(let i):
                let (y, cache) = model.layers[i].forward(x, mode: mode, using: &rng)
                x = y
                if keeps { caches.append(.layer(cache)) }
            }
        }
        return x
    }

    /// The factorised first stage: training keeps its cache; inference keeps no backward state and, in a
    /// `.fixedWeightInference` plan, takes its projections from the cross-batch table.
    private mutating func forwardFirstStage(
        _ kernel: EmbeddingConvolutionPool, model: Sequential, conv index: Int, tokens: TokenBatch, keeps: Bool,
        workspace: Workspace, into output: inout Tensor
    ) {
        guard let embedding = model.embedding, let conv = model.layers[index].layer(as: Conv1D.self) else {
            preconditionFailure("ExecutionPlan expected an Embedding feeding a Conv1D")
        }
        if keeps {
            let cache = require { () throws(LayerError) in
                try kernel.forward(
                    tokens: tokens, table: embedding.table, weight: conv.weight.value, bias: conv.bias?.value,
                    workspace: workspace, into: &output)
            }
            caches.append(.embeddingConvolutionPool(cache))
            return
        }
        var table = projections
        projections = nil  // the table is mutated in place, not copied
        defer { projections = table }
        require { () throws(LayerError) in
            try kernel.inferenceForward(
                tokens: tokens, table: embedding.table, weight: conv.weight.value, bias: conv.bias?.value,
                projections: &table, workspace: workspace, into: &output)
        }
    }

    // MARK: Backward

    /// Backward through every stage in reverse after a `.training` forward pass: adds every parameter's
    /// gradient into `model` and returns dLoss/dInput for a model over floats (nil for token models; a
    /// trainable embedding receives its gradient here).
    /// - Precondition: the plan's purpose is `.training`, `forward` ran on this model since the last
    ///   `backward`, and `outputGradient` has the output's shape.
    public mutating func backward(_ outputGradient: Tensor, into model: inout Sequential) -> Tensor? {
        precondition(purpose == .training, "ExecutionPlan.backward expected a training plan. Received: \(purpose)")
        checkLayout(model, tokens: hasEmbedding)
        if path.kernels == .reference {
            guard let cache = referenceCache else {
                preconditionFailure("ExecutionPlan.backward expected a forward pass first")
            }
            referenceCache = nil
            return model.backward(outputGradient, cache: cache)
        }
        precondition(
            caches.count == stages.count,
            "ExecutionPlan.backward expected a forward pass first (\(stages.count) stage caches). Received: \(caches.count)"
        )
        return Self.withThreads(path) { backwardStages(outputGradient, into: &model) }
    }

    /// Runs `body` at the OpenBLAS thread count of `path`'s kernels: one on the fast path (the workers split
    /// the work, decision 0078); the reference path runs at the process's count. Static, so that `body` may
    /// mutate the plan without the call holding a copy of it (a copy would share the workspaces and make
    /// every stage allocate new ones).
    private static func withThreads<R>(_ path: ExecutionPath, _ body: () -> R) -> R {
        path.kernels == .fast ? BLASThreads.withCount(1, body) : body()
    }

    /// `backward` on the fast path: every stage in reverse.
    private mutating func backwardStages(_ outputGradient: Tensor, into model: inout Sequential) -> Tensor? {
        let frozenFront = model.embedding.map { !$0.isTrainable } ?? false
        var g: Tensor? = outputGradient
        // The stage whose reused input-gradient tensor `g` is: held by `g` alone until the next stage has read
        // it (so a dropout stage can scale it in place), then handed back to `inputGradients`.
        var owner: Int?
        func handBack(_ consumed: Tensor) {
            if let o = owner { inputGradients[o] = consumed }
            owner = nil
        }
        for s in stages.indices.reversed() {
            guard var current = g else { break }
            g = nil
            switch (stages[s], caches[s]) {
            case (.layer(let i), .layer(let cache)):
                let needsInput = !(i == 0 && hasEmbedding && frozenFront)
                g = model.layers[i].backward(current, cache: cache, needsInputGradient: needsInput)
                handBack(current)
            case (.convolutionPool(let kernel, let layers), .convolutionPool(let cache)):
                var dX = Self.take(&inputGradients, s)
                Self.withGradients(of: &model.layers[layers.lowerBound]) { conv, biasGradient in
                    kernel.backward(
                        consuming: &current, cache: cache, weight: conv.weight.value,
                        weightGradient: &conv.weight.gradient, biasGradient: &biasGradient, inputGradient: &dX)
                }
                handBack(current)
                owner = s
                g = dX
            case (.dense(let i), .dense(let input, let output)):
                var dX: Tensor? = i == 0 && hasEmbedding && frozenFront ? nil : Self.take(&inputGradients, s)
                let workspace = workspaces[s]
                _ = model.layers[i].modify(as: Dense.self) { dense in
                    dense.backward(current, input: input, output: output, workspace: workspace, inputGradient: &dX)
                }
                handBack(current)
                if let dX {
                    owner = s
                    g = dX
                }
            case (.flatten, .flatten(let inputShape)):
                g = current.reshaped(to: inputShape)  // the same storage: `owner` still owns it
            case (.dropout, .dropout(let mask)):
                // dX = dY ⊙ mask, in place: the gradient tensor is not needed afterwards.
                mask?.apply(to: &current)
                g = current
            case (.embeddingConvolutionPool(let kernel, let layers), .embeddingConvolutionPool(let cache)):
                // The gradient is consumed in place (it is not read again before it is handed back).
                Self.withGradients(of: &model.layers[layers.lowerBound]) { conv, biasGradient in
                    kernel.backward(
                        consuming: &current, cache: cache, weightGradient: &conv.weight.gradient,
                        biasGradient: &biasGradient)
                }
                handBack(current)
            case (.embedding, .embedding(let tokens)):
                if model.embedding?.isTrainable == true { model.embedding!.accumulateGradient(current, tokens: tokens) }
                handBack(current)
            default:
                preconditionFailure("ExecutionPlan.backward expected stage \(s)'s own cache")
            }
        }
        if let g { handBack(g) }
        caches.removeAll(keepingCapacity: true)
        return hasEmbedding ? nil : g
    }

    /// A tensor held in a parameter's place while its gradient is updated elsewhere, so the update
    /// mutates the gradient's storage in place instead of copying it.
    private static let vacated = Tensor(zeros: [0])

    /// Runs `body` on the `Conv1D` in `layer` with its bias gradient (nil without bias) as an inout
    /// optional; both gradients are updated in place.
    private static func withGradients<R>(
        of layer: inout AnyLayer, _ body: (inout Conv1D, inout Tensor?) -> R
    ) -> R {
        let result = layer.modify(as: Conv1D.self) { conv -> R in
            var biasGradient: Tensor? = nil
            if conv.bias != nil {
                biasGradient = conv.bias!.gradient
                conv.bias!.gradient = vacated
            }
            let result = body(&conv, &biasGradient)
            if let biasGradient { conv.bias!.gradient = biasGradient }
            return result
        }
        guard let result else { preconditionFailure("ExecutionPlan expected layer '\(layer.name)' to be a Conv1D") }
        return result
    }

    // MARK: Steps

    /// Forward and backward on one batch, *adding* the gradients into `model`'s parameters; returns the mean
    /// loss and the logits.
    /// - Throws: `LayerError` as `forward(_:tokens:mode:using:)`.
    public mutating func accumulateGradients(
        into model: inout Sequential, tokens: TokenBatch, targets: Tensor, loss: SoftmaxCrossEntropy,
        mode: Mode = .training, using rng: inout SeededGenerator
    ) throws(LayerError) -> (loss: Double, logits: Tensor) {
        let logits = try forward(model, tokens: tokens, mode: mode, using: &rng)
        // The loss's probabilities and gradient go into the plan's reused tensors.
        var cache = lossCache
        lossCache = SoftmaxCrossEntropy.Cache(probabilities: Self.vacated, targets: Self.vacated)
        var gradient = Self.vacated
        swap(&gradient, &lossGradient)
        let value = loss.forward(logits: logits, targets: targets, into: &cache)
        loss.backward(cache: cache, into: &gradient)
        cache.targets = Self.vacated
        lossCache = cache
        _ = backward(gradient, into: &model)
        lossGradient = gradient
        return (value, logits)
    }

    /// `Sequential.lossAndGradients` through the plan: the mean loss and dLoss/dParameter by name, the model
    /// unchanged.
    /// - Throws: `LayerError` as `forward(_:tokens:mode:using:)`.
    public mutating func lossAndGradients(
        _ model: Sequential, tokens: TokenBatch, targets: Tensor, loss: SoftmaxCrossEntropy, mode: Mode = .training,
        using rng: inout SeededGenerator
    ) throws(LayerError) -> (loss: Double, gradients: [String: Tensor]) {
        var copy = model
        copy.zeroGradients()
        let value = try accumulateGradients(
            into: &copy, tokens: tokens, targets: targets, loss: loss, mode: mode, using: &rng
        ).loss
        return (value, copy.namedGradients)
    }

    // MARK: Checks

    private func checkLayout(_ model: Sequential, tokens: Bool) {
        precondition(
            tokens == hasEmbedding && (model.embedding != nil) == hasEmbedding,
            tokens
                ? "ExecutionPlan expected a model with an Embedding for token ids"
                : "ExecutionPlan expected a model without an Embedding for float input")
        let matches =
            model.layers.count == layout.count
            && zip(model.layers, layout).allSatisfy { $0.name == $1.name && $0.kindName == $1.kind }
        precondition(matches, "ExecutionPlan expected the model it was compiled from (layer names and kinds differ)")
    }
}
