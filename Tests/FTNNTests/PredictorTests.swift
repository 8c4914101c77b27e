import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Predictor: cached first-convolution projections across batches")
struct PredictorTests {
    /// Embedding(V, 12) → Conv1D(16, 5, elu) → MaxPooling1D(5) → Dropout → Conv1D(16, 3, elu) →
    /// MaxPooling1D(2) → Flatten → Dense(3).
    private func model(vocabulary: Int = 60, length: Int = 64) -> Sequential {
        var g = SeededGenerator(seed: 21)
        var table = Tensor.uniform(shape: [vocabulary, 12], lower: -1, upper: 1, using: &g)
        for j in 0..<12 { table[0, j] = 0 }
        let conv1 = Conv1D(
            inputChannels: 12, filters: 16, kernelSize: 5, activation: .elu(), biasInitializer: .glorotUniform,
            using: &g)
        let conv2 = Conv1D(inputChannels: 16, filters: 16, kernelSize: 3, activation: .elu(), using: &g)
        let pooled = ((length - 4) / 5 - 2) / 2
        return Sequential(
            embedding: Embedding(matrix: table),
            layers: [
                conv1, MaxPooling1D(poolSize: 5), Dropout(rate: 0.15), conv2, MaxPooling1D(poolSize: 2), Flatten(),
                Dense(inputSize: pooled * 16, outputSize: 3, using: &g),
            ])
    }

    private func batch(_ seed: UInt64, documents: Int = 4, length: Int = 64, below vocabulary: Int) -> TokenBatch {
        var g = SeededGenerator(seed: seed)
        let ids = (0..<(documents * length)).map { i in i % length < 9 ? Int32(0) : Int32(g.nextInt(below: vocabulary))
        }
        return TokenBatch(ids: ids, batch: documents, length: length)
    }

    @Test("probabilities equal the reference path's batch by batch while the cache grows")
    func agreesWithReference() throws {
        let fast = model()
        var predictor = Predictor(model: fast, path: .fast(workers: 2))
        var perBatch = ExecutionPlan(model: fast, path: .fast(workers: 2), purpose: .inference)
        #expect(predictor.cachedIds == 0)
        var seen = Set<Int32>()
        // Batches over a growing id range: each brings new ids and repeats old ones.
        for (k, limit) in [20, 20, 40, 60].enumerated() {
            let tokens = batch(UInt64(k), below: limit)
            let cached = try predictor.probabilities(tokens: tokens)
            #expect(
                maximumRelativeError(cached, fast.predictProbabilities(tokens: tokens), floor: 1e-6) < 1e-5,
                "batch \(k)")
            #expect(
                maximumRelativeError(cached, try perBatch.probabilities(fast, tokens: tokens), floor: 1e-6) < 1e-6,
                "batch \(k)")
            seen.formUnion(tokens.ids)
            #expect(predictor.cachedIds == seen.count, "every id seen so far is cached, once")
        }
    }

    @Test("an id outside the embedding is an error naming its position, and the cache is unchanged")
    func badIds() throws {
        var predictor = Predictor(model: model())
        _ = try predictor.probabilities(tokens: batch(1, below: 30))
        let before = predictor.cachedIds
        var ids = batch(2, below: 60).ids
        ids[64 + 10] = 60
        #expect(throws: LayerError("Embedding expected token ids in 0..<60. Received: 60 at sequence 2, position 11")) {
            try predictor.probabilities(tokens: TokenBatch(ids: ids, batch: 4, length: 64))
        }
        #expect(predictor.cachedIds == before)
        let short = TokenBatch(ids: [Int32](repeating: 1, count: 8), batch: 1, length: 8)
        #expect(throws: LayerError.self) { try predictor.probabilities(tokens: short) }
    }

    @Test("on the reference path the predictor runs the layers and caches nothing")
    func referencePath() throws {
        let reference = model()
        var predictor = Predictor(model: reference, path: .reference)
        let tokens = batch(3, below: 60)
        #expect(try predictor.probabilities(tokens: tokens) == reference.predictProbabilities(tokens: tokens))
        #expect(predictor.cachedIds == 0)
    }
}
