import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

private func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "fintext-trainer-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func withoutSeconds(_ history: History) -> History {
    var copy = history
    for i in copy.epochs.indices { copy.epochs[i].seconds = 0 }
    return copy
}

@Suite("Trainer.fit", .serialized)
struct TrainerTests {
    @Test("the reduced study model learns planted 5-grams to near-perfect validation accuracy")
    func learns() throws {
        let train = try PlantedTask.data(count: 600, seed: 1)
        let validation = try PlantedTask.data(count: 60, seed: 2)
        var options = FitOptions()
        options.epochs = 40
        options.batchSize = 16
        options.earlyStopping = EarlyStopping(monitor: .validationAccuracy, patience: 30, restore: .always)
        var trainer = Trainer(
            model: try PlantedTask.model(seed: 3), optimizer: Adam(learningRate: 0.005), options: options, seed: 4)
        // The user hook ends training once validation is perfect.
        let history = try trainer.fit(training: train, validation: validation) { $0.validationAccuracy ?? 0 < 1 }
        let (_, accuracy) = trainer.evaluate(validation)
        #expect(
            accuracy >= 0.95, "validation accuracy \(accuracy); history \(history.epochs.map(\.validationAccuracy))")
        #expect(history.epochs.first!.loss > history.epochs.last!.loss)
    }

    @Test("two runs with one seed give bit-identical weights and history")
    func determinism() throws {
        let train = try PlantedTask.data(count: 60, seed: 5)
        let validation = try PlantedTask.data(count: 15, seed: 6)
        var options = FitOptions()
        options.epochs = 3
        options.batchSize = 8
        func run() throws -> (weights: [String: Tensor], history: History) {
            var trainer = Trainer(
                model: try PlantedTask.model(seed: 7), optimizer: Adam(learningRate: 0.01), options: options, seed: 8)
            let history = try trainer.fit(training: train, validation: validation)
            return (trainer.model.namedValues, withoutSeconds(history))
        }
        let a = try run()
        let b = try run()
        #expect(a.weights == b.weights)
        #expect(a.history == b.history)
        var other = options
        other.epochs = 3
        var different = Trainer(
            model: try PlantedTask.model(seed: 7), optimizer: Adam(learningRate: 0.01), options: other, seed: 9)
        try different.fit(training: train, validation: validation)
        #expect(different.model.namedValues != a.weights)
    }

    @Test("a run resumed from an epoch-2 checkpoint ends bit-identical to an uninterrupted one")
    func resume() throws {
        let train = try PlantedTask.data(count: 60, seed: 10)
        let validation = try PlantedTask.data(count: 15, seed: 11)
        var options = FitOptions()
        options.epochs = 5
        options.batchSize = 7
        options.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 10, restore: .onStop)
        options.reduceOnPlateau = ReduceLearningRateOnPlateau(factor: 0.5, patience: 1)
        let adam = Adam(learningRate: 0.01, clipping: .value(0.5))

        var full = Trainer(model: try PlantedTask.model(seed: 12), optimizer: adam, options: options, seed: 13)
        let fullHistory = try full.fit(training: train, validation: validation)

        let folder = temporaryFolder()
        var interrupted = options
        interrupted.epochs = 2
        interrupted.checkpoints = CheckpointPolicy(folder: folder, every: 1, keepLast: 2)
        var first = Trainer(model: try PlantedTask.model(seed: 12), optimizer: adam, options: interrupted, seed: 13)
        try first.fit(training: train, validation: validation)
        let path = try #require(Trainer<Adam>.latestCheckpoint(in: folder))
        #expect(path.hasSuffix("checkpoint-epoch-0002.safetensors"))

        // A fresh process would rebuild the model from its configuration: different seed, same shapes.
        var resumed = try Trainer.resume(
            from: path, model: try PlantedTask.model(seed: 999), optimizer: adam, options: options)
        #expect(resumed.state.completedEpochs == 2)
        let resumedHistory = try resumed.fit(training: train, validation: validation)
        #expect(resumed.model.namedValues == full.model.namedValues)
        #expect(withoutSeconds(resumedHistory) == withoutSeconds(fullHistory))
        #expect(resumed.optimizer.exportState() == full.optimizer.exportState())
    }

    @Test("resuming on different data is refused")
    func resumeOtherData() throws {
        let folder = temporaryFolder()
        var options = FitOptions()
        options.epochs = 1
        options.checkpoints = CheckpointPolicy(folder: folder)
        var trainer = Trainer(model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options, seed: 1)
        try trainer.fit(training: try PlantedTask.data(count: 12, seed: 1))
        options.epochs = 2
        var resumed = try Trainer.resume(
            from: try #require(Trainer<Adam>.latestCheckpoint(in: folder)), model: try PlantedTask.model(seed: 1),
            optimizer: Adam(),
            options: options)
        #expect(throws: TrainingError.self) { try resumed.fit(training: try PlantedTask.data(count: 12, seed: 2)) }
    }

    @Test("keeps the newest checkpoints, and the best one matches the restored weights")
    func checkpointFiles() throws {
        let folder = temporaryFolder()
        var options = FitOptions()
        options.epochs = 4
        options.batchSize = 10
        options.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 10, restore: .always)
        options.checkpoints = CheckpointPolicy(folder: folder, every: 1, keepLast: 2, atBest: true)
        var trainer = Trainer(
            model: try PlantedTask.model(seed: 2), optimizer: Adam(learningRate: 0.02), options: options, seed: 3)
        try trainer.fit(
            training: try PlantedTask.data(count: 40, seed: 3), validation: try PlantedTask.data(count: 12, seed: 4))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(
            names == [
                "checkpoint-best.safetensors", "checkpoint-epoch-0003.safetensors", "checkpoint-epoch-0004.safetensors",
            ])
        let best = try SafeTensors.read(folder + "/checkpoint-best.safetensors")
        for (name, value) in trainer.model.namedValues {
            #expect(try best.tensor("model/\(name)") == value, "\(name)")
        }
    }

    @Test("a NaN in the inputs stops training with a message naming epoch and batch")
    func nonFinite() throws {
        var model = try PlantedTask.model(seed: 1)
        var table = try #require(model.embedding).table
        table[7, 0] = .nan
        model.embedding = Embedding(matrix: table)
        var ids = [Int32](repeating: 6, count: 3 * PlantedTask.length)
        ids[5] = 7
        let data = try LabelledSequences(ids: ids, length: PlantedTask.length, labels: [0, 1, 2], classes: 3)
        var options = FitOptions()
        options.shuffle = false
        options.batchSize = 1
        var trainer = Trainer(model: model, optimizer: Adam(), options: options, seed: 1)
        #expect(throws: TrainingError.nonFinite(epoch: 1, batch: 1, what: "the loss")) {
            try trainer.fit(training: data)
        }
    }

    @Test("bad data and options are rejected before training")
    func validation() throws {
        #expect(throws: TrainingError.self) {
            try LabelledSequences(rows: [[1, 2], [3]], labels: [0, 1], classes: 2)
        }
        #expect(throws: TrainingError.self) { try LabelledSequences(rows: [[1, 2]], labels: [5], classes: 3) }
        let tooShort = try LabelledSequences(rows: [[1, 2, 3]], labels: [0], classes: 3)
        var trainer = Trainer(model: try PlantedTask.model(seed: 1), optimizer: Adam(), seed: 1)
        #expect(throws: TrainingError.self) { try trainer.fit(training: tooShort) }
        let outOfVocabulary = try LabelledSequences(
            ids: [Int32](repeating: 99, count: PlantedTask.length), length: PlantedTask.length, labels: [0], classes: 3)
        #expect(throws: TrainingError.self) { try trainer.fit(training: outOfVocabulary) }
        var options = FitOptions()
        options.batchSize = 0
        trainer.options = options
        #expect(throws: TrainingError.self) { try trainer.fit(training: try PlantedTask.data(count: 3, seed: 1)) }
    }
}
