import FTNN
import FTTestSupport
import Testing

@Suite("ReduceLearningRateOnPlateau")
struct ReduceLearningRateOnPlateauTests {
    @Test("Reduces after `patience` epochs without improvement, then waits out the cooldown")
    func plateau() {
        var optimizer = Adam(learningRate: 0.1)
        var rule = ReduceLearningRateOnPlateau(factor: 0.5, patience: 2, cooldown: 1, minLearningRate: 0.02)
        let losses = [1.0, 0.9, 0.9, 0.95, 0.9, 0.9, 0.9, 0.9, 0.9]
        var reductions = [Bool]()
        for loss in losses { reductions.append(rule.observe(loss, optimizer: &optimizer)) }
        // Keras's logic: epochs 3-4 wait 1, 2 → reduce at 4 (0.05); epoch 5 ends the cooldown and counts
        // wait 1; epoch 6 → reduce (0.025); epoch 8 → reduce, floored at minLearningRate (0.02).
        #expect(reductions == [false, false, false, true, false, true, false, true, false])
        #expect(abs(optimizer.schedule.rate(atStep: 0) - 0.02) < 1e-7)
        for _ in 0..<6 { #expect(!rule.observe(0.9, optimizer: &optimizer)) }  // already at the floor
    }
}
