import FTNN
import FTTensor
import FTTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("SoftmaxCrossEntropy")
struct SoftmaxCrossEntropyTests {
    @Test("Hand-computed: uniform logits give log K; gradient (p − t)/N")
    func handComputed() {
        let loss = SoftmaxCrossEntropy()
        let (value, cache) = loss.forward(
            logits: Tensor(zeros: [2, 4]), targets: SoftmaxCrossEntropy.oneHot([1, 3], classes: 4))
        #expect(abs(value - log(4.0)) < 1e-7)
        #expect(loss.backward(cache: cache).scalars == [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375])
    }

    @Test("Stable for huge logits (log-sum-exp)")
    func stability() {
        let (value, cache) = SoftmaxCrossEntropy().forward(
            logits: Tensor(rows: [[1000, 0, -1000]]), targets: SoftmaxCrossEntropy.oneHot([1], classes: 3))
        #expect(abs(value - 1000) < 1e-3)
        #expect(cache.probabilities.scalars.allSatisfy { $0.isFinite })
    }

    @Test("Finite-difference gradient, with and without class weights, soft targets", arguments: [false, true])
    func gradients(weighted: Bool) {
        var rng = SeededGenerator(seed: 8)
        let logits = Tensor.normal(shape: [5, 3], standardDeviation: 2, using: &rng)
        var targets = Tensor.uniform(shape: [5, 3], using: &rng)
        for n in 0..<5 {  // rows sum to 1
            let s = targets.scalars[(n * 3)..<(n * 3 + 3)].reduce(0, +)
            for j in 0..<3 { targets.scalars[n * 3 + j] /= s }
        }
        let loss = SoftmaxCrossEntropy(classWeights: weighted ? [0.5, 2, 1.25] : nil)
        let analytic = loss.backward(cache: loss.forward(logits: logits, targets: targets).cache)
        let error = GradientCheck.check(
            { loss.forward(logits: $0, targets: targets).loss }, at: logits, analytic: analytic, step: 1e-2)
        #expect(error < 1e-2)
    }

    @Test("Matches Keras CategoricalCrossentropy(from_logits=True), with class weights")
    func golden() throws {
        let c = try Golden.layers().softmaxCrossEntropy
        // keras.losses.CategoricalCrossentropy(from_logits=True)(t, z[, sample_weight=w[label]])
        let plain = SoftmaxCrossEntropy()
        let (value, cache) = plain.forward(logits: c.logits.tensor, targets: c.targets.tensor)
        #expect(abs(value - c.loss) / c.loss < 1e-5)
        Golden.expectClose(plain.backward(cache: cache), c.logitsGradient.tensor, "gradient")
        let weighted = SoftmaxCrossEntropy(classWeights: c.classWeights.values)
        let (wValue, wCache) = weighted.forward(logits: c.logits.tensor, targets: c.targets.tensor)
        #expect(abs(wValue - c.weightedLoss) / c.weightedLoss < 1e-5)
        Golden.expectClose(weighted.backward(cache: wCache), c.weightedLogitsGradient.tensor, "weighted gradient")
    }

    @Test("Shape mismatches are rejected")
    func errors() {
        #expect(throws: LayerError("SoftmaxCrossEntropy expected targets of shape [4, 3]. Received: shape [4, 2]")) {
            try SoftmaxCrossEntropy().validate(logits: [4, 3], targets: [4, 2])
        }
        #expect(throws: LayerError("SoftmaxCrossEntropy expected 3 class weights. Received: 2")) {
            try SoftmaxCrossEntropy(classWeights: [1, 2]).validate(logits: [4, 3], targets: [4, 3])
        }
    }

    /// `Trainer.fit`'s loss takes labels instead of one-hot targets: the same loss and gradient bit for bit,
    /// with and without class weights, and NaN where the one-hot arithmetic gives NaN (`0 · ∞` for a
    /// logit of −∞ outside the label's class).
    @Test("Labels give the one-hot loss and gradient bit for bit, NaN included", arguments: [false, true])
    func labels(weighted: Bool) {
        var rng = SeededGenerator(seed: 21)
        var logits = Tensor.normal(shape: [7, 3], standardDeviation: 3, using: &rng)
        let labels = [0, 2, 1, 1, 0, 2, 2]
        let loss = SoftmaxCrossEntropy(classWeights: weighted ? [0.5, 2, 1.25] : nil)
        func expectSame(_ logits: Tensor) {
            let (value, cache) = loss.forward(logits: logits, targets: SoftmaxCrossEntropy.oneHot(labels, classes: 3))
            var probabilities = Tensor(zeros: [0])
            var gradient = Tensor(zeros: [0])
            let byLabels = loss.forward(logits: logits, labels: labels, into: &probabilities)
            loss.backward(probabilities: probabilities, labels: labels, into: &gradient)
            #expect(value.bitPattern == byLabels.bitPattern, "\(value) and \(byLabels)")
            #expect(probabilities.scalars.map(\.bitPattern) == cache.probabilities.scalars.map(\.bitPattern))
            #expect(gradient.shape == [7, 3])
            #expect(gradient.scalars.map(\.bitPattern) == loss.backward(cache: cache).scalars.map(\.bitPattern))
        }
        expectSame(logits)
        logits.scalars[3 * 3 + 0] = -.infinity  // not the label's class (1): the loss is NaN
        expectSame(logits)
        var probe = Tensor(zeros: [0])
        #expect(loss.forward(logits: logits, labels: labels, into: &probe).isNaN)
    }

    @Test("The labels' form reuses its tensors and checks its labels")
    func labelsReuseStorage() {
        let loss = SoftmaxCrossEntropy()
        var probabilities = Tensor(zeros: [4, 3])
        let before = probabilities.scalars.withUnsafeBufferPointer { $0.baseAddress }
        _ = loss.forward(logits: Tensor(zeros: [2, 3]), labels: [0, 1], into: &probabilities)
        #expect(probabilities.shape == [2, 3])
        #expect(probabilities.scalars.withUnsafeBufferPointer { $0.baseAddress } == before)
        #expect(throws: LayerError("SoftmaxCrossEntropy expected 4 labels. Received: 3")) {
            try loss.validate(logits: [4, 3], labels: [0, 1, 2])
        }
        #expect(throws: LayerError("SoftmaxCrossEntropy expected labels in 0..<3. Received: 3")) {
            try loss.validate(logits: [2, 3], labels: [0, 3])
        }
    }
}
