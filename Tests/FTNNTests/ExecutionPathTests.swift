import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("ExecutionPath: fast training is deterministic and matches the reference path", .serialized)
struct ExecutionPathTests {
    private func train(path: ExecutionPath, seed: UInt64) throws -> (weights: [String: Tensor], history: History) {
        let train = try PlantedTask.data(count: 48, seed: 21)
        let validation = try PlantedTask.data(count: 12, seed: 22)
        var options = FitOptions()
        options.epochs = 3
        options.batchSize = 8
        options.executionPath = path
        let model = try PlantedTask.model(seed: 23)
        var trainer = Trainer(model: model, optimizer: Adam(learningRate: 0.01), options: options, seed: seed)
        let history = try trainer.fit(training: train, validation: validation)
        var copy = history
        for i in copy.epochs.indices { copy.epochs[i].seconds = 0 }
        return (trainer.model.namedValues, copy)
    }

    @Test("same seed and workers ⇒ bit-identical weights and history on the fast path (2 workers)")
    func determinism() throws {
        let a = try train(path: .fast(workers: 2), seed: 5)
        let b = try train(path: .fast(workers: 2), seed: 5)
        #expect(a.weights == b.weights)
        #expect(a.history == b.history)
        let other = try train(path: .fast(workers: 2), seed: 6)
        #expect(other.weights != a.weights)
    }

    @Test("a short training run reports the same metrics on both paths within float rounding")
    func sameMetrics() throws {
        let fast = try train(path: .fast(), seed: 5)
        let reference = try train(path: .reference, seed: 5)
        #expect(fast.history.epochs.count == reference.history.epochs.count)
        for (a, b) in zip(fast.history.epochs, reference.history.epochs) {
            #expect(abs(a.loss - b.loss) < 1e-4, "epoch \(a.epoch) loss \(a.loss) vs \(b.loss)")
            #expect(a.accuracy == b.accuracy, "epoch \(a.epoch)")
            #expect(abs((a.validationLoss ?? 0) - (b.validationLoss ?? 0)) < 1e-4, "epoch \(a.epoch)")
            #expect(a.validationAccuracy == b.validationAccuracy, "epoch \(a.epoch)")
        }
        for (name, value) in reference.weights {
            let fastValue = try #require(fast.weights[name])
            let difference = zip(fastValue.scalars, value.scalars).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
            #expect(difference < 1e-4, "\(name): largest difference \(difference)")
        }
    }
}

@Suite("ExecutionPath: the command-line spelling")
struct ExecutionPathArgumentTests {
    @Test("reference, fast and fast:<workers> parse and print back; anything else is refused")
    func spelling() {
        #expect(ExecutionPath(argument: "reference") == .reference)
        #expect(ExecutionPath(argument: "fast") == .fast())
        #expect(ExecutionPath(argument: "fast:3") == .fast(workers: 3))
        for bad in ["", "fast:0", "fast:-1", "fast:x", "Fast", "reference:2"] {
            #expect(ExecutionPath(argument: bad) == nil, "\(bad)")
        }
        for path in [ExecutionPath.reference, .fast(), .fast(workers: 5)] {
            #expect(ExecutionPath(argument: path.description) == path)
        }
    }
}
