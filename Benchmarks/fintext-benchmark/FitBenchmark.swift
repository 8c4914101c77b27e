import ArgumentParser
import CMallocCounter
import FinText
import Foundation

/// Heap allocations and time per step of `Trainer.fit` itself — the batch, the loss, the accuracy count, the
/// step report and the observers around the compiled step that `model` measures — on the study model (or a
/// smaller one), with the data in memory (`LabelledSequences`) or in a sharded dataset on disk
/// (`ShardSequences`, read ahead on a background thread).
///
/// An observer reads `CMallocCounter`'s count at every `stepDidEnd`; a step's allocations are those between
/// the previous step's report and its own. The first `--warm-up-steps` steps of every epoch are not steady
/// state: the first also carries the previous epoch's end (validation, epoch report, checkpoints), and
/// the first steps of a pass fill the read-ahead's buffers.
struct FitBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Trainer.fit: heap allocations and seconds per steady-state step (in memory or from shards).",
        discussion: """
            Example: swift run -c release fintext-benchmark fit --json
                     swift run -c release fintext-benchmark fit --source shards --trace-step 5
            """)

    @Option(help: "Documents per batch.") var batch = 33
    @Option(help: "Training documents (the last batch of an epoch is smaller unless it divides them).")
    var documents = 140
    @Option(help: "Validation documents evaluated after each epoch (0: none).") var validation = 0
    @Option(help: "Epochs.") var epochs = 2
    @OptionGroup var shape: StudyShapeOptions
    @Option(
        help:
            "realistic: lognormal document lengths (mean 4,258) pre-padded with id 0; none: every position is a token.")
    var padding = "realistic"
    @Option(help: "memory: LabelledSequences; shards: a TokenDataset written to a temporary folder.")
    var source = "memory"
    @Option(help: "FinText worker threads on the fast path.") var workers = 2
    @Option(help: "OpenBLAS threads.") var blasThreads = 2
    @Option(help: "Steps at the start of each epoch that are not steady state.") var warmUpSteps = 2
    @Option(help: "Seed of the ids, the weights and the trainer.") var seed: UInt64 = 1
    @Option(
        help:
            "Write every heap allocation of this training step (1-based over the run) to standard error (ALLOC <bytes> and a raw backtrace)."
    )
    var traceStep: Int?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard ["memory", "shards"].contains(source) else { throw ValidationError("--source must be memory or shards") }
        guard ["none", "realistic"].contains(padding) else {
            throw ValidationError("--padding must be none or realistic")
        }
        guard batch >= 1, documents >= 1, epochs >= 1, workers >= 1, blasThreads >= 1, warmUpSteps >= 1 else {
            throw ValidationError(
                "--batch, --documents, --epochs, --workers, --blas-threads and --warm-up-steps must be ≥ 1")
        }
        guard validation >= 0 else { throw ValidationError("--validation must be ≥ 0") }
    }

    /// Reads the allocation counters at every step's end (into storage reserved up front, so it allocates
    /// nothing itself) and switches tracing on for one step.
    final class Recorder: TrainingObserver {
        var calls: [UInt64] = []
        var large: [UInt64] = []
        var batches: [Int] = []
        var seconds: [Double] = []
        var traceStep: Int?

        init(steps: Int, traceStep: Int?) {
            calls.reserveCapacity(steps + 1)
            large.reserveCapacity(steps + 1)
            batches.reserveCapacity(steps)
            seconds.reserveCapacity(steps)
            self.traceStep = traceStep
        }

        func trainingWillBegin(_ start: TrainingStart) throws {
            calls.append(fintext_allocation_calls())
            large.append(fintext_large_allocation_calls())
            if traceStep == 1 { fintext_allocation_trace(1) }
        }

        func stepDidEnd(_ step: StepReport) throws {
            calls.append(fintext_allocation_calls())
            large.append(fintext_large_allocation_calls())
            batches.append(step.batch)
            seconds.append(step.seconds)
            if step.iteration == traceStep { fintext_allocation_trace(0) }
            if let traceStep, step.iteration == traceStep - 1 { fintext_allocation_trace(1) }
        }
    }

    func run() throws {
        BLASThreads.count = blasThreads
        let all = try zipfSequences(
            count: documents + validation, length: shape.length, vocabulary: shape.vocabulary, zipf: shape.zipf,
            realisticPadding: padding == "realistic", seed: seed)
        let model = try randomStudyModel(
            vocabulary: shape.vocabulary, dimension: shape.dimension, length: shape.length, seed: seed)
        var options = FitOptions()
        options.epochs = epochs
        options.batchSize = batch
        options.executionPath = .fast(workers: workers)
        var trainer = Trainer(
            model: model, optimizer: Adam(learningRate: 0.00011, clipping: .value(0.5)), options: options, seed: seed)
        let steps = epochs * ((documents + batch - 1) / batch)
        let recorder = Recorder(steps: steps, traceStep: traceStep)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fit-benchmark-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let training: any TokenBatchSource
        let held: (any TokenBatchSource)?
        if source == "memory" {
            training = all.subset(Array(0..<documents))
            held = validation > 0 ? all.subset(Array(documents..<(documents + validation))) : nil
        } else {
            let dataset = try writeDataset(ids: all.ids, labels: all.labels, folder: folder)
            training = ShardSequences(dataset: dataset, rows: Array(0..<documents), length: shape.length)
            held =
                validation > 0
                ? ShardSequences(
                    dataset: dataset, rows: Array(documents..<(documents + validation)), length: shape.length)
                : nil
        }
        let started = processCPUSeconds()
        try trainer.fit(training: training, validation: held, observers: [recorder])
        let cpu = processCPUSeconds() - started
        fintext_allocation_trace(0)

        var perStep: [Int] = []
        var largePerStep: [Int] = []
        var steady: [Int] = []
        var steadySeconds: [Double] = []
        for s in recorder.batches.indices {
            let count = Int(recorder.calls[s + 1] - recorder.calls[s])
            perStep.append(count)
            largePerStep.append(Int(recorder.large[s + 1] - recorder.large[s]))
            if recorder.batches[s] > warmUpSteps {
                steady.append(count)
                steadySeconds.append(recorder.seconds[s])
            }
        }
        let median = steadySeconds.isEmpty ? 0 : steadySeconds.sorted()[steadySeconds.count / 2]
        let fields: [String: Any] = [
            "name": "fit_\(source)", "steps": perStep.count, "allocations_per_step": perStep,
            "large_allocations_per_step": largePerStep, "steady_steps": steady.count,
            "steady_allocations_total": steady.reduce(0, +), "steady_allocations_max": steady.max() ?? 0,
            "steady_seconds_per_step": median, "cpu_seconds": cpu, "batch": batch, "documents": documents,
            "validation": validation, "epochs": epochs, "length": shape.length, "dimension": shape.dimension,
            "vocabulary": shape.vocabulary, "padding": padding, "workers": workers, "blas_threads": blasThreads,
            "warm_up_steps": warmUpSteps,
        ]
        if json {
            printJSON(fields)
        } else {
            print(
                "Trainer.fit (\(source), batch \(batch) × \(shape.length), D \(shape.dimension), \(workers) workers): "
                    + "\(steady.reduce(0, +)) heap allocations in \(steady.count) steady-state steps "
                    + "(at most \(steady.max() ?? 0) in one; \(format(median * 1000)) ms per step, median); "
                    + "all steps: \(perStep)")
        }
    }

    /// Writes `ids` (`documents + validation` rows of `length`, pre-padded with 0) as a token dataset in
    /// `folder`, each document without its padding, and opens it.
    func writeDataset(ids: [Int32], labels: [Int], folder: String) throws -> TokenDataset {
        var tokenizer = Tokenizer(maxWords: nil)
        tokenizer.fit(on: [(1..<shape.vocabulary).map { "w\($0)" }.joined(separator: " ")])
        let builder = try TokenDatasetBuilder(destination: folder, tokenizer: tokenizer, classes: 3, datasetID: seed)
        var writer = builder.shardWriter()
        for (k, label) in labels.enumerated() {
            let row = ids[(k * shape.length)..<((k + 1) * shape.length)]
            let metadata = DocumentMetadata(
                id: "doc-\(k)", cik: "\(k)", ticker: "T\(k)", company: "Company \(k)", section: "1A",
                industry: "0000", filingDate: "2023-01-01", horizon: "4w", rawReturn: 0, benchmarkReturn: 0,
                excessReturn: 0, label: label)
            writer.append(tokens: Array(row.drop { $0 == 0 }), metadata: metadata)
        }
        let shard = try builder.write(writer, number: 0)
        _ = try builder.finish(shards: [shard], settings: [:])
        return try TokenDataset(folder: folder)
    }
}
