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

@Suite("ExecutionPlan: workspaces and caches")
struct ExecutionPlanWorkspaceTests {
    private func step(_ plan: inout ExecutionPlan, _ model: inout Sequential, _ tokens: TokenBatch, seed: UInt64)
        throws -> Double
    {
        var rng = SeededGenerator(seed: seed)
        model.zeroGradients()
        let targets = SoftmaxCrossEntropy.oneHot((0..<tokens.batch).map { $0 % 3 }, classes: 3)
        return try plan.accumulateGradients(
            into: &model, tokens: tokens, targets: targets, loss: SoftmaxCrossEntropy(), using: &rng
        ).loss
    }

    @Test("after the first step, training steps of the same shape allocate no workspace memory")
    func steadyState() throws {
        var model = try PlantedTask.model(seed: 23)
        let data = try PlantedTask.data(count: 16, seed: 21)
        let (tokens, _) = data.batch(Array(0..<8)[...])
        var plan = ExecutionPlan(model: model, path: .fast(workers: 2), purpose: .training)
        _ = try step(&plan, &model, tokens, seed: 1)
        let afterFirst = plan.workspaceAllocations
        #expect(afterFirst > 0)
        for seed in 2...4 { _ = try step(&plan, &model, tokens, seed: UInt64(seed)) }
        #expect(plan.workspaceAllocations == afterFirst)
        // A smaller batch fits in the regions already there.
        _ = try step(&plan, &model, data.batch(Array(0..<3)[...]).0, seed: 5)
        #expect(plan.workspaceAllocations == afterFirst)
    }

    @Test("a copy of a plan between forward and backward does not disturb the original's caches")
    func copies() throws {
        let model = try PlantedTask.model(seed: 23)
        let data = try PlantedTask.data(count: 16, seed: 21)
        let (first, _) = data.batch(Array(0..<4)[...])
        let (second, _) = data.batch(Array(4..<8)[...])
        let targets = SoftmaxCrossEntropy.oneHot([0, 1, 2, 0], classes: 3)
        let loss = SoftmaxCrossEntropy()
        var fresh = ExecutionPlan(model: model, path: .fast(workers: 2), purpose: .training)
        var r0 = SeededGenerator(seed: 9)
        let expected = try fresh.lossAndGradients(model, tokens: first, targets: targets, loss: loss, using: &r0)

        var plan = ExecutionPlan(model: model, path: .fast(workers: 2), purpose: .training)
        var trained = model
        trained.zeroGradients()
        var r1 = SeededGenerator(seed: 9)
        let logits = try plan.forward(trained, tokens: first, mode: .training, using: &r1)
        var copy = plan
        var r2 = SeededGenerator(seed: 3)
        _ = try copy.forward(trained, tokens: second, mode: .training, using: &r2)
        let (_, lossCache) = loss.forward(logits: logits, targets: targets)
        _ = plan.backward(loss.backward(cache: lossCache), into: &trained)
        #expect(trained.namedGradients == expected.gradients)
    }
}
