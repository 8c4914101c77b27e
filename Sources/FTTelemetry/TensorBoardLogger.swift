import FTIO
public import FTNN
import Foundation

/// A `TrainingObserver` that writes TensorBoard event files the way Keras's `TensorBoard` callback lays
/// them out: `<logdir>/train/` and `<logdir>/validation/`, one event file each per `fit` call.
///
/// What is written (tags; step = TensorBoard's x axis):
///
/// | run | tag | step | value |
/// |---|---|---|---|
/// | train | `configuration`, `model_summary` | first epoch − 1 | text: the caller's configuration and the fit options; the Keras-style model summary |
/// | train | `batch_loss`, `batch_accuracy` | iteration | running mean over the epoch so far (Keras) |
/// | train | `batch_learning_rate`, `batch_docs_per_second`, `batch_step_seconds` | iteration | this step's |
/// | train | `epoch_loss`, `epoch_accuracy`, `epoch_learning_rate` | epoch − 1 | `history.json`'s `loss`, `accuracy`, `learning_rate` |
/// | train | `epoch_docs_per_second`, `epoch_step_seconds`, `epoch_seconds` | epoch − 1 | training docs/s and mean step time (steps only); the epoch's wall time with validation (`seconds`) |
/// | train | `<layer>/<parameter>/histogram`, `…/gradient_histogram` | epoch − 1 | each trainable parameter's values and its last step's gradient |
/// | validation | `epoch_loss`, `epoch_accuracy` | epoch − 1 | `val_loss`, `val_accuracy` |
/// | validation | `evaluation_loss_vs_iterations`, `evaluation_accuracy_vs_iterations` | iteration | the same, on the step axis (Keras) |
/// | workers/rank-K | `batch_step_seconds` | iteration | rank K's step time, only when a step reports several workers |
///
/// Epochs are counted from 0 on the step axis as in Keras (`history.json`'s epoch 1 is step 0); the
/// iteration is the optimiser's step count after the step (1, 2, …, continuing across epochs and
/// resumes). Scalars are float32 (`simple_value`). All values of one step go into one event.
///
/// Files are flushed to the kernel at most `Options.flushSeconds` apart during an epoch and flushed and
/// synced to disk at the end of every epoch, so TensorBoard shows a run while it trains; a crash leaves
/// every event flushed before it readable. A resumed run adds a new file per run folder whose steps continue
/// from the checkpoint; events the interrupted run wrote after its last checkpoint stay in its own file, so
/// TensorBoard shows two points at those steps.
///
/// Under distributed training, attach the logger on rank 0 only: the trainer hands it all-reduced
/// values and every rank's step time (`StepReport.workerSeconds`), which go to `workers/rank-K`.
public final class TensorBoardLogger: TrainingObserver {
    /// What to log and how often to flush.
    public struct Options: Sendable, Equatable {
        /// Write the per-step scalars every this many steps (Keras `update_freq`); 0 writes none.
        public var stepFrequency = 1
        /// Write weight and gradient histograms at each epoch's end.
        public var histograms = true
        /// Buckets per histogram (TensorBoard's own default: 30).
        public var histogramBuckets = 30
        /// During an epoch, hand buffered events to the kernel once this many seconds have passed since the
        /// last flush (checked after each step).
        public var flushSeconds = 2.0

        /// The defaults.
        public init() {}
    }

    /// The folder holding the `train/` and `validation/` runs.
    public let logdir: String
    /// Text shown under the `configuration` tag before the fit options (markdown; for example the
    /// classifier configuration as JSON, which is shown as code).
    public var configuration: String?
    /// What to log.
    public var options: Options
    /// Wall-clock seconds spent inside the logger (encoding, histograms, writing): its overhead.
    public private(set) var secondsSpent = 0.0

    private var train: EventFileWriter?
    private var validation: EventFileWriter?
    private var workers: [EventFileWriter] = []
    private var lastFlush = DispatchTime.now().uptimeNanoseconds

    /// A logger writing under `logdir` (created with its run folders when training begins).
    public init(logdir: String, configuration: String? = nil, options: Options = Options()) {
        self.logdir = logdir
        self.configuration = configuration
        self.options = options
    }

    /// The event files this logger created, in order of creation.
    public private(set) var files: [String] = []

    /// Opens the run folders' event files and writes the configuration and model summary.
    public func trainingWillBegin(_ start: TrainingStart) throws {
        try measured {
            try closeAll()
            let train = try EventFileWriter(folder: "\(logdir)/train")
            self.train = train
            files.append(train.path)
            if start.validationCount != nil {
                let validation = try EventFileWriter(folder: "\(logdir)/validation")
                self.validation = validation
                files.append(validation.path)
            }
            workers = []
            let summary: String
            do { summary = try start.model.summary(sampleShape: [start.sequenceLength]).description } catch {
                summary = "(no summary: \(error))"
            }
            train.write(
                .summary(
                    step: start.firstEpoch - 1,
                    [
                        SummaryValue(tag: "configuration", .text(configurationText(start))),
                        SummaryValue(tag: "model_summary", .text(Self.codeBlock(summary))),
                    ]))
            try train.flush()
            try validation?.flush()
            lastFlush = DispatchTime.now().uptimeNanoseconds
        }
    }

