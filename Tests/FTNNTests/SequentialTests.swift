import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Sequential")
struct SequentialTests {
    static func smallFloatModel(seed: UInt64) -> Sequential {
        var rng = SeededGenerator(seed: seed)
        return Sequential(layers: [
            Conv1D(
                inputChannels: 3, filters: 4, kernelSize: 3, activation: .elu(), biasInitializer: .lecunUniform,
                using: &rng),
            MaxPooling1D(poolSize: 2),
            Dropout(rate: 0.2),
            Flatten(),
            Dense(inputSize: 16, outputSize: 3, biasInitializer: .lecunUniform, using: &rng),
        ])
    }

    @Test("Layers are named by kind and parameters by layer")
    func naming() {
        let model = Self.smallFloatModel(seed: 1)
        #expect(model.layers.map(\.name) == ["conv1", "pool1", "dropout1", "flatten1", "dense1"])
        #expect(model.parameterNames == ["conv1.weight", "conv1.bias", "dense1.weight", "dense1.bias"])
        #expect(model.trainableParameterCount == 3 * 3 * 4 + 4 + 16 * 3 + 3)
        #expect(!model.embeddingFeedsConv1D)
        #expect(model.layers[0].layer(as: Conv1D.self)?.filters == 4)
    }

    @Test("Whole-model finite-difference gradients through the loss (training mode, fixed dropout mask)")
    func gradients() {
        var model = Self.smallFloatModel(seed: 2)
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.normal(shape: [2, 11, 3], using: &rng)  // 11 → conv 9 → pool 4 (odd tail dropped)
        let targets = SoftmaxCrossEntropy.oneHot([0, 2], classes: 3)
        let loss = SoftmaxCrossEntropy()
        func value(_ m: Sequential, _ input: Tensor) -> Double {
            var g = SeededGenerator(seed: 99)
            return loss.forward(logits: m.forward(input, mode: .training, using: &g).output, targets: targets).loss
        }
        var g = SeededGenerator(seed: 99)
        let (logits, cache) = model.forward(x, mode: .training, using: &g)
        let dX = model.backward(
            loss.backward(cache: loss.forward(logits: logits, targets: targets).cache), cache: cache)!
        // h = 1e-3 keeps the max-pool pairs from swapping (random data has near-ties); the loss's float32
        // noise (~1e-7) over 2h is then ~5e-5, so the relative-error floor is 1e-2 here.
        #expect(GradientCheck.check({ value(model, $0) }, at: x, analytic: dX, step: 1e-3, floor: 1e-2) < 1e-2)
        for (name, gradient) in model.namedGradients {
            let error = GradientCheck.check(
                { w in
                    var m = model
                    try? m.loadValues([name: w], requireAll: false)
                    return value(m, x)
                }, at: model.namedValues[name]!, analytic: gradient, step: 1e-3, floor: 1e-2)
            #expect(error < 1e-2, "\(name): \(error)")
        }
    }

    @Test("Trainable embedding receives its gradient; a frozen one does not")
    func embeddingGradient() {
        var rng = SeededGenerator(seed: 4)
        let layers: [any Layer] = [
            Conv1D(inputChannels: 3, filters: 2, kernelSize: 2, using: &rng), Flatten(),
            Dense(inputSize: 8, outputSize: 2, using: &rng),
        ]
        let tokens = TokenBatch(rows: [[1, 2, 3, 0, 4], [4, 4, 1, 2, 0]])
        let targets = SoftmaxCrossEntropy.oneHot([1, 0], classes: 2)
        var trainable = Sequential(embedding: Embedding(vocabularySize: 5, dimension: 3, using: &rng), layers: layers)
        #expect(trainable.parameterNames.first == "embedding.weight")
        let step = trainable.lossAndGradients(
            tokens: tokens, targets: targets, loss: SoftmaxCrossEntropy(), using: &rng)
        let analytic = step.gradients["embedding.weight"]!
        let error = GradientCheck.check(
            { table in
                var m = trainable
                try? m.loadValues(["embedding.weight": table], requireAll: false)
                var g = SeededGenerator(seed: 0)
                return SoftmaxCrossEntropy().forward(
                    logits: m.forward(tokens: tokens, mode: .inference, using: &g).output, targets: targets
                ).loss
            }, at: trainable.embedding!.table, analytic: analytic)
        #expect(error < 1e-2)
        trainable.embedding = Embedding(matrix: trainable.embedding!.table)
        #expect(trainable.parameterNames.first == "conv1.weight")
        #expect(trainable.embeddingFeedsConv1D)
    }

    @Test("Same seed, two training steps: bit-identical weights")
    func determinism() {
        func train() -> [String: Tensor] {
            var model = Self.smallFloatModel(seed: 5)
            var adam = Adam(learningRate: 0.01, clipping: .value(0.5))
            var rng = SeededGenerator(seed: 6)
            let x = Tensor.normal(shape: [4, 11, 3], using: &rng)
            for _ in 0..<2 {
                model.zeroGradients()
                let (logits, cache) = model.forward(x, mode: .training, using: &rng)
                let loss = SoftmaxCrossEntropy()
                _ = model.backward(
                    loss.backward(
                        cache: loss.forward(
                            logits: logits, targets: SoftmaxCrossEntropy.oneHot([0, 1, 2, 1], classes: 3)
                        ).cache), cache: cache)
                adam.update(&model)
            }
            return model.namedValues
        }
        #expect(train() == train())
    }

    @Test("Convergence smoke test: a tiny token model separates two token classes")
    func convergence() throws {
        var rng = SeededGenerator(seed: 7)
        var model = try StudyModel.make(
            vocabularySize: 6, embeddingDimension: 4, sequenceLength: 60, classes: 2, trainableEmbedding: true,
            configuration: {
                var c = StudyModel.Configuration()
                c.filters = 4
                c.poolSizes = [2, 2, 2]
                c.denseUnits = 8
                return c
            }(),
            seed: 8)
        // class 0 uses tokens {1, 2}, class 1 uses {3, 4}
        var rows = [[Int32]]()
        var labels = [Int]()
        for n in 0..<16 {
            labels.append(n % 2)
            rows.append((0..<60).map { _ in Int32(1 + 2 * (n % 2) + rng.nextInt(below: 2)) })
        }
        let tokens = TokenBatch(rows: rows)
        let targets = SoftmaxCrossEntropy.oneHot(labels, classes: 2)
        var adam = Adam(learningRate: 0.01)
        var first = 0.0
        var last = 0.0
        for epoch in 0..<40 {
            model.zeroGradients()
            last = model.accumulateGradients(tokens: tokens, targets: targets, loss: SoftmaxCrossEntropy(), using: &rng)
            if epoch == 0 { first = last }
            adam.update(&model)
        }
        #expect(last < first * 0.2, "loss \(first) → \(last)")
        let predictions = model.predictProbabilities(tokens: tokens).argmax(alongAxis: 1)
        #expect(predictions == labels)
    }

    @Test("Shape errors name the layer")
    func errors() {
        let model = Self.smallFloatModel(seed: 1)
        #expect(throws: LayerError("Layer 'conv1': Conv1D expected input with 3 channels. Received: shape [2, 11, 4]"))
        {
            try model.outputShapes(for: [2, 11, 4])
        }
        #expect(throws: LayerError("Layer 'dense1': Dense expected input with 16 features. Received: shape [2, 20]")) {
            try model.outputShapes(for: [2, 13, 3])
        }
    }
}
