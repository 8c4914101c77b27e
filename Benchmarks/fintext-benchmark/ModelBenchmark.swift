import ArgumentParser
import CMallocCounter
import FinText
import Foundation

/// Training and inference speed of the study's full-size model, fast path against the reference path.
///
/// One training step is what `Trainer` does per batch: zero gradients, forward (dropout active),
/// softmax cross-entropy, backward (through an `ExecutionPlan`), Adam update. Inference is `ExecutionPlan.probabilities`.
/// Token ids are Zipf–Mandelbrot distributed over the vocabulary (`p(id) ∝ (id + 2.7)^−s`, id 0 is
/// padding), optionally with realistic document lengths pre-padded with id 0, or read from a file
/// (raw little-endian int32, `batch × length`, the format `Benchmarks/compare/compare.py` writes).
struct ModelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Study model training and inference docs/s, peak memory and GFLOP/s (fast vs reference path).",
        discussion: """
            Example: swift run -c release fintext-benchmark model --json
                     swift run -c release fintext-benchmark model --padding realistic --paths fast
            Run each path in its own process (--paths) when comparing peak memory.
            """)

    @Option(help: "Documents per batch.") var batch = 33
    @OptionGroup var shape: StudyShapeOptions
    @Option(
        help:
            "none: every position is a token; realistic: lognormal document lengths (mean 4,258) pre-padded with id 0.")
    var padding = "none"
    @Option(help: "Read the ids from this file (raw int32, batch × length) instead of drawing them.") var idsFile:
        String?
    @Option(help: "Comma-separated paths to measure: fast, reference.") var paths = "fast,reference"
    @Option(help: "Timed training steps and inference calls per path (after one warm-up).") var steps = 3
    @Option(help: "FinText worker threads on the fast path.") var workers = 2
    @Option(help: "OpenBLAS threads.") var blasThreads = 2
    @Option(help: "Seed of the ids and weights.") var seed: UInt64 = 1
    @Option(
        help:
            "Earlier batches (drawn like the measured one) a Predictor has seen before the measured batch, for predict_fast_cached."
    )
    var corpusBatches = 3
    @Flag(help: "Skip training (inference only).") var skipTraining = false
    @Flag(help: "Print one JSON object per measurement.") var json = false
    @Flag(
        help:
            "Write every heap allocation of the last timed training step and inference call to standard error (ALLOC <bytes> and a raw backtrace)."
    )
    var traceAllocations = false
    @Flag(
        help:
            "Keep glibc's default allocator settings instead of the ones FinText's executables apply at start-up (decision 0096), to compare the two."
    )
    var systemAllocator = false

    func validate() throws {
        guard ["none", "realistic"].contains(padding) else {
            throw ValidationError("--padding must be none or realistic")
        }
        guard corpusBatches >= 0 else { throw ValidationError("--corpus-batches must be ≥ 0") }
        guard steps >= 1, workers >= 1, blasThreads >= 1, batch >= 1 else {
            throw ValidationError("--steps, --workers, --blas-threads and --batch must be ≥ 1")
        }
    }

    /// `body` once to warm up and `steps` times timed: the timed calls' seconds and the last call's cost
    /// (CPU time, allocations; with `--trace-allocations` its allocations are written out).
    private func timedCalls(_ body: () throws -> Void) throws -> (seconds: [Double], last: StepCost) {
        var times: [Double] = []
        times.reserveCapacity(steps)  // no allocation of the benchmark's own in a traced call
        var last: StepCost?
        for step in 0...steps {
            fintext_allocation_trace(traceAllocations && step == steps ? 1 : 0)
            defer { fintext_allocation_trace(0) }
            let cost = try StepCost.measure(body)
            if step > 0 { times.append(cost.seconds) }
            last = cost
        }
        return (times, last!)
    }

    func run() throws {
        BLASThreads.count = blasThreads
        let tokens = try makeTokens()
        let distinct = Set(tokens.ids).count
        let paddingFraction = Double(tokens.ids.filter { $0 == 0 }.count) / Double(tokens.ids.count)
        let base = try randomStudyModel(
            vocabulary: shape.vocabulary, dimension: shape.dimension, length: shape.length, seed: seed)
        let targets = SoftmaxCrossEntropy.oneHot((0..<batch).map { $0 % 3 }, classes: 3)
        let flops = flopCounts(base, distinctIds: distinct)
        if !json {
            print(
                "Study model: batch \(batch) × \(shape.length) tokens, D \(shape.dimension), V \(shape.vocabulary); \(distinct) distinct ids per batch, "
                    + "\(format(paddingFraction * 100))% padding; OpenBLAS \(blasThreads) threads, \(workers) FinText workers"
            )
        }
        for pathName in paths.split(separator: ",").map(String.init) {
            guard pathName == "fast" || pathName == "reference" else {
                throw ValidationError("unknown path '\(pathName)'")
            }
            var model = base
            let isFast = pathName == "fast"
            let path: ExecutionPath = isFast ? .fast(workers: workers) : .reference
            var measurements: [(String, [Double], Double, Double)] = []
            var costs: [String: StepCost] = [:]  // the last timed call of each measurement
            var newIdsPerBatch = 0  // name, seconds, flops, reference flops
            if !skipTraining {
                var optimizer = Adam(learningRate: 0.0003, clipping: .value(0.5))
                var rng = SeededGenerator(seed: seed)
                let loss = SoftmaxCrossEntropy()
                var plan = ExecutionPlan(model: model, path: path, purpose: .training)
                let (times, cost) = try timedCalls {
                    model.zeroGradients()
                    _ = try plan.accumulateGradients(
                        into: &model, tokens: tokens, targets: targets, loss: loss, using: &rng)
                    optimizer.update(&model)
                }
                costs["train_\(pathName)"] = cost
                measurements.append(
                    ("train_\(pathName)", times, isFast ? flops.fastTrain : flops.referenceTrain, flops.referenceTrain))
            }
            // Each measurement in its own scope, so its plan's memory is released before the next one runs (as
            // in an application, which does not keep a training plan while it predicts).
            var firstStage: EmbeddingConvolutionPool?
            do {
                var inference = ExecutionPlan(model: model, path: path, purpose: .inference)
                let (times, cost) = try timedCalls { _ = try inference.probabilities(model, tokens: tokens) }
                costs["predict_\(pathName)"] = cost
                measurements.append(
                    (
                        "predict_\(pathName)", times, isFast ? flops.fastForward : flops.referenceForward,
                        flops.referenceForward
                    ))
                firstStage = inference.factorisedFirstStage
            }
            if isFast {
                // A Predictor that has already run `corpusBatches` other batches of the corpus: the timed
                // call computes projections only for the measured batch's ids those batches lacked.
                let earlier = (0..<corpusBatches).map { drawTokens(seed: seed &+ 1000 &+ UInt64($0)) }
                var cachedTimes: [Double] = []
                var newIds: [Int] = []
                for _ in 0...steps {
                    var predictor = Predictor(model: model, path: path)
                    for batch in earlier { _ = try predictor.probabilities(tokens: batch) }
                    let before = predictor.cachedIds
                    var failure: (any Error)?
                    let seconds = measureSeconds {
                        do { _ = try predictor.probabilities(tokens: tokens) } catch { failure = error }
                    }
                    if let failure { throw failure }
                    cachedTimes.append(seconds)
                    newIds.append(predictor.cachedIds - before)
                }
                cachedTimes.removeFirst()
                let stage = firstStage!
                let cachedFlops =
                    flops.fastForward - stage.forwardFlops(distinctIds: distinct)
                    + stage.forwardFlops(distinctIds: newIds.last ?? 0)
                measurements.append(("predict_\(pathName)_cached", cachedTimes, cachedFlops, flops.referenceForward))
                newIdsPerBatch = newIds.last ?? 0
            }
            let peak = peakResidentMegabytes() ?? 0
            for (name, times, executed, referenceFlops) in measurements {
                let median = times.sorted()[times.count / 2]
                var fields: [String: Any] = [
                    "name": name, "docs_per_second": Double(batch) / median, "seconds_per_batch": median,
                    "best_seconds_per_batch": times.min() ?? median, "peak_rss_mb": peak,
                    "distinct_ids_per_batch": distinct,
                    "flops": executed, "gflops": executed / median / 1e9, "reference_flops": referenceFlops,
                    "effective_gflops": referenceFlops / median / 1e9, "padding_fraction": paddingFraction,
                    "batch": batch,
                    "length": shape.length, "workers": isFast ? workers : 1, "blas_threads": blasThreads,
                    "steps": steps,
                ]
                if let cost = costs[name] {
                    fields["cpu_seconds_last_step"] = cost.cpuSeconds
                    fields["allocations_last_step"] = cost.allocations
                    fields["allocated_mb_last_step"] = Double(cost.allocatedBytes) / 1_048_576
                    fields["large_allocations_last_step"] = cost.largeAllocations
                }
                if name.hasSuffix("_cached") {
                    fields["corpus_batches_before"] = corpusBatches
                    fields["new_ids_in_batch"] = newIdsPerBatch
                }
                if json {
                    printJSON(fields)
                } else {
                    print(
                        "\(name): \(format(Double(batch) / median)) docs/s (\(format(median * 1000)) ms per batch, median of \(times.count)), "
                            + "\(format(executed / 1e9)) GFLOP at \(format(executed / median / 1e9)) GFLOP/s "
                            + "(\(format(referenceFlops / median / 1e9)) GFLOP/s reference-equivalent), peak RSS \(format(peak)) MB"
                            + (costs[name].map {
                                "; last call: \(format($0.cpuSeconds)) CPU s, \($0.allocations) heap allocations "
                                    + "(\($0.largeAllocations) of ≥ 64 KiB), \(format(Double($0.allocatedBytes) / 1_048_576)) MB"
                            } ?? ""))
                }
            }
        }
    }

    /// The batch of ids: from `--ids-file`, or drawn.
    func makeTokens() throws -> TokenBatch {
        if let idsFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: idsFile))
            } catch {
                throw ValidationError("\(idsFile): cannot be read (\(error.localizedDescription))")
            }
            guard data.count == batch * shape.length * 4 else {
                throw ValidationError(
                    "\(idsFile) holds \(data.count) bytes; expected \(batch * shape.length * 4) (\(batch) × \(shape.length) int32)"
                )
            }
            let ids = data.withUnsafeBytes { raw in
                (0..<(batch * shape.length)).map {
                    Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))
                }
            }
            guard let bad = ids.firstIndex(where: { $0 < 0 || Int($0) >= shape.vocabulary }) else {
                return TokenBatch(ids: ids, batch: batch, length: shape.length)
            }
            throw ValidationError("\(idsFile): id \(ids[bad]) at index \(bad) is outside 0..<\(shape.vocabulary)")
        }
        return drawTokens(seed: seed)
    }

    /// A batch of Zipf–Mandelbrot ids (with `--padding`) drawn from `seed`.
    func drawTokens(seed: UInt64) -> TokenBatch {
        zipfTokens(
            batch: batch, length: shape.length, vocabulary: shape.vocabulary, zipf: shape.zipf,
            realisticPadding: padding == "realistic",
            seed: seed)
    }

    /// FLOPs of one forward pass and one training step, as each path executes them (multiply-add = 2).
    func flopCounts(_ model: Sequential, distinctIds u: Int) -> (
        referenceForward: Double, referenceTrain: Double, fastForward: Double, fastTrain: Double
    ) {
        var input: Shape = [batch, shape.length, shape.dimension]  // each layer's input shape
        var referenceForward = 0.0
        var referenceBackward = 0.0
        let plan = ExecutionPlan(model: model, path: .fast(workers: workers), purpose: .inference)
        var fastForward = 0.0
        var fastBackward = 0.0
        for (i, layer) in model.layers.enumerated() {
            if let conv = layer.layer(as: Conv1D.self) {
                let f = conv.forwardFlops(for: input)
                referenceForward += f
                // Backward: dW always; dX except for the first convolution (frozen embedding).
                referenceBackward += i == 0 ? f : 2 * f
                if i == 0, let stage = plan.factorisedFirstStage {
                    let gather =
                        Double(batch) * Double(input[1] - conv.kernelSize + 1) * Double(conv.kernelSize * conv.filters)
                    fastForward += stage.forwardFlops(distinctIds: u) + gather
                    fastBackward += stage.forwardFlops(distinctIds: u) + gather
                } else if i > 0, i + 1 < model.layers.count,
                    let pool = model.layers[i + 1].layer(as: MaxPooling1D.self),
                    let fused = ConvolutionPool(conv: conv, pool: pool, workers: workers)
                {
                    // Winograd forward; sparse backward: one multiply-add per pooled maximum and input for
                    // dW and again for dX (decisions 0067, 0073).
                    fastForward += fused.forwardFlops(batch: batch, length: input[1])
                    let pooled = Double((input[1] - conv.kernelSize + 1) / pool.poolSize)
                    fastBackward +=
                        2 * 2 * Double(batch) * pooled * Double(conv.filters * conv.kernelSize * conv.inputChannels)
                } else {
                    fastForward += f
                    fastBackward += i == 0 ? f : 2 * f
                }
            } else if let dense = layer.layer(as: Dense.self) {
                let f = dense.forwardFlops(batch: batch)
                referenceForward += f
                fastForward += f
                referenceBackward += 2 * f
                fastBackward += 2 * f
            }
            input = (try? layer.outputShape(for: input)) ?? input
        }
        return (referenceForward, referenceForward + referenceBackward, fastForward, fastForward + fastBackward)
    }
}
