import FTIO
public import FTTensor
import Foundation

/// Trains a token model (Keras `model.fit`): mini-batches, shuffling, validation, callbacks, progress,
/// checkpoints and a numerical guard.
///
/// The trainer owns the model, the optimiser and a `TrainerState`; all three are values, and
/// `checkpoint()` captures them in one safetensors file from which `resume` continues bit-identically
/// (same data, seed and BLAS thread count). One step is `model.zeroGradients()`, forward and backward of
/// the mean loss of the batch through an `ExecutionPlan` compiled once for `options.executionPath` (its
/// workspaces live as long as the trainer), then, in a data-parallel run (`FitOptions.parallel`), the
/// all-reduce of the gradients the plan wrote into the model, then `optimizer.update(&model)`.
public struct Trainer<O: Optimizer>: Sendable {
    /// The model being trained.
    public var model: Sequential
    /// The optimiser (its state is part of checkpoints).
    public var optimizer: O
    /// How `fit` runs.
    public var options: FitOptions
    /// Epoch counter, generator, history and callback state.
    public internal(set) var state: TrainerState
    /// The best epoch's weights, kept while early stopping may restore them.
    public internal(set) var bestWeights: [String: Tensor]?
    /// The training plan, compiled on the first step for `options.executionPath`.
    private var plan: ExecutionPlan?
    /// The validation plan, kept across epochs so its projection table's memory is reused (its rows are
    /// forgotten before each pass: the weights changed).
    private var validating: ExecutionPlan?
    /// The steps' other reused memory (batch, loss tensors), kept across epochs like `plan`.
    private var buffers: StepBuffers?

    /// A trainer at epoch 0.
    /// - Parameter seed: Seeds shuffling and dropout (weights are seeded when the model is built).
    public init(model: Sequential, optimizer: O, options: FitOptions = FitOptions(), seed: UInt64) {
        self.model = model
        self.optimizer = optimizer
        self.options = options
        self.state = TrainerState(seed: seed)
        self.state.earlyStopping = options.earlyStopping
        self.state.reduceOnPlateau = options.reduceOnPlateau
    }

    /// Trains until the epochs run out, early stopping ends it, or `onEpochEnd` returns false.
    ///
    /// Continues from `state.completedEpochs`, so calling it on a resumed trainer finishes the run.
    /// - Parameters:
    ///   - training: The training sequences (in memory, or any other `TokenBatchSource`; batches from
    ///     sources that prefer it are read ahead on a background thread).
    ///   - validation: Sequences evaluated after each epoch (inference mode), or nil.
    ///   - progress: The display (the first observer).
    ///   - observers: Further observers (for example a TensorBoard log), called in order after `progress`.
    ///   - onEpochEnd: A user hook called after each epoch's metrics; return false to stop.
    /// - Returns: The history (also in `state.history`).
    /// - Throws: `TrainingError` for incompatible data, a non-finite loss or gradient (naming epoch and
    ///   batch; checkpoints already written are kept), a checkpoint that cannot be written, or an observer
    ///   that failed.
    @discardableResult
    public mutating func fit(
        training: some TokenBatchSource, validation: (any TokenBatchSource)? = nil,
        progress: ProgressReporter = ProgressReporter(style: .quiet), observers: [any TrainingObserver] = [],
        onEpochEnd: ((EpochMetrics) -> Bool)? = nil
    ) throws(TrainingError) -> History {
        if let group = options.parallel {
            try join(group, data: training.fingerprint, validation: validation?.fingerprint)
        } else {
            try checkSingleProcess()
        }
        try options.validate(classes: training.classes)
        try checkCompatible(training)
        if let validation {
            try checkCompatible(validation)
            guard validation.length == training.length, validation.classes == training.classes else {
                throw .incompatible("validation sequences must match the training length and classes")
            }
        }
        if let recorded = state.dataFingerprint, recorded != training.fingerprint {
            throw .checkpoint("the training data differ from the data this run started with; refusing to resume")
        }
        state.dataFingerprint = training.fingerprint
        if let policy = options.checkpoints, isRoot {
            do { try AtomicFile.createFolder(policy.folder) } catch { throw .checkpoint("\(error)") }
        }
        var watchers = ObserverList(isRoot ? [progress] + observers : [])
        do {
            try watchers.call {
                try $0.trainingWillBegin(
                    TrainingStart(
                        model: model, options: options, firstEpoch: state.completedEpochs + 1,
                        iterations: optimizer.iterations, sequenceLength: training.length,
                        trainingCount: training.count, validationCount: validation?.count))
            }
            // The plans' memory is released when fit ends (decision 0077), not kept for the trainer's life.
            defer { (plan, validating, buffers) = (nil, nil, nil) }
            while state.completedEpochs < options.epochs && !state.stopped {
                try runEpoch(training: training, validation: validation, watchers: &watchers, onEpochEnd: onEpochEnd)
            }
        } catch {
            watchers.finish(state.history, failure: error)
            throw error
        }
        try watchers.call { try $0.trainingDidEnd(state.history, failure: nil) }
        return state.history
    }

