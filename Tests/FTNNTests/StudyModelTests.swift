import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("StudyModel")
struct StudyModelTests {
    @Test("Full size: Keras's parameter counts and output shapes, without a random 23,888 × 300 matrix")
    func fullSize() throws {
        let model = try StudyModel.make(
            vocabularySize: 23_888, embeddingDimension: 300, sequenceLength: 10_000, classes: 3, seed: 1)
        let summary = try model.summary(sampleShape: [10_000])
        #expect(summary.trainableParameterCount == 497_427)
        #expect(summary.nonTrainableParameterCount == 7_166_400)
        #expect(summary.totalParameterCount == 7_663_827)
        #expect(
            summary.rows.map(\.parameterCount) == [
                7_166_400, 192_128, 0, 0, 82_048, 0, 0, 82_048, 0, 0, 140_900, 0, 303,
            ])
        #expect(
            summary.rows.map(\.outputShape) == [
                [10_000, 300], [9996, 128], [1999, 128], [1999, 128], [1995, 128], [399, 128], [399, 128], [395, 128],
                [11, 128], [1408],
                [100], [100], [3],
            ])
        #expect(
            summary.rows.map(\.name) == [
                "embedding", "conv1", "pool1", "dropout1", "conv2", "pool2", "dropout2", "conv3", "pool3", "flatten1",
                "dense1", "dropout3",
                "dense2",
            ])
        #expect(model.embeddingFeedsConv1D)
        #expect(
            model.parameterNames == [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias",
                "dense1.weight", "dense1.bias",
                "dense2.weight", "dense2.bias",
            ])
    }

    @Test("Sizes that do not fit are rejected before allocating")
    func errors() {
        #expect(
            throws: LayerError(
                "StudyModel expected a pooling input length ≥ poolSize 35. Received: 11 (sequenceLength 400)")
        ) {
            try StudyModel.make(vocabularySize: 10, embeddingDimension: 4, sequenceLength: 400, classes: 3, seed: 1)
        }
        #expect(throws: LayerError("StudyModel expected an embedding matrix of shape [10, 4]. Received: shape [10, 5]"))
        {
            try StudyModel.make(
                vocabularySize: 10, embeddingDimension: 4, sequenceLength: 400, classes: 3,
                embedding: Tensor(zeros: [10, 5]), seed: 1)
        }
    }

    @Test(
        "Reduced size (length 400, embedding 16) matches Keras on the named path: logits, loss and every parameter gradient",
        arguments: ["reference", "fast:1", "fast:2"])
    func golden(pathName: String) throws {
        let path = try #require(ExecutionPath(argument: pathName))
        let f = try Golden.load(StudyModelFixture.self, "study_model.json")
        var configuration = StudyModel.Configuration()
        configuration.filters = f.filters
        configuration.poolSizes = f.poolSizes
        var model = try StudyModel.make(
            vocabularySize: f.vocabularySize, embeddingDimension: f.embeddingDimension,
            sequenceLength: f.sequenceLength, classes: 3,
            embedding: f.embedding.tensor, configuration: configuration, seed: 1)
        try model.loadValues(f.parameters.mapValues(\.tensor))
        let tokens = TokenBatch(ids: f.tokens, batch: f.batch, length: f.sequenceLength)
        // logits, _ = model.stateless_call(tv, ntv, tokens, training=False);
        // jax.value_and_grad(CategoricalCrossentropy(from_logits=True)(targets, logits))
        var plan = ExecutionPlan(model: model, path: path, purpose: .training)
        #expect((plan.factorisedFirstStage != nil) == (path.kernels == .fast), "the plan runs the path it names")
        var rng = SeededGenerator(seed: 0)
        let logits = try plan.forward(model, tokens: tokens, mode: .inference, using: &rng)
        Golden.expectClose(logits, f.logits.tensor, "logits")
        Golden.expectClose(logits, f.logitsFloat64.tensor, "logits (float64)")
        let loss = SoftmaxCrossEntropy()
        let (value, lossCache) = loss.forward(logits: logits, targets: f.targets.tensor)
        #expect(abs(value - f.loss) / f.loss < 1e-5)
        #expect(abs(value - f.lossFloat64) / f.lossFloat64 < 1e-5)
        #expect(plan.backward(loss.backward(cache: lossCache), into: &model) == nil)
        let gradients = model.namedGradients
        #expect(Set(gradients.keys) == Set(f.gradients.keys))
        for (name, expected) in f.gradientsFloat64 {
            // Keras in float64: within 1e-5 relative for entries ≥ 5% of the tensor's largest magnitude,
            // and within 5e-7 × that magnitude below it (float32 backprop through three convolutions
            // leaves absolute errors that scale with the tensor, not with each small entry).
            Golden.expectClose(gradients[name]!, expected.tensor, floorFraction: 0.05, name + " (float64)")
        }
        for (name, expected) in f.gradients {
            // Keras's own float32 run is itself up to ~5e-5 away from float64 (summation order through
            // three convolutions), so against it the bound is 1e-4.
            Golden.expectClose(gradients[name]!, expected.tensor, relative: 1e-4, name + " (float32)")
        }
        // The pure training step gives the same numbers without touching the model.
        var pure = SeededGenerator(seed: 0)
        model.zeroGradients()
        let step = try plan.lossAndGradients(
            model, tokens: tokens, targets: f.targets.tensor, loss: loss, mode: .inference, using: &pure)
        #expect(step.loss == value)
        #expect(step.gradients == gradients)
        #expect(model.namedGradients["conv1.weight"] == Tensor(zeros: [5, 16, 32]))
    }
}

@Suite("StudyModel size limits")
struct StudyModelSizeTests {
    @Test("the study's sizes: 7,663,827 parameters, activations of 10,000 × 300 per document")
    func studySizes() throws {
        let size = try StudyModel.size(
            vocabularySize: 23_888, embeddingDimension: 300, sequenceLength: 10_000, classes: 3)
        #expect(size.parameters == 7_663_827)
        #expect(size.activationsPerDocument == 3_000_000)
        #expect(size.finalLength == 11)
        // A batch as large as Int.max is clamped to the documents, so it is no overflow.
        try size.checkBatch(batchSize: .max, documents: 364)
        #expect(throws: LayerError.self) { try size.checkBatch(batchSize: 1000, documents: 1000) }
    }

    @Test(
        "overflowing or oversized products throw naming the fields, before anything is allocated",
        arguments: [
            (23_888, Int.max, 10_000, 3, 128, "embeddingDimension"),
            (23_888, 300, 1_000_000_000_000, 3, 128, "sequenceLength"),
            (23_888, 300, 4_611_686_018_427_387_904, 3, 128, "sequenceLength"),
            (23_888, 300, 10_000, Int.max, 128, "classes"),
            (23_888, 300, 10_000, 3, 4_611_686_018_427_387_904, "filters"),
            (Int.max, 300, 10_000, 3, 128, "vocabularySize"),
            (-5, 300, 10_000, 3, 128, "vocabularySize"),
        ])
    func refused(vocabulary: Int, dimension: Int, length: Int, classes: Int, filters: Int, field: String) {
        var configuration = StudyModel.Configuration()
        configuration.filters = filters
        #expect {
            _ = try StudyModel.make(
                vocabularySize: vocabulary, embeddingDimension: dimension, sequenceLength: length, classes: classes,
                configuration: configuration, seed: 1)
        } throws: { error in
            "\(error)".contains(field)
        }
    }
}