    /// Writes the step's scalars (every `stepFrequency` steps) and flushes when `flushSeconds` have passed.
    public func stepDidEnd(_ step: StepReport) throws {
        try measured {
            guard let train, options.stepFrequency > 0, step.iteration % options.stepFrequency == 0 else { return }
            train.write(
                .summary(
                    step: step.iteration,
                    [
                        .scalar("batch_loss", step.runningLoss),
                        .scalar("batch_accuracy", step.runningAccuracy),
                        .scalar("batch_learning_rate", step.learningRate),
                        .scalar("batch_docs_per_second", step.documentsPerSecond),
                        .scalar("batch_step_seconds", step.seconds),
                    ]))
            if step.workerSeconds.count > 1 {
                while workers.count < step.workerSeconds.count {
                    let worker = try EventFileWriter(folder: "\(logdir)/workers/rank-\(workers.count)")
                    workers.append(worker)
                    files.append(worker.path)
                }
                for (rank, seconds) in step.workerSeconds.enumerated() {
                    workers[rank].write(.summary(step: step.iteration, [.scalar("batch_step_seconds", seconds)]))
                }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if Double(now - lastFlush) / 1e9 >= options.flushSeconds {
                try flushAll(sync: false)
                lastFlush = now
            }
        }
    }

    /// Writes the epoch's scalars and histograms and flushes every file to disk.
    public func epochDidEnd(_ epoch: EpochReport) throws {
        try measured {
            guard let train else { return }
            let metrics = epoch.metrics
            let step = metrics.epoch - 1
            train.write(
                .summary(
                    step: step,
                    [
                        .scalar("epoch_loss", metrics.loss),
                        .scalar("epoch_accuracy", metrics.accuracy),
                        .scalar("epoch_learning_rate", metrics.learningRate),
                        .scalar("epoch_docs_per_second", epoch.documentsPerSecond),
                        .scalar("epoch_step_seconds", epoch.meanStepSeconds),
                        .scalar("epoch_seconds", metrics.seconds),
                    ]))
            if options.histograms {
                train.write(.summary(step: step, histograms(of: epoch.model)))
            }
            if let validation, let loss = metrics.validationLoss, let accuracy = metrics.validationAccuracy {
                validation.write(
                    .summary(step: step, [.scalar("epoch_loss", loss), .scalar("epoch_accuracy", accuracy)]))
                validation.write(
                    .summary(
                        step: epoch.iterations,
                        [
                            .scalar("evaluation_loss_vs_iterations", loss),
                            .scalar("evaluation_accuracy_vs_iterations", accuracy),
                        ]))
            }
            try flushAll(sync: true)
            lastFlush = DispatchTime.now().uptimeNanoseconds
        }
    }

    /// Flushes and closes every file (also after a failure, so that the events so far stay readable).
    public func trainingDidEnd(_ history: History, failure: TrainingError?) throws {
        try measured { try closeAll() }
    }

    /// `<layer>/<parameter>/histogram` and `…/gradient_histogram` for every trainable parameter, in the
    /// model's parameter order (`conv1.weight` → `conv1/weight/histogram`).
    private func histograms(of model: Sequential) -> [SummaryValue] {
        let values = model.namedValues
        let gradients = model.namedGradients
        var result = [SummaryValue]()
        for name in model.parameterNames {
            let tag = name.replacingOccurrences(of: ".", with: "/")
            if let value = values[name] {
                result.append(
                    SummaryValue(tag: "\(tag)/histogram", .histogram(Histogram(value.scalars, buckets: bucketCount))))
            }
            if let gradient = gradients[name] {
                result.append(
                    SummaryValue(
                        tag: "\(tag)/gradient_histogram",
                        .histogram(Histogram(gradient.scalars, buckets: bucketCount))))
            }
        }
        return result
    }

    private var bucketCount: Int { max(1, options.histogramBuckets) }

    private func configurationText(_ start: TrainingStart) -> String {
        let o = start.options
        var lines = [
            "epochs: \(o.epochs)", "batch size: \(o.batchSize)", "shuffle: \(o.shuffle)",
            "training sequences: \(start.trainingCount)",
            "validation sequences: \(start.validationCount.map(String.init) ?? "none")",
            "sequence length: \(start.sequenceLength)",
            "first epoch: \(start.firstEpoch)", "optimizer steps before: \(start.iterations)",
        ]
        if let weights = o.classWeights { lines.append("class weights: \(weights)") }
        if let stopping = o.earlyStopping {
            lines.append("early stopping: \(stopping.monitor.rawValue), patience \(stopping.patience)")
        }
        if let checkpoints = o.checkpoints { lines.append("checkpoints: \(checkpoints.folder)") }
        let fit = "Fit options:\n\n" + Self.codeBlock(lines.joined(separator: "\n"))
        guard let configuration, !configuration.isEmpty else { return fit }
        return "Configuration:\n\n" + Self.codeBlock(configuration) + "\n\n" + fit
    }

    /// `text` as a markdown code block (every line indented by four spaces), shown verbatim.
    static func codeBlock(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    private func flushAll(sync: Bool) throws(IOError) {
        try train?.flush(sync: sync)
        try validation?.flush(sync: sync)
        for worker in workers { try worker.flush(sync: sync) }
    }

    private func closeAll() throws(IOError) {
        let open = [train, validation].compactMap { $0 } + workers
        train = nil
        validation = nil
        workers = []
        var failure: IOError?
        for writer in open {
            do { try writer.close() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    private func measured(_ body: () throws -> Void) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { secondsSpent += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        try body()
    }
}
