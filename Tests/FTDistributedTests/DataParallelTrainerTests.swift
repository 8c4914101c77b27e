import FTDistributed
import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

/// The trainer's data-parallel path in one process (the multi-rank runs under mpirun are in
/// CLITests/DistributedTrainingTests).
@Suite("Data-parallel trainer in one process")
struct DataParallelTrainerTests {
    /// PlantedTask's model without dropout, so a one-rank group and a plain process draw nothing differently.
    static func model(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: 1000 + seed)
        let embedding = Tensor.uniform(shape: [PlantedTask.vocabulary, 8], lower: -1, upper: 1, using: &g)
        var configuration = StudyModel.Configuration()
        configuration.filters = 8
        configuration.poolSizes = [2, 2, 2]
        configuration.denseUnits = 8
        configuration.convolutionDropout = 0
        configuration.denseDropout = 0
        return try StudyModel.make(
            vocabularySize: PlantedTask.vocabulary, embeddingDimension: 8, sequenceLength: PlantedTask.length,
            classes: 3, embedding: embedding, configuration: configuration, seed: seed)
    }

    @Test("a one-rank group trains bit-identically to a plain process, validation and early stopping included")
    func oneRankGroup() throws {
        let data = try PlantedTask.data(count: 45, seed: 3)
        let validation = try PlantedTask.data(count: 12, seed: 4)
        var options = FitOptions()
        options.epochs = 3
        options.batchSize = 8
        options.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 1, restore: .always)
        var plain = Trainer(
            model: try Self.model(seed: 1), optimizer: Adam(learningRate: 0.01), options: options, seed: 5)
        try plain.fit(training: data, validation: validation)
        options.parallel = SingleProcessCommunicator()
        var grouped = Trainer(
            model: try Self.model(seed: 1), optimizer: Adam(learningRate: 0.01), options: options, seed: 5)
        try grouped.fit(training: data, validation: validation)
        #expect(plain.model.namedValues == grouped.model.namedValues)
        #expect(plain.state.history.epochs.map(\.loss) == grouped.state.history.epochs.map(\.loss))
        #expect(grouped.state.ranks == 1)
        #expect(WeightsFingerprint.of(plain.model) == WeightsFingerprint.of(grouped.model))
    }

    @Test("a checkpoint taken before the first epoch with early stopping resumes (its +∞ best was unreadable)")
    func checkpointBeforeFirstEpoch() throws {
        var options = FitOptions()
        options.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: 2)
        let trainer = Trainer(model: try Self.model(seed: 1), optimizer: Adam(), options: options, seed: 5)
        let file = try SafeTensors.decode(trainer.checkpoint().encoded(), source: "memory")
        let resumed = try Trainer.resume(
            file: file, source: "memory", model: try Self.model(seed: 2), optimizer: Adam(), options: options)
        #expect(resumed.state == trainer.state)
        #expect(resumed.model.namedValues == trainer.model.namedValues)
    }

    @Test("one process refuses a checkpoint that 2 ranks wrote, naming the rank count")
    func refusesOtherRankCount() throws {
        let data = try PlantedTask.data(count: 16, seed: 3)
        var options = FitOptions()
        options.epochs = 1
        options.batchSize = 8
        var trainer = Trainer(model: try Self.model(seed: 1), optimizer: Adam(), options: options, seed: 5)
        try trainer.fit(training: data)
        var file = trainer.checkpoint()
        let key = Trainer<Adam>.checkpointMetadataKey
        let text = try #require(file.metadata[key])
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var header = try #require(object as? [String: Any])
        var state = try #require(header["trainer"] as? [String: Any])
        state["ranks"] = 2
        header["trainer"] = state
        file.metadata[key] = String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self)
        options.epochs = 2
        var resumed = try Trainer.resume(
            file: file, source: "edited", model: try Self.model(seed: 1), optimizer: Adam(), options: options)
        #expect(throws: TrainingError.self) { try resumed.fit(training: data) }
        do { try resumed.fit(training: data) } catch {
            #expect(error.description.contains("written by a data-parallel run on 2 ranks"), "\(error)")
        }
    }

    @Test("linear scaling multiplies the rate by the ranks; warm-up ramps to it from the one-process rate")
    func learningRateScaling() {
        let base = LearningRateSchedule.constant(0.001)
        #expect(LearningRateScaling(rule: .linear).schedule(base, ranks: 4).rate(atStep: 0) == 0.004)
        #expect(LearningRateScaling(rule: .none).schedule(base, ranks: 4) == base)
        #expect(LearningRateScaling(rule: .linear).schedule(base, ranks: 1) == base)
        let warm = LearningRateScaling(rule: .linear, warmupSteps: 10).schedule(base, ranks: 4)
        #expect(warm.rate(atStep: 0) == 0.001)
        #expect(abs(warm.rate(atStep: 5) - 0.0025) < 1e-9)
        #expect(warm.rate(atStep: 10) == 0.004)
        #expect(warm.rate(atStep: 1000) == 0.004)
        #expect(warm.scaled(by: 0.5).rate(atStep: 20) == 0.002)
        #expect(throws: LayerError.self) {
            try LearningRateSchedule.warmup(start: 0.001, steps: -1, then: base).validate()
        }
    }

    @Test("the single-process communicator returns its inputs; launchers are recognised by their variables")
    func singleProcess() throws {
        let one = SingleProcessCommunicator()
        var floats: [Float] = [1, 2]
        try one.allreduceSum(&floats)
        var counts = [3, 4]
        try one.allreduceSum(&counts)
        #expect(floats == [1, 2] && counts == [3, 4])
        #expect(try one.allgather([7, 8]) == [[7, 8]])
        #expect(try one.allgather(bytes: [1, 2, 3]) == [[1, 2, 3]])
        #expect(one.rank == 0 && one.size == 1)
        #expect(MPICommunicator.startedByLauncher(["OMPI_COMM_WORLD_SIZE": "2"]))
        #expect(MPICommunicator.startedByLauncher(["PMIX_RANK": "0"]))
        #expect(!MPICommunicator.startedByLauncher(["PATH": "/usr/bin"]))
        #expect(throws: DistributedError.self) { try MPICommunicator.start() }
    }
}
