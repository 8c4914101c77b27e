import FTNN
import Foundation
import Testing

@Suite("Softmax")
struct SoftmaxTests {
    let logits: [Float] = [2, -1, 0.5, 2]

    @Test("the three precisions agree, and log-probabilities match the log of probabilities")
    func precisionsAgree() {
        let double = Softmax.probabilities(logits)
        var float = logits
        float.withUnsafeMutableBufferPointer { Softmax.normalizeRows($0, width: 4) }
        let lse = logits.withUnsafeBufferPointer { Softmax.lossLogSumExp($0) }
        let z = logits.map(Double.init)
        let expected = z.map { exp($0) / z.reduce(0) { $0 + exp($1) } }
        for j in 0..<4 {
            #expect(abs(double[j] - expected[j]) < 1e-15)
            #expect(abs(Double(float[j]) - expected[j]) < 1e-7)
            #expect(abs(exp(z[j] - lse) - expected[j]) < 1e-7)
            #expect(abs(Softmax.logProbability(logits, of: j) - log(expected[j])) < 1e-14)
        }
        #expect(abs(double.reduce(0, +) - 1) < 1e-15)
    }

    @Test("large logits do not overflow; a near-certain class keeps the precision of its log-probability")
    func stability() {
        let p = Softmax.probabilities([1000, 0, -1000])
        #expect(p[0] == 1 && p.allSatisfy { $0.isFinite })
        #expect(abs(Softmax.logProbability([40, 0], of: 1) - -40) < 1e-12)
        var rows: [Float] = [1000, 999, -1000, 0]
        rows.withUnsafeMutableBufferPointer { Softmax.normalizeRows($0, width: 2) }
        #expect(rows.allSatisfy { $0.isFinite })
    }

    @Test("the predicted class is the largest probability, the lowest index on ties")
    func predictedClass() {
        #expect(Softmax.predictedClass([0.2, 0.5, 0.3]) == 1)
        #expect(Softmax.predictedClass([0.4, 0.2, 0.4]) == 0)
        #expect(Softmax.predictedClass([0.1, 0.45, 0.45]) == 1)
        #expect(Softmax.predictedClass(Softmax.probabilities(logits)) == 0)
        #expect(Softmax.predictedClass([]) == 0)
    }
}
