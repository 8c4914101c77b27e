import FTLinearAlgebra
import FTNN
import FTTensor
import FTTestSupport
import Testing

/// Small token models whose first stage the fast path fuses, built twice (fast and reference path).
private enum FastPathModels {
    /// Embedding(V, D) → Conv1D(F, K, elu) → MaxPooling1D(P) → Dropout → Conv1D(F, 3, elu) → MaxPooling1D(2)
    /// → Flatten → Dense(8, elu) → Dropout → Dense(3).
    static func pooled(
        vocabulary: Int, dimension: Int, length: Int, filters: Int, kernel: Int, pool: Int, zeroPaddingRow: Bool,
        seed: UInt64
    ) -> Sequential {
        var g = SeededGenerator(seed: seed)
        var table = Tensor.uniform(shape: [vocabulary, dimension], lower: -1, upper: 1, using: &g)
        if zeroPaddingRow { for j in 0..<dimension { table[0, j] = 0 } }
        let conv1 = Conv1D(
            inputChannels: dimension, filters: filters, kernelSize: kernel, activation: .elu(),
            kernelInitializer: .lecunUniform,
            biasInitializer: .glorotUniform, using: &g)
        var l = (length - kernel + 1) / pool
        let conv2 = Conv1D(
            inputChannels: filters, filters: filters, kernelSize: 3, activation: .elu(),
            kernelInitializer: .lecunUniform, using: &g)
        l = (l - 2) / 2
        let layers: [any Layer] = [
            conv1, MaxPooling1D(poolSize: pool), Dropout(rate: 0.2), conv2, MaxPooling1D(poolSize: 2), Flatten(),
            Dense(
                inputSize: l * filters, outputSize: 8, activation: .elu(), kernelInitializer: .lecunUniform, using: &g),
            Dropout(rate: 0.3), Dense(inputSize: 8, outputSize: 3, using: &g),
        ]
        return Sequential(embedding: Embedding(matrix: table), layers: layers)
    }

    /// Random ids in `0..<vocabulary` with `padding` leading zeros per document.
    static func tokens(batch: Int, length: Int, vocabulary: Int, padding: [Int], seed: UInt64) -> TokenBatch {
        var g = SeededGenerator(seed: seed)
        var ids = [Int32]()
        for n in 0..<batch {
            for t in 0..<length { ids.append(t < padding[n % padding.count] ? 0 : Int32(g.nextInt(below: vocabulary))) }
        }
        return TokenBatch(ids: ids, batch: batch, length: length)
    }

    static func targets(batch: Int) -> Tensor {
        SoftmaxCrossEntropy.oneHot((0..<batch).map { $0 % 3 }, classes: 3)
    }
}

/// Elementwise relative error with a floor of 1% of the reference's largest magnitude, so entries that
/// cancel to near zero (sums of many terms of both signs) are judged against the scale of the tensor:
/// `< 1e-4` means `|a − b| < 1e-4·max(|a|, |b|) + 1e-6·max|b|` for every element (numpy's
/// `allclose(rtol=1e-4, atol=1e-6·scale)`). Different summation orders differ by about 1e-7 of the scale.
private func scaledRelativeError(_ a: Tensor, _ b: Tensor) -> Double {
    let scale = b.scalars.reduce(Float(0)) { max($0, abs($1)) }
    return maximumRelativeError(a, b, floor: max(1e-6, 1e-2 * Double(scale)))
}

