import FTNN
import FTTensor
import Foundation
import Testing

/// Lines written by a progress reporter, for checking its warnings.
private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ line: String) {
        lock.lock()
        text += line
        lock.unlock()
    }
    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}

@Suite("Damaged and tampered checkpoints", .serialized)
struct CheckpointValidationTests {
    /// A folder holding the checkpoints of epochs 1 and 2 of a small run.
    private func checkpoints() throws -> (folder: String, options: FitOptions) {
        let folder = NSTemporaryDirectory() + "fintext-checkpoints-\(UUID().uuidString)"
        var options = FitOptions()
        options.epochs = 2
        options.batchSize = 10
        options.checkpoints = CheckpointPolicy(folder: folder, every: 1, keepLast: 2, atBest: false)
        var trainer = Trainer(model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options, seed: 1)
        try trainer.fit(training: try PlantedTask.data(count: 20, seed: 1))
        options.epochs = 4
        return (folder, options)
    }

    /// Rewrites the JSON state of a checkpoint file.
    private func edit(_ path: String, _ change: (inout [String: Any]) -> Void) throws {
        var file = try SafeTensors.read(path)
        let key = Trainer<Adam>.checkpointMetadataKey
        var header = try #require(
            try JSONSerialization.jsonObject(with: Data((file.metadata[key] ?? "").utf8)) as? [String: Any])
        change(&header)
        file.metadata[key] = String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self)
        try file.write(to: path)
    }

    @Test(
        "an impossible epoch counter is refused, naming the field",
        arguments: [-5, 1_000_000_000_000_000_000, 9])
    func completedEpochs(value: Int) throws {
        let (folder, options) = try checkpoints()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try #require(Trainer<Adam>.latestCheckpoint(in: folder))
        try edit(path) { header in
            var trainer = header["trainer"] as? [String: Any] ?? [:]
            trainer["completedEpochs"] = value
            header["trainer"] = trainer
        }
        #expect {
            _ = try Trainer.resume(
                from: path, model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("completedEpochs")
        }
    }

    @Test("a negative learning rate in the optimiser state is refused")
    func negativeLearningRate() throws {
        let (folder, options) = try checkpoints()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try #require(Trainer<Adam>.latestCheckpoint(in: folder))
        try edit(path) { header in header["optimizerSchedule"] = ["constant": ["_0": -1.0]] }
        #expect {
            _ = try Trainer.resume(
                from: path, model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options)
        } throws: { error in
            "\(error)".contains("optimizerSchedule") && "\(error)".contains("-1")
        }
    }

    @Test("a truncated newest checkpoint is skipped with a warning naming it, and the previous one resumes")
    func truncatedNewest() throws {
        let (folder, options) = try checkpoints()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let newest = try #require(Trainer<Adam>.latestCheckpoint(in: folder))
        #expect(newest.hasSuffix("checkpoint-epoch-0002.safetensors"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: newest))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: newest))
        let lines = Lines()
        let trainer = try Trainer.resume(
            newestIn: folder, model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options,
            progress: ProgressReporter(style: .quiet, write: { lines.append($0) }))
        #expect(trainer.state.completedEpochs == 1)
        #expect(lines.value.contains("warning: skipping checkpoint \(newest)"))
    }

    @Test("a folder of unusable checkpoints is an error listing each")
    func noneUsable() throws {
        let (folder, options) = try checkpoints()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for path in Trainer<Adam>.epochCheckpoints(in: folder) {
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect {
            _ = try Trainer.resume(
                newestIn: folder, model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options)
        } throws: { error in
            "\(error)".contains("no usable checkpoint") && "\(error)".contains("checkpoint-epoch-0001")
        }
    }

    @Test("a batch size of Int.max trains on the whole set at once instead of overflowing")
    func hugeBatch() throws {
        var options = FitOptions()
        options.epochs = 1
        options.batchSize = .max
        var trainer = Trainer(model: try PlantedTask.model(seed: 1), optimizer: Adam(), options: options, seed: 1)
        let history = try trainer.fit(
            training: try PlantedTask.data(count: 12, seed: 1), validation: try PlantedTask.data(count: 6, seed: 2))
        #expect(history.epochs.count == 1)
    }
}
