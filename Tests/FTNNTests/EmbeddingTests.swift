import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Embedding")
struct EmbeddingTests {
    let matrix = Tensor(rows: [[0, 0], [1, 2], [3, 4]])

    @Test("Lookup; id 0 is an ordinary row (zeros in the study's matrix)")
    func lookup() {
        let embedding = Embedding(matrix: matrix)
        let y = embedding.forward(TokenBatch(rows: [[0, 2, 1], [1, 1, 0]]))
        #expect(y.shape == [2, 3, 2])
        #expect(y.scalars == [0, 0, 3, 4, 1, 2, 1, 2, 1, 2, 0, 0])
    }

    @Test("Frozen: no parameters, counted as non-trainable; trainable: one parameter 'weight'")
    func trainability() {
        var frozen = Embedding(matrix: matrix)
        #expect(frozen.parameterNames.isEmpty)
        #expect(frozen.nonTrainableParameterCount == 6)
        frozen.accumulateGradient(Tensor(zeros: [1, 1, 2]), tokens: TokenBatch(rows: [[1]]))  // no-op
        var trainable = Embedding(matrix: matrix, trainable: true)
        #expect(trainable.parameterNames == ["weight"])
        #expect(trainable.nonTrainableParameterCount == 0)
        #expect(trainable.trainableParameterCount == 6)
        trainable.accumulateGradient(
            Tensor(shape: [1, 3, 2], scalars: [1, 2, 3, 4, 5, 6]), tokens: TokenBatch(rows: [[2, 0, 2]]))
        #expect(trainable.namedGradients["weight"]!.scalars == [3, 4, 0, 0, 1 + 5, 2 + 6])
    }

    @Test("Trainable gradient matches finite differences")
    func gradients() {
        var rng = SeededGenerator(seed: 4)
        let embedding = Embedding(vocabularySize: 6, dimension: 3, using: &rng)
        let tokens = TokenBatch(rows: [[1, 5, 5, 0], [2, 1, 3, 3]])
        let r = Tensor.normal(shape: [2, 4, 3], using: &rng)
        var analytic = embedding
        analytic.accumulateGradient(r, tokens: tokens)
        let error = GradientCheck.check(
            { table in GradientCheck.weightedSum(Embedding(matrix: table).forward(tokens), r) },
            at: embedding.table, analytic: analytic.namedGradients["weight"]!)
        #expect(error < 1e-3)
    }

    @Test("Out-of-range ids are rejected with their position")
    func errors() {
        #expect(throws: LayerError("Embedding expected token ids in 0..<3. Received: 7 at sequence 2, position 1")) {
            try Embedding(matrix: matrix).validate(TokenBatch(rows: [[0, 1], [7, 0]]))
        }
        #expect(throws: LayerError("Embedding expected token ids in 0..<3. Received: -1 at sequence 1, position 2")) {
            try Embedding(matrix: matrix).validate(TokenBatch(rows: [[0, -1]]))
        }
        // The extremes of Int32 (the check compares bit patterns as unsigned), and the first of two bad ids.
        #expect(
            throws: LayerError("Embedding expected token ids in 0..<3. Received: -2147483648 at sequence 1, position 3")
        ) {
            try Embedding(matrix: matrix).validate(TokenBatch(rows: [[2, 0, .min, 5]]))
        }
        #expect(
            throws: LayerError("Embedding expected token ids in 0..<3. Received: 2147483647 at sequence 2, position 2")
        ) {
            try Embedding(matrix: matrix).validate(TokenBatch(rows: [[0, 0], [1, .max]]))
        }
        #expect(throws: Never.self) { try Embedding(matrix: matrix).validate(TokenBatch(rows: [[0, 1, 2]])) }
    }
}