    /// One epoch of `fit`: the steps, validation, callbacks and checkpoints.
    private mutating func runEpoch(
        training: some TokenBatchSource, validation: (any TokenBatchSource)?, watchers: inout ObserverList,
        onEpochEnd: ((EpochMetrics) -> Bool)?
    ) throws(TrainingError) {
        let loss = SoftmaxCrossEntropy(classWeights: options.classWeights)
        let epoch = state.completedEpochs + 1
        let started = DispatchTime.now().uptimeNanoseconds
        var rng = state.generator
        let order = options.shuffle ? rng.permutation(training.count) : Array(0..<training.count)
        let group = options.parallel
        // A batch never holds more than the data (and the sums below cannot overflow for any batchSize).
        let partition = EpochPartition(
            count: training.count, localBatch: min(options.batchSize, max(1, training.count)),
            ranks: group?.size ?? 1, rank: group?.rank ?? 0)
        let batches = partition.steps
        // This rank's rows of every step in order; whole steps hold `localBatch` rows each, so the stream's
        // batch b is step b's share (the last step's share may be smaller, or empty).
        let stream = BatchStream(
            source: training, order: (0..<batches).flatMap { order[partition.local($0)] }, size: partition.localBatch)
        defer { stream.cancel() }  // stops the read-ahead even when a batch throws
        // Dropout masks: the shared generator alone, or a per-rank one derived from it.
        var masks = group.map { Self.rankGenerator(after: rng, rank: $0.rank) } ?? rng
        let learningRate = Double(optimizer.schedule.rate(atStep: optimizer.iterations))
        try watchers.call { try $0.epochWillBegin(epoch, of: options.epochs) }
        var lossSum = 0.0
        var correct = 0
        var seen = 0
        // The reduced (all ranks') running values that observers see.
        var runningLoss = 0.0
        var runningCorrect = 0
        var runningSeen = 0
        var stepSeconds = 0.0
        var plan = trainingPlan()
        defer { self.plan = plan }
        var buffers = self.buffers.take() ?? StepBuffers()
        defer { self.buffers = buffers }
        for b in 0..<batches {
            let stepStarted = DispatchTime.now().uptimeNanoseconds
            let stepRate = Double(optimizer.schedule.rate(atStep: optimizer.iterations))
            let rows = partition.local(b).count
            model.zeroGradients()
            var value = 0.0
            var right = 0
            if rows > 0 {
                stream.fill(b, into: &buffers.batch)
                let logits: Tensor
                do {
                    logits = try plan.forward(model, tokens: buffers.batch.tokens, mode: .training, using: &masks)
                } catch { throw .incompatible("batch \(b + 1) of epoch \(epoch): \(error.message)") }
                value = loss.forward(logits: logits, labels: buffers.batch.labels, into: &buffers.probabilities)
                guard value.isFinite || group != nil else {
                    throw .nonFinite(epoch: epoch, batch: b + 1, what: "the loss")
                }
                if value.isFinite {
                    loss.backward(
                        probabilities: buffers.probabilities, labels: buffers.batch.labels,
                        into: &buffers.lossGradient)
                    _ = plan.backward(buffers.lossGradient, into: &model)
                }
                right = Self.correctCount(logits: logits, labels: buffers.batch.labels)
            }
            var report = (loss: value, correct: right, rows: rows, seconds: [Double]())
            if let group {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - stepStarted) / 1e9
                let globalRows = partition.global(b).count
                let reduced = try reduceStep(
                    group, rows: rows, globalRows: globalRows, loss: value, correct: right, seconds: seconds)
                guard reduced.lossFinite else { throw .nonFinite(epoch: epoch, batch: b + 1, what: "the loss") }
                report = (reduced.loss, reduced.correct, globalRows, reduced.workerSeconds)
            }
            if let name = firstNonFiniteGradient() {
                throw .nonFinite(epoch: epoch, batch: b + 1, what: "the gradient of \(name)")
            }
            optimizer.update(&model)
            lossSum += value * Double(rows)
            correct += right
            seen += rows
            runningLoss += report.loss * Double(report.rows)
            runningCorrect += report.correct
            runningSeen += report.rows
            let now = DispatchTime.now().uptimeNanoseconds
            let seconds = Double(now - stepStarted) / 1e9
            stepSeconds += seconds
            buffers.workerSeconds[0] = seconds  // in place: the previous step's report is gone
            var step = StepReport(
                epoch: epoch, batch: b + 1, batches: batches, iteration: optimizer.iterations,
                documents: rows, loss: value, runningLoss: lossSum / Double(max(1, seen)),
                runningAccuracy: Double(correct) / Double(max(1, seen)), learningRate: stepRate, seconds: seconds,
                elapsed: Double(now - started) / 1e9, workerSeconds: buffers.workerSeconds)
            if let group {
                group.localStepDidEnd(step)
                step.documents = report.rows
                step.loss = report.loss
                step.runningLoss = runningLoss / Double(runningSeen)
                step.runningAccuracy = Double(runningCorrect) / Double(runningSeen)
                step.workerSeconds = report.seconds
            }
            try watchers.call { try $0.stepDidEnd(step) }
        }
        if group == nil { rng = masks }
        let totals = try Self.total([lossSum, Double(correct), Double(seen)], over: group)
        (lossSum, correct, seen) = (totals[0], Int(totals[1]), Int(totals[2]))
        var metrics = EpochMetrics(
            epoch: epoch, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
            validationLoss: nil,
            validationAccuracy: nil, learningRate: learningRate, seconds: 0)
        if let validation {
            // The validation plan borrows the training plan's workspaces instead of allocating its own (0077).
            var validating = self.validating.take() ?? validationPlan()
            if validating.path != plan.path { validating = validationPlan() }
            validating.forgetProjections()
            plan.exchangeWorkspaces(with: &validating)
            let result = try evaluateShared(validation, group: group, plan: &validating)
            plan.exchangeWorkspaces(with: &validating)
            self.validating = validating
            metrics.validationLoss = result.loss
            metrics.validationAccuracy = result.accuracy
        }
        metrics.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        state.history.epochs.append(metrics)
        state.generator = rng
        state.completedEpochs = epoch
        let report = EpochReport(
            metrics: metrics, epochs: options.epochs, iterations: optimizer.iterations, steps: batches,
            documents: seen, stepSeconds: stepSeconds, model: model)
        try watchers.call { try $0.epochDidEnd(report) }