/// Runs one training step's forward/backward through a fast `ExecutionPlan` and through the reference
/// (`Sequential`'s own code, and a plan on the reference path) and checks every output and gradient.
private func expectPathsAgree(
    _ model: Sequential, tokens: TokenBatch, workers: Int = 2, sourceLocation: SourceLocation = #_sourceLocation
) {
    var fast = ExecutionPlan(model: model, path: .fast(workers: workers), purpose: .training)
    var referencePlan = ExecutionPlan(model: model, path: .reference, purpose: .training)
    #expect(fast.factorisedFirstStage != nil, sourceLocation: sourceLocation)
    #expect(referencePlan.factorisedFirstStage == nil, sourceLocation: sourceLocation)
    let targets = FastPathModels.targets(batch: tokens.batch)
    var r1 = SeededGenerator(seed: 42)
    var r2 = SeededGenerator(seed: 42)
    var r3 = SeededGenerator(seed: 42)
    let a = require { () throws(LayerError) in
        try fast.lossAndGradients(model, tokens: tokens, targets: targets, loss: SoftmaxCrossEntropy(), using: &r1)
    }
    let b = model.lossAndGradients(tokens: tokens, targets: targets, loss: SoftmaxCrossEntropy(), using: &r2)
    let c = require { () throws(LayerError) in
        try referencePlan.lossAndGradients(
            model, tokens: tokens, targets: targets, loss: SoftmaxCrossEntropy(), using: &r3)
    }
    #expect(c.loss == b.loss && c.gradients == b.gradients, "the reference plan is Sequential's own code")
    #expect(
        abs(a.loss - b.loss) <= 1e-5 * max(1, abs(b.loss)), "loss \(a.loss) vs \(b.loss)",
        sourceLocation: sourceLocation)
    #expect(Set(a.gradients.keys) == Set(b.gradients.keys), sourceLocation: sourceLocation)
    for (name, gradient) in b.gradients {
        guard let fastGradient = a.gradients[name] else {
            Issue.record("no fast gradient for \(name)", sourceLocation: sourceLocation)
            continue
        }
        let error = scaledRelativeError(fastGradient, gradient)
        #expect(error < 1e-4, "gradient of \(name): relative error \(error)", sourceLocation: sourceLocation)
    }
    for mode in [Mode.training, .inference] {
        var g1 = SeededGenerator(seed: 7)
        var g2 = SeededGenerator(seed: 7)
        let ya = require { () throws(LayerError) in try fast.forward(model, tokens: tokens, mode: mode, using: &g1) }
        let yb = model.forward(tokens: tokens, mode: mode, using: &g2).output
        let error = scaledRelativeError(ya, yb)
        #expect(error < 1e-4, "\(mode) output: relative error \(error)", sourceLocation: sourceLocation)
    }
    var inference = ExecutionPlan(model: model, path: .fast(workers: workers), purpose: .inference)
    let pa = require { () throws(LayerError) in try inference.probabilities(model, tokens: tokens) }
    let pb = model.predictProbabilities(tokens: tokens)
    #expect(scaledRelativeError(pa, pb) < 1e-4, sourceLocation: sourceLocation)
}

/// `body()`, failing the test on a thrown error.
private func require<T>(_ body: () throws(LayerError) -> T) -> T {
    do { return try body() } catch { fatalError("unexpected error: \(error.message)") }
}

@Suite("EmbeddingConvolutionPool: the factorised first stage agrees with the reference layers")
struct EmbeddingConvolutionPoolTests {
    @Test("random batches with many repeated ids and leading padding (id 0 a zero row)")
    func repeatedIdsAndPadding() {
        let model = FastPathModels.pooled(
            vocabulary: 12, dimension: 10, length: 60, filters: 16, kernel: 5, pool: 5, zeroPaddingRow: true, seed: 1)
        let tokens = FastPathModels.tokens(batch: 5, length: 60, vocabulary: 12, padding: [0, 20, 55, 3], seed: 2)
        expectPathsAgree(model, tokens: tokens)
    }

    @Test("a padding row that is not zero, filters not a multiple of 16, kernel 3, pool 4, one worker and three")
    func generalShapes() {
        let model = FastPathModels.pooled(
            vocabulary: 300, dimension: 7, length: 50, filters: 21, kernel: 3, pool: 4, zeroPaddingRow: false, seed: 3)
        let tokens = FastPathModels.tokens(batch: 4, length: 50, vocabulary: 300, padding: [10, 0], seed: 4)
        expectPathsAgree(model, tokens: tokens, workers: 1)
        expectPathsAgree(model, tokens: tokens, workers: 3)
    }

    @Test("more filters than one channel block: 150 (forward blocks 128 + 22, scatter blocks 64 + 64 + 22)")
    func severalChannelBlocks() {
        let model = FastPathModels.pooled(
            vocabulary: 50, dimension: 6, length: 40, filters: 150, kernel: 5, pool: 5, zeroPaddingRow: true, seed: 11)
        let tokens = FastPathModels.tokens(batch: 3, length: 40, vocabulary: 50, padding: [0, 25], seed: 12)
        expectPathsAgree(model, tokens: tokens, workers: 1)
        expectPathsAgree(model, tokens: tokens, workers: 2)
    }

    @Test("a single document, and a batch of one repeated id")
    func singleDocument() {
        let model = FastPathModels.pooled(
            vocabulary: 40, dimension: 8, length: 40, filters: 16, kernel: 5, pool: 3, zeroPaddingRow: true, seed: 5)
        expectPathsAgree(
            model, tokens: FastPathModels.tokens(batch: 1, length: 40, vocabulary: 40, padding: [4], seed: 6))
        expectPathsAgree(model, tokens: TokenBatch(ids: [Int32](repeating: 9, count: 80), batch: 2, length: 40))
    }

