import ArgumentParser
import FinText
import Foundation

/// Forward and forward+backward time per sample of the study's full-size model, with FLOP counts,
/// achieved GFLOP/s beside the GEMM peak measured in the same run, and per-tap vs im2col Conv1D.
struct LayersBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "Study model (length 10,000, embedding 300, 3 classes): time per sample, GFLOP/s vs GEMM peak.",
        discussion: "Example: swift run -c release fintext-benchmark layers --threads 2 --batch 4")

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Option(help: "Documents per batch.")
    var batch = 4

    @Option(help: "Timed repetitions (the best is reported).")
    var repeats = 3

    @Option(help: "Tokens per document.")
    var length = 10_000

    @Flag(help: "Print one JSON object per measurement.")
    var json = false

    @Flag(help: "Also time each layer's forward and backward pass (one batch).")
    var perLayer = false

    func run() throws {
        BLASThreads.count = threads
        var rng = SeededGenerator(seed: 1)
        let vocabulary = 23_888
        let dimension = 300
        let matrix = Tensor.uniform(shape: [vocabulary, dimension], lower: -0.5, upper: 0.5, using: &rng)
        var model = try StudyModel.make(
            vocabularySize: vocabulary, embeddingDimension: dimension, sequenceLength: length, classes: 3,
            embedding: matrix, seed: 2)
        let ids = (0..<(batch * length)).map { _ in Int32(rng.nextInt(below: vocabulary)) }
        let tokens = TokenBatch(ids: ids, batch: batch, length: length)
        let targets = SoftmaxCrossEntropy.oneHot((0..<batch).map { $0 % 3 }, classes: 3)
        let loss = SoftmaxCrossEntropy()

        // FLOPs (multiply-add = 2) from the layer geometry.
        let shapes = try model.outputShapes(for: [batch, length])
        var forwardFlops = 0.0
        var backwardFlops = 0.0
        var inputShape: Shape = shapes[0]
        for (i, layer) in model.layers.enumerated() {
            if let conv = layer.layer(as: Conv1D.self) {
                let f = conv.forwardFlops(for: inputShape)
                forwardFlops += f
                backwardFlops += i == 0 ? f : 2 * f  // frozen embedding: conv1 computes dW only
            } else if let dense = layer.layer(as: Dense.self) {
                let f = dense.forwardFlops(batch: batch)
                forwardFlops += f
                backwardFlops += 2 * f
            }
            inputShape = shapes[i + 1]
        }

        var forwardBest = Double.infinity
        var stepBest = Double.infinity
        for _ in 0..<repeats {
            var g = SeededGenerator(seed: 3)
            forwardBest = min(
                forwardBest, measureSeconds { _ = model.forward(tokens: tokens, mode: .inference, using: &g) })
            model.zeroGradients()
            stepBest = min(
                stepBest,
                measureSeconds {
                    _ = model.accumulateGradients(tokens: tokens, targets: targets, loss: loss, using: &g)
                })
        }

        // GEMM peak in this run: the im2col shape of conv1 (9996 × 128 × 1500) and one per-tap GEMM (9996 × 128 × 300).
        let outLength = length - 4
        let gemmIm2col = gemmSeconds(m: outLength, n: 128, k: 5 * dimension)
        let gemmTap = gemmSeconds(m: outLength, n: 128, k: dimension)
        let peak = 2 * Double(outLength) * 128 * Double(5 * dimension) / gemmIm2col / 1e9
        let tapPeak = 2 * Double(outLength) * 128 * Double(dimension) / gemmTap / 1e9

        // Conv1 forward for one document: per-tap GEMMs (what Conv1D does) vs im2col copy + one GEMM.
        let conv = model.layers[0].layer(as: Conv1D.self)!
        let x = model.embedding!.forward(TokenBatch(ids: Array(ids[0..<length]), batch: 1, length: length))
        var perTap = Double.infinity
        var im2col = Double.infinity
        for _ in 0..<repeats {
            var g = SeededGenerator(seed: 0)
            perTap = min(perTap, measureSeconds { _ = conv.forward(x, mode: .inference, using: &g) })
            im2col = min(
                im2col,
                measureSeconds {
                    _ = im2colForward(x.scalars, length: length, channels: dimension, weight: conv.weight.value.scalars)
                })
        }

        let forwardGflops = forwardFlops / forwardBest / 1e9
        let stepGflops = (forwardFlops + backwardFlops) / stepBest / 1e9
        if json {
            printJSON([
                "name": "study_model", "batch": batch, "threads": threads, "length": length,
                "forward_seconds_per_sample": forwardBest / Double(batch),
                "step_seconds_per_sample": stepBest / Double(batch),
                "forward_gflop_per_sample": forwardFlops / Double(batch) / 1e9,
                "step_gflop_per_sample": (forwardFlops + backwardFlops) / Double(batch) / 1e9,
                "forward_gflops": forwardGflops, "step_gflops": stepGflops, "gemm_peak_gflops": peak,
                "gemm_tap_gflops": tapPeak,
                "conv1_per_tap_seconds": perTap, "conv1_im2col_seconds": im2col,
                "peak_resident_mb": peakResidentMegabytes() ?? -1,
            ])
            return
        }
        print("Study model, length \(length), embedding \(dimension), batch \(batch), \(threads) OpenBLAS threads")
        print(
            "  forward (inference):      \(format(forwardBest / Double(batch) * 1000)) ms/sample, \(format(forwardFlops / Double(batch) / 1e9)) GFLOP/sample, \(format(forwardGflops)) GFLOP/s"
        )
        print(
            "  forward+backward (train): \(format(stepBest / Double(batch) * 1000)) ms/sample, \(format((forwardFlops + backwardFlops) / Double(batch) / 1e9)) GFLOP/sample, \(format(stepGflops)) GFLOP/s"
        )
        print(
            "  GEMM peak this run: \(format(peak)) GFLOP/s (\(outLength)×128×\(5 * dimension)); per-tap shape \(format(tapPeak)) GFLOP/s (\(outLength)×128×\(dimension))"
        )
        print(
            "  forward at \(format(100 * forwardGflops / peak))% of peak, forward+backward at \(format(100 * stepGflops / peak))%"
        )
        print(
            "  conv1 forward, one document: per-tap GEMMs \(format(perTap * 1000)) ms vs im2col + GEMM \(format(im2col * 1000)) ms (ratio \(format(im2col / perTap))×)"
        )
        if let mb = peakResidentMegabytes() { print("  peak resident memory \(format(mb)) MiB") }
        if perLayer { timeLayers(model, tokens: tokens) }
    }

    /// Forward and backward milliseconds per sample of each stage for one batch in training mode.
    func timeLayers(_ model: Sequential, tokens: TokenBatch) {
        var model = model
        var g = SeededGenerator(seed: 4)
        var x = Tensor(zeros: [0])
        let lookup = measureSeconds { x = model.embedding!.forward(tokens) }
        print("  per layer (ms/sample, forward / backward):")
        print("    embedding  \(format(lookup * 1000 / Double(batch)))")
        var caches = [any Sendable]()
        var inputs = [Tensor]()
        for layer in model.layers {
            var result: (output: Tensor, cache: any Sendable) = (x, 0)
            let seconds = measureSeconds { result = layer.forward(x, mode: .training, using: &g) }
            inputs.append(x)
            caches.append(result.cache)
            x = result.output
            print(
                "    \(layer.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(format(seconds * 1000 / Double(batch)))"
            )
        }
        var dY = Tensor(repeating: 0.01, shape: x.shape)
        for i in model.layers.indices.reversed() {
            var dX: Tensor?
            let seconds = measureSeconds {
                dX = model.layers[i].backward(dY, cache: caches[i], needsInputGradient: i > 0)
            }
            print(
                "    \(model.layers[i].name.padding(toLength: 10, withPad: " ", startingAt: 0)) backward \(format(seconds * 1000 / Double(batch)))"
            )
            if let dX { dY = dX }
        }
    }

    /// Best-of-`repeats` seconds of one `BLAS.gemm` of the given shape.
    func gemmSeconds(m: Int, n: Int, k: Int) -> Double {
        var g = SeededGenerator(seed: 9)
        let a = Tensor.uniform(shape: [m, k], using: &g)
        let b = Tensor.uniform(shape: [k, n], using: &g)
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0..<repeats {
            best = min(
                best,
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            measureSeconds { BLAS.gemm(m: m, n: n, k: k, a: pa, lda: k, b: pb, ldb: n, c: pc, ldc: n) }
                        }
                    }
                })
        }
        return best
    }

    /// The im2col alternative for a kernel-5, stride-1 valid convolution of one document: copy the
    /// `Lout × 5C` patch matrix, then one GEMM with the `[5C, F]` kernel.
    func im2colForward(_ x: [Float], length: Int, channels: Int, weight: [Float]) -> [Float] {
        let k = 5
        let f = weight.count / (k * channels)
        let lOut = length - k + 1
        var patches = [Float](repeating: 0, count: lOut * k * channels)
        patches.withUnsafeMutableBufferPointer { p in
            x.withUnsafeBufferPointer { xx in
                for t in 0..<lOut {
                    _ = UnsafeMutableBufferPointer(rebasing: p[(t * k * channels)..<((t + 1) * k * channels)])
                        .initialize(from: xx[(t * channels)..<((t + k) * channels)])
                }
            }
        }
        var y = [Float](repeating: 0, count: lOut * f)
        patches.withUnsafeBufferPointer { pa in
            weight.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(m: lOut, n: f, k: k * channels, a: pa, lda: k * channels, b: pb, ldb: f, c: pc, ldc: f)
                }
            }
        }
        return y
    }
}