        if var plateau = state.reduceOnPlateau, let value = metrics.value(of: options.plateauMonitor) {
            if plateau.observe(value, optimizer: &optimizer) {
                watchers.note(
                    "Epoch \(epoch): reducing the learning rate to \(optimizer.schedule.rate(atStep: optimizer.iterations))."
                )
            }
            state.reduceOnPlateau = plateau
        }
        var isBest = false
        if var stopping = state.earlyStopping {
            switch stopping.update(with: metrics) {
            case .proceed(let best):
                isBest = best
                if best && stopping.restore != .never { bestWeights = model.namedValues }
            case .stop(let restoreBest):
                state.stopped = true
                state.history.stoppedEpoch = epoch
                watchers.note("Epoch \(epoch): early stopping.")
                if restoreBest, let best = bestWeights {
                    try restore(best)
                    watchers.note(
                        "Restoring model weights from the end of the best epoch: \(stopping.bestEpoch ?? 0).")
                }
            }
            state.history.bestEpoch = stopping.bestEpoch
            state.history.monitor = stopping.monitor
            state.earlyStopping = stopping
        }
        let stopRequested = try Self.total([onEpochEnd.map { $0(metrics) ? 0 : 1 } ?? 0], over: group)[0] > 0
        if stopRequested {
            state.stopped = true
            watchers.note("Epoch \(epoch): stopped by the epoch callback.")
        }
        let finished = state.stopped || state.completedEpochs == options.epochs
        if finished, let stopping = state.earlyStopping, stopping.restoresAtEnd, let best = bestWeights {
            try restore(best)
            watchers.note("Restoring model weights from the end of the best epoch: \(stopping.bestEpoch ?? 0).")
        }
        if let policy = options.checkpoints, isRoot {
            if epoch % policy.every == 0 || finished { try writeCheckpoint(policy: policy, epoch: epoch) }
            if isBest && policy.atBest {
                try writeFile(checkpoint(), to: "\(policy.folder)/checkpoint-best.safetensors")
            }
        }
    }

    /// True in a single process and on rank 0 of a data-parallel run: the rank that writes checkpoints and
    /// calls the observers.
    public var isRoot: Bool { (options.parallel?.rank ?? 0) == 0 }

    /// The stored training plan, or a new one when there is none or the execution path changed.
    private mutating func trainingPlan() -> ExecutionPlan {
        defer { plan = nil }  // the caller owns it until it stores it back, so it is never copied
        if let plan, plan.path == options.executionPath { return plan }
        return ExecutionPlan(model: model, path: options.executionPath, purpose: .training)
    }

    /// Mean loss (unweighted) and accuracy of the model on `data` in inference mode, on
    /// `options.executionPath` (projections of the first convolution are reused across the batches).
    public func evaluate(_ data: some TokenBatchSource) -> (loss: Double, accuracy: Double) {
        var plan = validationPlan()
        let (total, correct) = evaluate(data, rows: 0..<data.count, plan: &plan)
        return (total / Double(data.count), Double(correct) / Double(data.count))
    }

    /// A plan for validation passes: inference on `options.executionPath`, keeping the first convolution's
    /// projections across the batches of one pass (the weights do not change during it).
    func validationPlan() -> ExecutionPlan {
        ExecutionPlan(model: model, path: options.executionPath, purpose: .fixedWeightInference)
    }

    /// Summed loss and correct count over `rows` of `data` (inference mode, on `plan`).
    func evaluate(_ data: some TokenBatchSource, rows: Range<Int>, plan: inout ExecutionPlan) -> (
        loss: Double, correct: Int
    ) {
        let size = min(options.validationBatchSize ?? options.batchSize, max(1, rows.count))
        let loss = SoftmaxCrossEntropy()
        var rng = SeededGenerator(seed: 0)  // inference mode draws nothing
        var total = 0.0
        var correct = 0
        let stream = BatchStream(source: data, order: Array(rows), size: size)
        defer { stream.cancel() }
        var batch = BatchStream.Batch.empty
        var probabilities = Tensor(zeros: [0])
        for b in 0..<stream.count {
            stream.fill(b, into: &batch)
            // `fit` checked the data against the model (ids in the vocabulary, length accepted).
            let logits = require { () throws(LayerError) in
                try plan.forward(model, tokens: batch.tokens, mode: .inference, using: &rng)
            }
            let value = loss.forward(logits: logits, labels: batch.labels, into: &probabilities)
            total += value * Double(batch.labels.count)
            correct += Self.correctCount(logits: logits, labels: batch.labels)
        }
        return (total, correct)
    }

    private mutating func restore(_ weights: [String: Tensor]) throws(TrainingError) {
        do { try model.loadValues(weights) } catch { throw .checkpoint("cannot restore the best weights: \(error)") }
    }

    private func checkCompatible(_ data: some TokenBatchSource) throws(TrainingError) {
        let shapes: [Shape]
        do { shapes = try model.outputShapes(for: [1, data.length]) } catch {
            throw .incompatible("sequences of length \(data.length): \(error)")
        }
        guard let last = shapes.last, last.rank == 2, last[1] == data.classes else {
            throw .incompatible(
                "the model outputs \(shapes.last?.description ?? "nothing") but the data have \(data.classes) classes")
        }
        if let vocabulary = model.embedding?.vocabularySize, Int(data.largestID) >= vocabulary {
            throw .incompatible("token id \(data.largestID) is outside the embedding's vocabulary of \(vocabulary)")
        }
    }

    private mutating func firstNonFiniteGradient() -> String? {
        var bad: String?
        model.visitParameters { name, parameter in
            if bad == nil, parameter.gradient.scalars.contains(where: { !$0.isFinite }) { bad = name }
        }
        return bad
    }

    /// Rows of the `[N, K]` logits whose largest logit (the first on ties) is the row's label; no allocation.
    static func correctCount(logits: Tensor, labels: [Int]) -> Int {
        var count = 0
        for (row, label) in labels.enumerated() where logits.argmax(ofRow: row) == label { count += 1 }
        return count
    }
}

/// What one step of `Trainer.fit` writes outside its `ExecutionPlan`, reused from step to step so that a
/// steady-state step allocates nothing (decision 0097).
struct StepBuffers {
    /// The batch's ids and labels (`BatchStream.fill`).
    var batch = BatchStream.Batch.empty
    /// The loss's softmax probabilities `[N, K]`.
    var probabilities = Tensor(zeros: [0])
    /// dLoss/dLogits `[N, K]`.
    var lossGradient = Tensor(zeros: [0])
    /// The step report's `workerSeconds` in a single process (one entry).
    var workerSeconds = [0.0]
}