    @Test("a convolution without a following pool, and a pool with overlapping windows, are fused as conv only")
    func convolutionOnly() throws {
        var g = SeededGenerator(seed: 8)
        let table = Tensor.uniform(shape: [30, 6], lower: -1, upper: 1, using: &g)
        for second in [any Layer](arrayLiteral: Flatten(), MaxPooling1D(poolSize: 3, stride: 2)) {
            let conv = Conv1D(inputChannels: 6, filters: 16, kernelSize: 4, activation: .relu, using: &g)
            var layers: [any Layer] = [conv, second]
            if second is MaxPooling1D { layers.append(Flatten()) }
            let length = 20
            let shapes = try Sequential(embedding: Embedding(matrix: table), layers: layers).outputShapes(for: [
                1, length,
            ])
            layers.append(Dense(inputSize: shapes.last![1], outputSize: 3, using: &g))
            let model = Sequential(embedding: Embedding(matrix: table), layers: layers)
            let plan = ExecutionPlan(model: model, path: .fast(), purpose: .training)
            #expect(plan.factorisedFirstStage?.poolSize == 1)
            expectPathsAgree(
                model,
                tokens: FastPathModels.tokens(batch: 3, length: length, vocabulary: 30, padding: [0, 5], seed: 9))
        }
    }

