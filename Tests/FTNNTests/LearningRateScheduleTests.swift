import FTNN
import FTTestSupport
import Testing

@Suite("LearningRateSchedule")
struct LearningRateScheduleTests {
    @Test("Constant and step decay (Keras ExponentialDecay, staircase)")
    func rates() {
        #expect(LearningRateSchedule.constant(0.00011).rate(atStep: 1000) == 0.00011)
        let decay = LearningRateSchedule.stepDecay(initial: 1, every: 10, factor: 0.5)
        #expect([0, 9, 10, 25].map { decay.rate(atStep: $0) } == [1, 1, 0.5, 0.25])
        #expect(decay.scaled(by: 0.1).rate(atStep: 10) == 0.05)
        #expect(throws: LayerError("Step decay expected every ≥ 1. Received: 0")) {
            try LearningRateSchedule.stepDecay(initial: 1, every: 0, factor: 0.5).validate()
        }
    }
}
