import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

/// Records every call it gets, as one line each.
private final class Recorder: TrainingObserver {
    var lines: [String] = []
    var steps: [StepReport] = []
    var epochs: [EpochReport] = []
    var start: TrainingStart?
    var failure: TrainingError?
    var failAtIteration: Int?

    struct Refused: Error, CustomStringConvertible {
        var description: String { "the recorder refuses this step" }
    }

    func trainingWillBegin(_ start: TrainingStart) throws {
        self.start = start
        lines.append("begin \(start.firstEpoch) \(start.iterations)")
    }
    func epochWillBegin(_ epoch: Int, of epochs: Int) throws { lines.append("epoch \(epoch)/\(epochs)") }
    func stepDidEnd(_ step: StepReport) throws {
        if step.iteration == failAtIteration { throw Refused() }
        steps.append(step)
        lines.append("step \(step.epoch).\(step.batch)/\(step.batches) #\(step.iteration)")
    }
    func epochDidEnd(_ epoch: EpochReport) throws {
        epochs.append(epoch)
        lines.append("end \(epoch.metrics.epoch)")
    }
    func trainingDidEnd(_ history: History, failure: TrainingError?) throws {
        self.failure = failure
        lines.append("done \(history.epochs.count) \(failure == nil ? "ok" : "failed")")
    }
    func note(_ message: String) { lines.append("note \(message)") }
}

@Suite("TrainingObserver: what Trainer.fit reports")
struct TrainingObserverTests {
    private static func trainer(epochs: Int) throws -> Trainer<Adam> {
        var options = FitOptions()
        options.epochs = epochs
        options.batchSize = 8
        return Trainer(
            model: try PlantedTask.model(seed: 7), optimizer: Adam(learningRate: 0.01), options: options, seed: 8)
    }

    @Test("calls come in order with 1-based epochs, batches and global iterations")
    func order() throws {
        let train = try PlantedTask.data(count: 20, seed: 5)  // batches of 8, 8, 4
        let validation = try PlantedTask.data(count: 6, seed: 6)
        var trainer = try Self.trainer(epochs: 2)
        let recorder = Recorder()
        let history = try trainer.fit(training: train, validation: validation, observers: [recorder])
        #expect(
            recorder.lines == [
                "begin 1 0", "epoch 1/2", "step 1.1/3 #1", "step 1.2/3 #2", "step 1.3/3 #3", "end 1",
                "epoch 2/2", "step 2.1/3 #4", "step 2.2/3 #5", "step 2.3/3 #6", "end 2", "done 2 ok",
            ])
        #expect(recorder.start?.trainingCount == 20)
        #expect(recorder.start?.validationCount == 6)
        #expect(recorder.start?.sequenceLength == PlantedTask.length)
        #expect(recorder.steps.map(\.documents) == [8, 8, 4, 8, 8, 4])
        // The last step's running values are the epoch's history row, exactly.
        for (epoch, row) in zip(recorder.epochs, history.epochs) {
            let last = recorder.steps[epoch.iterations - 1]
            #expect(last.runningLoss == row.loss)
            #expect(last.runningAccuracy == row.accuracy)
            #expect(epoch.metrics == row)
            #expect(epoch.steps == 3)
            #expect(epoch.documents == 20)
            #expect(epoch.stepSeconds > 0 && epoch.stepSeconds <= row.seconds)
        }
        #expect(
            recorder.steps.allSatisfy { $0.learningRate == Double(Float(0.01)) && $0.workerSeconds == [$0.seconds] })
        // The running loss is the batch-size-weighted mean of the batch losses.
        let first = recorder.steps.prefix(3)
        let weighted = first.map { $0.loss * Double($0.documents) }.reduce(0, +) / 20
        #expect(abs(weighted - history.epochs[0].loss) < 1e-12)
        // The epoch report's gradients are those of the epoch's last step.
        #expect(recorder.epochs.last?.model.namedGradients == trainer.model.namedGradients)
    }

    @Test("observers cannot change training: weights are bit-identical with and without them")
    func noEffect() throws {
        let train = try PlantedTask.data(count: 20, seed: 5)
        var plain = try Self.trainer(epochs: 2)
        try plain.fit(training: train)
        var watched = try Self.trainer(epochs: 2)
        try watched.fit(training: train, observers: [Recorder(), Recorder()])
        #expect(plain.model.namedValues == watched.model.namedValues)
    }

    @Test("an observer that throws stops training with TrainingError.observer, and every observer hears of it")
    func failure() throws {
        let train = try PlantedTask.data(count: 20, seed: 5)
        var trainer = try Self.trainer(epochs: 2)
        let failing = Recorder()
        failing.failAtIteration = 2
        let other = Recorder()
        #expect(throws: TrainingError.observer("the recorder refuses this step")) {
            try trainer.fit(training: train, observers: [other, failing])
        }
        #expect(other.lines.last == "done 0 failed")
        #expect(failing.failure == .observer("the recorder refuses this step"))
        #expect(trainer.state.completedEpochs == 0)
    }

    @Test("a resumed run begins at the next epoch with the optimiser's step count")
    func resume() throws {
        let train = try PlantedTask.data(count: 20, seed: 5)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("observer-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = FitOptions()
        options.epochs = 1
        options.batchSize = 8
        options.checkpoints = CheckpointPolicy(folder: folder)
        var first = Trainer(
            model: try PlantedTask.model(seed: 7), optimizer: Adam(learningRate: 0.01), options: options, seed: 8)
        try first.fit(training: train)
        options.epochs = 2
        var resumed = try Trainer.resume(
            from: Trainer<Adam>.latestCheckpoint(in: folder)!, model: try PlantedTask.model(seed: 7),
            optimizer: Adam(learningRate: 0.01), options: options)
        let recorder = Recorder()
        try resumed.fit(training: train, observers: [recorder])
        #expect(recorder.lines.first == "begin 2 3")
        #expect(recorder.steps.map(\.iteration) == [4, 5, 6])
    }

    @Test("the progress reporter is an observer printing what it printed before")
    func progressReporter() throws {
        let train = try PlantedTask.data(count: 20, seed: 5)
        let sink = Sink()
        var trainer = try Self.trainer(epochs: 1)
        try trainer.fit(training: train, progress: ProgressReporter(style: .lines) { sink.append($0) })
        let text = sink.text
        #expect(text.hasPrefix("Epoch 1/1 - "))
        #expect(text.hasSuffix("learning_rate: 0.01\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
    }
}
