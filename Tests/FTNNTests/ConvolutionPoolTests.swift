import FTTensor
import FTTestSupport
import Testing

@testable import FTNN

/// `|a − b| < 1e-4·max(|a|, |b|) + 1e-6·max|b|` elementwise, as in `EmbeddingConvolutionPoolTests`.
private func scaledError(_ a: Tensor, _ b: Tensor) -> Double {
    let scale = b.scalars.reduce(Float(0)) { max($0, abs($1)) }
    return maximumRelativeError(a, b, floor: max(1e-6, 1e-2 * Double(scale)))
}

@Suite("ConvolutionPool: the fused Conv1D → MaxPooling1D with sparse backward agrees with the layers")
struct ConvolutionPoolTests {
    /// Runs the fused kernel and `Conv1D` → `MaxPooling1D` on the same input and output gradient and
    /// compares the output, the input gradient and both parameter gradients.
    private func expectAgreement(
        batch: Int, length: Int, channels: Int, filters: Int, kernel: Int, pool: Int, workers: Int, repeatedRows: Bool,
        tileSize: Int = 4, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var g = SeededGenerator(seed: UInt64(channels * 1000 + kernel * 10 + pool))
        var conv = Conv1D(
            inputChannels: channels, filters: filters, kernelSize: kernel, activation: .elu(),
            kernelInitializer: .lecunUniform,
            biasInitializer: .glorotUniform, using: &g)
        var poolLayer = MaxPooling1D(poolSize: pool)
        var x = Tensor.normal(shape: [batch, length, channels], using: &g)
        if repeatedRows {
            // Runs of equal rows make equal convolution outputs inside a pool window: ties, where the
            // first maximum must win on both paths.
            for n in 0..<batch {
                for t in 0..<length where t % 7 < 4 {
                    for c in 0..<channels { x[n, t, c] = x[n, t - t % 7, c] }
                }
            }
        }
        var fused = try #require(ConvolutionPool(conv: conv, pool: poolLayer, workers: workers))
        #expect(fused.tileSize == (kernel <= 5 ? 4 : 0), sourceLocation: sourceLocation)
        fused.tileSize = tileSize
        let (y, cache) = fused.forward(x, weight: conv.weight.value, bias: conv.bias?.value)
        var rng = SeededGenerator(seed: 1)
        let (z, convCache) = conv.forward(x, mode: .training, using: &rng)
        let (reference, poolCache) = poolLayer.forward(z, mode: .training, using: &rng)
        #expect(y.shape == reference.shape, sourceLocation: sourceLocation)
        #expect(scaledError(y, reference) < 1e-4, "output \(scaledError(y, reference))", sourceLocation: sourceLocation)

        let dy = Tensor.normal(shape: reference.shape, using: &g)
        var weightGradient = Tensor(repeating: 0, shape: conv.weight.value.shape)
        var biasGradient: Tensor? = Tensor(repeating: 0, shape: [filters])
        let dx = fused.backward(
            dy, cache: cache, weight: conv.weight.value, weightGradient: &weightGradient, biasGradient: &biasGradient)
        conv.zeroGradients()
        let dxReference = conv.backward(poolLayer.backward(dy, cache: poolCache), cache: convCache)
        #expect(
            scaledError(dx, dxReference) < 1e-4, "input gradient \(scaledError(dx, dxReference))",
            sourceLocation: sourceLocation)
        #expect(
            scaledError(weightGradient, conv.weight.gradient) < 1e-4,
            "weight gradient \(scaledError(weightGradient, conv.weight.gradient))",
            sourceLocation: sourceLocation)
        #expect(scaledError(biasGradient!, conv.bias!.gradient) < 1e-4, "bias gradient", sourceLocation: sourceLocation)
    }

    @Test(
        "K·C a multiple of 32, of 16 and of neither; pools 2, 5 and 35; ties; 1–3 workers",
        arguments: [
            (channels: 16, kernel: 2, pool: 5, workers: 2),  // K·C = 32
            (channels: 16, kernel: 3, pool: 2, workers: 1),  // 48 = 32 + 16
            (channels: 7, kernel: 3, pool: 5, workers: 3),  // 21 = 16 + 5 single columns
            (channels: 20, kernel: 5, pool: 35, workers: 2),  // 100 = 3·32 + 4
        ])
    func agreement(channels: Int, kernel: Int, pool: Int, workers: Int) throws {
        // Winograd tiles of 4 (the default), 6 (inference plans) and 2, and the direct GEMM; lengths whose
        // rows are not a whole number of tiles.
        for tileSize in [4, 6, 2, 0] {
            for repeated in [false, true] {
                try expectAgreement(
                    batch: 3, length: 90, channels: channels, filters: 13, kernel: kernel, pool: pool, workers: workers,
                    repeatedRows: repeated,
                    tileSize: tileSize)
            }
        }
    }

    @Test("the study's conv2 shape: 128 channels, kernel 5, pool 5, one document longer than a window block")
    func studyShape() throws {
        try expectAgreement(
            batch: 1, length: 204, channels: 128, filters: 128, kernel: 5, pool: 5, workers: 2, repeatedRows: true)
    }

    @Test("kernels of 6 or more taps use the direct GEMM; Winograd agrees with it on long documents with padding runs")
    func winogradAgainstDirect() throws {
        try expectAgreement(
            batch: 2, length: 60, channels: 9, filters: 5, kernel: 7, pool: 3, workers: 2, repeatedRows: false,
            tileSize: 0)
        var g = SeededGenerator(seed: 8)
        let conv = Conv1D(
            inputChannels: 32, filters: 24, kernelSize: 5, activation: .elu(), kernelInitializer: .lecunUniform,
            using: &g)
        var x = Tensor.normal(shape: [2, 1300, 32], using: &g)
        for t in 0..<700 { for c in 0..<32 { x[0, t, c] = x[0, 0, c] } }  // a leading run, as padding gives
        var direct = try #require(ConvolutionPool(conv: conv, pool: MaxPooling1D(poolSize: 5), workers: 2))
        direct.tileSize = 0
        let winograd = try #require(ConvolutionPool(conv: conv, pool: MaxPooling1D(poolSize: 5), workers: 2))
        let a = winograd.forward(x, weight: conv.weight.value, bias: conv.bias?.value)
        let b = direct.forward(x, weight: conv.weight.value, bias: conv.bias?.value)
        #expect(scaledError(a.output, b.output) < 1e-4, "\(scaledError(a.output, b.output))")
        #expect(winograd.forwardFlops(batch: 2, length: 1300) < 0.41 * direct.forwardFlops(batch: 2, length: 1300))
    }

    @Test("results do not depend on how documents are split over workers beyond float rounding, and repeat exactly")
    func determinism() throws {
        var g = SeededGenerator(seed: 3)
        let conv = Conv1D(inputChannels: 12, filters: 10, kernelSize: 3, activation: .elu(), using: &g)
        let x = Tensor.normal(shape: [5, 40, 12], using: &g)
        let dy = Tensor.normal(shape: [5, 7, 10], using: &g)
        func run(_ workers: Int) throws -> (Tensor, Tensor) {
            let fused = try #require(ConvolutionPool(conv: conv, pool: MaxPooling1D(poolSize: 5), workers: workers))
            let (_, cache) = fused.forward(x, weight: conv.weight.value, bias: conv.bias?.value)
            var dW = Tensor(repeating: 0, shape: conv.weight.value.shape)
            var db: Tensor? = Tensor(repeating: 0, shape: [10])
            let dx = fused.backward(dy, cache: cache, weight: conv.weight.value, weightGradient: &dW, biasGradient: &db)
            return (dx, dW)
        }
        let (a, b) = (try run(2), try run(2))
        #expect(a.0 == b.0 && a.1 == b.1)
        let one = try run(1)
        #expect(one.0 == a.0, "the input gradient is per document, so the split cannot change it")
        #expect(scaledError(one.1, a.1) < 1e-5)
    }

    @Test(
        "an inference kernel (no argmax, paired transforms, documents split by work) agrees with the training kernel")
    func inferenceKernel() throws {
        var g = SeededGenerator(seed: 12)
        let conv = Conv1D(inputChannels: 16, filters: 12, kernelSize: 5, activation: .elu(), using: &g)
        var x = Tensor.normal(shape: [5, 400, 16], using: &g)
        // Leading runs of equal rows (padding) of very different lengths, so the split by work is uneven.
        for (doc, run) in [0, 350, 50, 396, 200].enumerated() {
            for t in 0..<run { for c in 0..<16 { x[doc, t, c] = x[doc, 0, c] } }
        }
        var training = try #require(ConvolutionPool(conv: conv, pool: MaxPooling1D(poolSize: 5), workers: 2))
        training.tileSize = ConvolutionPool.inferenceTileSize
        let expected = training.forward(x, weight: conv.weight.value, bias: conv.bias?.value).output
        var byWorkers: [UInt32]?
        for workers in 1...3 {
            var inference = try #require(
                ConvolutionPool(conv: conv, pool: MaxPooling1D(poolSize: 5), workers: workers))
            inference.prepareForInference()
            #expect(!inference.keepsArgmax && inference.tileSize == ConvolutionPool.inferenceTileSize)
            let y = inference.forward(x, weight: conv.weight.value, bias: conv.bias?.value).output
            // Paired transforms (decision 0147) round differently: equal within float rounding, and equal
            // bit for bit whichever worker computes a document.
            let scale = expected.scalars.reduce(Float(0)) { max($0, abs($1)) }
            let error = zip(y.scalars, expected.scalars).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
            #expect(error < 1e-5 * scale, "\(workers) workers: \(error) of \(scale)")
            #expect(y.scalars != expected.scalars, "the paired transforms ran")
            if let previous = byWorkers { #expect(y.scalars.map(\.bitPattern) == previous, "\(workers) workers") }
            byWorkers = y.scalars.map(\.bitPattern)
        }
    }
}