    @Test("the study model's first convolution and pool are fused; a trainable embedding is not")
    func dispatch() throws {
        var configuration = StudyModel.Configuration()
        configuration.filters = 16
        let model = try StudyModel.make(
            vocabularySize: 20, embeddingDimension: 4, sequenceLength: 1000, classes: 3, configuration: configuration,
            seed: 1)
        let plan = ExecutionPlan(model: model, path: .fast(), purpose: .training)
        let stage = try #require(plan.factorisedFirstStage)
        #expect(stage.poolSize == 5 && stage.kernelSize == 5 && stage.filters == 16)
        #expect(plan.fusedConvolutionPools.map(\.poolSize) == [5, 35])
        #expect(
            plan.stageSummary(of: model) == [
                "embedding+conv1+pool1: factorised over distinct ids", "dropout1: dropout into a reused tensor",
                "conv2+pool2: fused, Winograd F(4, 5)", "dropout2: dropout into a reused tensor",
                "conv3+pool3: fused, Winograd F(4, 5)", "flatten1: reshape", "dense1: dense into a reused tensor",
                "dropout3: dropout into a reused tensor", "dense2: dense into a reused tensor",
            ])
        // Inference plans take larger tiles (decision 0086); the stages are the same.
        let inference = ExecutionPlan(model: model, path: .fast(), purpose: .inference)
        #expect(
            inference.stageSummary(of: model).filter { $0.contains("Winograd") } == [
                "conv2+pool2: fused, Winograd F(6, 5)", "conv3+pool3: fused, Winograd F(6, 5)",
            ])
        let trainable = try StudyModel.make(
            vocabularySize: 20, embeddingDimension: 4, sequenceLength: 1000, classes: 3, trainableEmbedding: true,
            configuration: configuration, seed: 1)
        let trainablePlan = ExecutionPlan(model: trainable, path: .fast(), purpose: .training)
        #expect(trainablePlan.factorisedFirstStage == nil)
        #expect(
            trainablePlan.stageSummary(of: trainable).prefix(2) == [
                "embedding: lookup", "conv1+pool1: fused, Winograd F(4, 5)",
            ])
    }

    @Test("a document shorter than the kernel stack needs is a clear error on both paths")
    func tooShort() throws {
        let model = FastPathModels.pooled(
            vocabulary: 12, dimension: 4, length: 60, filters: 16, kernel: 5, pool: 5, zeroPaddingRow: true, seed: 1)
        let layers = Array(model.layers.prefix(2))
        for path in [ExecutionPath.fast(), .reference] {
            var plan = ExecutionPlan(model: model, path: path, purpose: .training)
            var rng = SeededGenerator(seed: 1)
            // Too short for the second convolution: 20 tokens → 16 → pooled 3 < kernel 3 + pool 2.
            let short = FastPathModels.tokens(batch: 2, length: 20, vocabulary: 12, padding: [0], seed: 1)
            #expect(throws: LayerError.self) { try plan.forward(model, tokens: short, mode: .training, using: &rng) }
            // Shorter than the first kernel itself.
            let tiny = TokenBatch(ids: [1, 2, 3], batch: 1, length: 3)
            do {
                _ = try plan.forward(model, tokens: tiny, mode: .inference, using: &rng)
                Issue.record("expected an error on the \(path) path")
            } catch {
                #expect(error.message.contains("conv1") && error.message.contains("kernelSize 5"), "\(error.message)")
            }
            // An id outside the vocabulary.
            let bad = TokenBatch(ids: [Int32](repeating: 12, count: 60), batch: 1, length: 60)
            #expect(throws: LayerError.self) { try plan.forward(model, tokens: bad, mode: .inference, using: &rng) }
        }
        // The stage itself throws too (it is public API).
        let conv = try #require(layers[0].layer(as: Conv1D.self))
        let stage = try #require(
            EmbeddingConvolutionPool(conv: conv, pool: layers[1].layer(as: MaxPooling1D.self), workers: 2))
        #expect(throws: LayerError.self) {
            try stage.forward(
                tokens: TokenBatch(ids: [1, 2, 3, 4, 5, 6], batch: 1, length: 6), table: model.embedding!.table,
                weight: conv.weight.value, bias: conv.bias?.value)
        }
    }

    @Test("the stage alone equals Embedding → Conv1D → MaxPooling1D, and reports the batch's distinct ids")
    func stageAlone() throws {
        var g = SeededGenerator(seed: 11)
        let table = Tensor.uniform(shape: [25, 9], lower: -1, upper: 1, using: &g)
        let conv = Conv1D(
            inputChannels: 9, filters: 32, kernelSize: 5, activation: .elu(), biasInitializer: .glorotUniform, using: &g
        )
        let pool = MaxPooling1D(poolSize: 5)
        let tokens = FastPathModels.tokens(batch: 3, length: 37, vocabulary: 25, padding: [0, 9], seed: 12)
        let stage = try #require(EmbeddingConvolutionPool(conv: conv, pool: pool, workers: 2))
        let (y, cache) = try stage.forward(
            tokens: tokens, table: table, weight: conv.weight.value, bias: conv.bias?.value)
        #expect(cache.distinctIds == Array(Set(tokens.ids)).sorted())
        var rng = SeededGenerator(seed: 0)
        let (z, convCache) = conv.forward(Embedding(matrix: table).forward(tokens), mode: .training, using: &rng)
        let (expected, poolCache) = pool.forward(z, mode: .training, using: &rng)
        #expect(y.shape == [3, 6, 32])
        #expect(scaledRelativeError(y, expected) < 1e-5)

        let dY = Tensor.uniform(shape: y.shape, lower: -1, upper: 1, using: &g)
        var weightGradient = Tensor(zeros: conv.weight.value.shape)
        var biasGradient: Tensor? = Tensor(zeros: [32])
        stage.backward(dY, cache: cache, weightGradient: &weightGradient, biasGradient: &biasGradient)
        var mutablePool = pool
        var mutableConv = conv
        let dZ = mutablePool.backward(dY, cache: poolCache)
        _ = mutableConv.backward(dZ, cache: convCache, computeInputGradient: false)
        #expect(scaledRelativeError(weightGradient, mutableConv.weight.gradient) < 1e-4)
        let fastBias = try #require(biasGradient)
        let referenceBias = try #require(mutableConv.bias).gradient
        #expect(scaledRelativeError(fastBias, referenceBias) < 1e-4)
    }

    @Test(
        "the stage's output and gradients do not depend on its worker count (its GEMMs split by rows and columns; 150 filters: several channel blocks, the last partial)",
        arguments: [48, 150])
    func workerCountIndependence(filters: Int) throws {
        var g = SeededGenerator(seed: 21)
        let table = Tensor.uniform(shape: [3000, 64], lower: -1, upper: 1, using: &g)
        let conv = Conv1D(
            inputChannels: 64, filters: filters, kernelSize: 5, activation: .elu(), biasInitializer: .glorotUniform,
            using: &g
        )
        let tokens = FastPathModels.tokens(batch: 4, length: 400, vocabulary: 3000, padding: [0, 150], seed: 22)
        let dY = Tensor.uniform(shape: [4, 79, filters], lower: -1, upper: 1, using: &g)
        func run(workers: Int) throws -> (Tensor, Tensor, Tensor) {
            let stage = try #require(
                EmbeddingConvolutionPool(conv: conv, pool: MaxPooling1D(poolSize: 5), workers: workers))
            return try BLASThreads.withCount(1) {
                let (y, cache) = try stage.forward(
                    tokens: tokens, table: table, weight: conv.weight.value, bias: conv.bias?.value)
                var weightGradient = Tensor(zeros: conv.weight.value.shape)
                var biasGradient: Tensor? = Tensor(zeros: [filters])
                stage.backward(dY, cache: cache, weightGradient: &weightGradient, biasGradient: &biasGradient)
                return (y, weightGradient, try #require(biasGradient))
            }
        }
        let one = try run(workers: 1)
        #expect(one.0.shape == [4, 79, filters])
        for workers in [2, 3] {
            let other = try run(workers: workers)
            #expect(other.0.scalars == one.0.scalars, "output, \(workers) workers")
            #expect(other.1.scalars == one.1.scalars, "weight gradient, \(workers) workers")
            #expect(other.2.scalars == one.2.scalars, "bias gradient, \(workers) workers")
        }
    }
}
