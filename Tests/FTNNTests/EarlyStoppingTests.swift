import FTNN
import Testing

private func epoch(_ n: Int, valLoss: Double?, valAccuracy: Double? = nil) -> EpochMetrics {
    EpochMetrics(
        epoch: n, loss: 1, accuracy: 0.5, validationLoss: valLoss, validationAccuracy: valAccuracy, learningRate: 1e-3,
        seconds: 0)
}

@Suite("EarlyStopping (Keras semantics)")
struct EarlyStoppingTests {
    /// Feeds a scripted sequence and returns (stop epoch, best epoch, restore flag).
    func run(_ values: [Double], _ stopping: EarlyStopping) -> (stop: Int?, best: Int?, restore: Bool) {
        var s = stopping
        for (i, v) in values.enumerated() {
            if case .stop(let restore) = s.update(with: epoch(i + 1, valLoss: v)) {
                return (i + 1, s.bestEpoch, restore)
            }
        }
        return (nil, s.bestEpoch, s.restoresAtEnd)
    }

    @Test("stops after `patience` epochs without improvement and points at the best epoch")
    func patience() {
        let r = run([1.0, 0.8, 0.7, 0.75, 0.71, 0.9, 0.6], EarlyStopping(patience: 3, restore: .onStop))
        #expect(r.stop == 6)
        #expect(r.best == 3)
        #expect(r.restore)
    }

    @Test("min_delta: a gain smaller than it is no improvement")
    func minDelta() {
        let r = run([1.0, 0.95, 0.91, 0.89, 0.5], EarlyStopping(minDelta: 0.1, patience: 2))
        // 0.95 and 0.91 improve by < 0.1 on 1.0; the second of them exhausts patience 2.
        #expect(r.stop == 3)
        #expect(r.best == 1)
        #expect(r.restore == false)  // restore policy .never
    }

    @Test("patience 0 stops at the first non-improving epoch after the first")
    func zeroPatience() {
        #expect(run([0.5, 0.6], EarlyStopping(patience: 0)).stop == 2)
        #expect(run([0.5, 0.4, 0.3], EarlyStopping(patience: 0)).stop == nil)
    }

    @Test("maximised quantities and start_from_epoch")
    func maximiseAndStart() {
        var s = EarlyStopping(monitor: .validationAccuracy, patience: 1, startFromEpoch: 2)
        #expect(s.update(with: epoch(1, valLoss: nil, valAccuracy: 0.9)) == .proceed(isBest: false))
        #expect(s.update(with: epoch(2, valLoss: nil, valAccuracy: 0.1)) == .proceed(isBest: false))
        #expect(s.update(with: epoch(3, valLoss: nil, valAccuracy: 0.4)) == .proceed(isBest: true))
        #expect(s.update(with: epoch(4, valLoss: nil, valAccuracy: 0.3)) == .stop(restoreBest: false))
        #expect(s.stoppedEpoch == 4 && s.bestEpoch == 3)
    }

    @Test("policy .always restores at the end when no early stop happened; Keras's .onStop does not")
    func restoreAtEnd() {
        let values = [1.0, 0.5, 0.7]
        #expect(run(values, EarlyStopping(patience: 5, restore: .always)) == (nil, 2, true))
        #expect(run(values, EarlyStopping(patience: 5, restore: .onStop)) == (nil, 2, false))
    }

    @Test("a missing monitored value never stops training")
    func missingValue() {
        var s = EarlyStopping(patience: 0)
        for n in 1...5 { #expect(s.update(with: epoch(n, valLoss: nil)) == .proceed(isBest: false)) }
    }
}
