import FTIO
public import FTTensor
import Foundation

/// Trains a token model (Keras `model.fit`): mini-batches, shuffling, validation, callbacks, progress,
/// checkpoints and a numerical guard.
///
/// The trainer owns the model, the optimiser and a `TrainerState`; all three are values, and
/// `checkpoint()` captures them in one safetensors file from which `resume` continues bit-identically
/// (same data, seed and BLAS thread count). One step is `model.zeroGradients()`, forward and backward of
/// the mean loss of the batch, then `optimizer.update(&model)`; `Sequential.lossAndGradients` is the same
/// step as a pure function, for data-parallel training.
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
    ///   - training: The training sequences.
    ///   - validation: Sequences evaluated after each epoch (inference mode), or nil.
    ///   - progress: The display.
    ///   - onEpochEnd: A user hook called after each epoch's metrics; return false to stop.
    /// - Returns: The history (also in `state.history`).
    /// - Throws: `TrainingError` for incompatible data, a non-finite loss or gradient (naming epoch and
    ///   batch; checkpoints already written are kept), or a checkpoint that cannot be written.
    @discardableResult
    public mutating func fit(
        training: LabelledSequences, validation: LabelledSequences? = nil,
        progress: ProgressReporter = ProgressReporter(style: .quiet),
        onEpochEnd: ((EpochMetrics) -> Bool)? = nil
    ) throws(TrainingError) -> History {
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
        if let policy = options.checkpoints {
            do { try AtomicFile.createFolder(policy.folder) } catch { throw .checkpoint("\(error)") }
        }
        var reporter = progress
        let loss = SoftmaxCrossEntropy(classWeights: options.classWeights)
        while state.completedEpochs < options.epochs && !state.stopped {
            let epoch = state.completedEpochs + 1
            let started = DispatchTime.now().uptimeNanoseconds
            var rng = state.generator
            let order = options.shuffle ? rng.permutation(training.count) : Array(0..<training.count)
            // A batch never holds more than the data (and the sums below cannot overflow for any batchSize).
            let batchSize = min(options.batchSize, max(1, training.count))
            let batches = (training.count + batchSize - 1) / batchSize
            let learningRate = Double(optimizer.schedule.rate(atStep: optimizer.iterations))
            reporter.epochBegan(epoch, of: options.epochs)
            var lossSum = 0.0
            var correct = 0
            var seen = 0
            for b in 0..<batches {
                let slice = order[(b * batchSize)..<min(training.count, (b + 1) * batchSize)]
                let (tokens, labels) = training.batch(slice)
                model.zeroGradients()
                let (logits, cache) = model.forward(tokens: tokens, mode: .training, using: &rng)
                let targets = SoftmaxCrossEntropy.oneHot(labels, classes: training.classes)
                let (value, lossCache) = loss.forward(logits: logits, targets: targets)
                guard value.isFinite else { throw .nonFinite(epoch: epoch, batch: b + 1, what: "the loss") }
                _ = model.backward(loss.backward(cache: lossCache), cache: cache)
                if let name = firstNonFiniteGradient() {
                    throw .nonFinite(epoch: epoch, batch: b + 1, what: "the gradient of \(name)")
                }
                optimizer.update(&model)
                lossSum += value * Double(labels.count)
                correct += Self.correctCount(logits: logits, labels: labels)
                seen += labels.count
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                reporter.batchEnded(
                    b + 1, of: batches, runningLoss: lossSum / Double(seen),
                    runningAccuracy: Double(correct) / Double(seen),
                    elapsed: elapsed)
            }
            var metrics = EpochMetrics(
                epoch: epoch, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                validationLoss: nil,
                validationAccuracy: nil, learningRate: learningRate, seconds: 0)
            if let validation {
                let result = evaluate(validation)
                metrics.validationLoss = result.loss
                metrics.validationAccuracy = result.accuracy
            }
            metrics.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            reporter.epochEnded(metrics, of: options.epochs)
            state.history.epochs.append(metrics)
            state.generator = rng
            state.completedEpochs = epoch

            if var plateau = state.reduceOnPlateau, let value = metrics.value(of: options.plateauMonitor) {
                if plateau.observe(value, optimizer: &optimizer) {
                    reporter.message(
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
                    reporter.message("Epoch \(epoch): early stopping.")
                    if restoreBest, let best = bestWeights {
                        try restore(best)
                        reporter.message(
                            "Restoring model weights from the end of the best epoch: \(stopping.bestEpoch ?? 0).")
                    }
                }
                state.history.bestEpoch = stopping.bestEpoch
                state.history.monitor = stopping.monitor
                state.earlyStopping = stopping
            }
            if let onEpochEnd, !onEpochEnd(metrics) {
                state.stopped = true
                reporter.message("Epoch \(epoch): stopped by the epoch callback.")
            }
            let finished = state.stopped || state.completedEpochs == options.epochs
            if finished, let stopping = state.earlyStopping, stopping.restoresAtEnd, let best = bestWeights {
                try restore(best)
                reporter.message("Restoring model weights from the end of the best epoch: \(stopping.bestEpoch ?? 0).")
            }
            if let policy = options.checkpoints {
                if epoch % policy.every == 0 || finished { try writeCheckpoint(policy: policy, epoch: epoch) }
                if isBest && policy.atBest {
                    try writeFile(checkpoint(), to: "\(policy.folder)/checkpoint-best.safetensors")
                }
            }
        }
        return state.history
    }

    /// Mean loss (unweighted) and accuracy of the model on `data` in inference mode.
    public func evaluate(_ data: LabelledSequences) -> (loss: Double, accuracy: Double) {
        let size = min(options.validationBatchSize ?? options.batchSize, max(1, data.count))
        let loss = SoftmaxCrossEntropy()
        var rng = SeededGenerator(seed: 0)  // inference mode draws nothing
        var total = 0.0
        var correct = 0
        var start = 0
        let indices = Array(0..<data.count)
        while start < data.count {
            let slice = indices[start..<min(data.count, start + size)]
            let (tokens, labels) = data.batch(slice)
            let logits = model.forward(tokens: tokens, mode: .inference, using: &rng).output
            let (value, _) = loss.forward(
                logits: logits, targets: SoftmaxCrossEntropy.oneHot(labels, classes: data.classes))
            total += value * Double(labels.count)
            correct += Self.correctCount(logits: logits, labels: labels)
            start += size
        }
        return (total / Double(data.count), Double(correct) / Double(data.count))
    }

    private mutating func restore(_ weights: [String: Tensor]) throws(TrainingError) {
        do { try model.loadValues(weights) } catch { throw .checkpoint("cannot restore the best weights: \(error)") }
    }

    private func checkCompatible(_ data: LabelledSequences) throws(TrainingError) {
        let shapes: [Shape]
        do { shapes = try model.outputShapes(for: [1, data.length]) } catch {
            throw .incompatible("sequences of length \(data.length): \(error)")
        }
        guard let last = shapes.last, last.rank == 2, last[1] == data.classes else {
            throw .incompatible(
                "the model outputs \(shapes.last?.description ?? "nothing") but the data have \(data.classes) classes")
        }
        if let vocabulary = model.embedding?.vocabularySize, let bad = data.ids.first(where: { Int($0) >= vocabulary })
        {
            throw .incompatible("token id \(bad) is outside the embedding's vocabulary of \(vocabulary)")
        }
    }

    private mutating func firstNonFiniteGradient() -> String? {
        var bad: String?
        model.visitParameters { name, parameter in
            if bad == nil, parameter.gradient.scalars.contains(where: { !$0.isFinite }) { bad = name }
        }
        return bad
    }

    static func correctCount(logits: Tensor, labels: [Int]) -> Int {
        let predicted = logits.argmax(alongAxis: 1)
        return zip(predicted, labels).filter { $0 == $1 }.count
    }
}
