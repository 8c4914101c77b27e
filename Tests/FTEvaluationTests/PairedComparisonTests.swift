import FTEvaluation
import FTTestSupport
import Testing

private struct PairedFixture: Decodable {
    struct TCase: Decodable {
        var differences: [Double]
        var ratio: Double
        var t: Double
        var pValue: Double
    }
    struct McNemarCase: Decodable {
        var first: [Bool]
        var second: [Bool]
        var b: Int
        var c: Int
        var chiSquared: Double
        var pValue: Double
        var exactPValue: Double
    }
    struct ReturnsCase: Decodable {
        var predicted: [Int]
        var scores: [Double]
        var returns: [Double]
        var spread: Double
        var spreadT: Double
        var spreadPValue: Double
        var rankIc: Double
        var rankIcPValue: Double
    }
    var generator: String
    var tTests: [TCase]
    var mcnemar: [McNemarCase]
    var returns: [ReturnsCase]
}

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Paired comparison and finance metrics against SciPy")
struct PairedComparisonTests {
    private static let fixture = try? Fixtures.decode(PairedFixture.self, "paired-tests.json")

    @Test("corrected resampled t-test matches the definition computed with scipy")
    func correctedT() throws {
        let f = try #require(Self.fixture)
        for c in f.tTests {
            let test = PairedComparison.CorrectedResampledTTest(
                differences: c.differences, testToTrainingRatio: c.ratio)
            #expect(close(test.t, c.t), "t \(String(describing: test.t)) vs \(c.t)")
            #expect(close(test.pValue, c.pValue, 1e-8), "p \(String(describing: test.pValue)) vs \(c.pValue)")
            #expect(test.degreesOfFreedom == c.differences.count - 1)
        }
    }

    @Test("McNemar χ² and exact p-values match scipy")
    func mcNemar() throws {
        let f = try #require(Self.fixture)
        for c in f.mcnemar {
            let test = PairedComparison.McNemarTest(firstCorrect: c.first, secondCorrect: c.second)
            #expect(test.firstOnlyCorrect == c.b && test.secondOnlyCorrect == c.c)
            #expect(close(test.chiSquared, c.chiSquared))
            #expect(close(test.pValue, c.pValue, 1e-8), "\(String(describing: test.pValue)) vs \(c.pValue)")
            #expect(
                close(test.exactPValue, c.exactPValue, 1e-8),
                "\(String(describing: test.exactPValue)) vs \(c.exactPValue)")
        }
    }

    @Test("high-minus-low spread (Welch) and rank IC (Spearman) match scipy")
    func returns() throws {
        let f = try #require(Self.fixture)
        for c in f.returns {
            let r = PredictedReturns(
                predictedLabels: c.predicted, scores: c.scores, excessReturns: c.returns,
                labelNames: ["low", "medium", "high"])
            #expect(close(r.spread, c.spread))
            #expect(close(r.spreadT, c.spreadT))
            #expect(
                close(r.spreadPValue, c.spreadPValue, 1e-8),
                "\(String(describing: r.spreadPValue)) vs \(c.spreadPValue)")
            #expect(close(r.rankIC, c.rankIc))
            #expect(
                close(r.rankICPValue, c.rankIcPValue, 1e-8),
                "\(String(describing: r.rankICPValue)) vs \(c.rankIcPValue)")
        }
    }

    @Test("undefined cases are nil, not numbers")
    func undefined() {
        let same = PairedComparison.CorrectedResampledTTest(differences: [0.1, 0.1, 0.1], testToTrainingRatio: 0.25)
        #expect(same.t == nil && same.pValue == nil && same.meanDifference == 0.1)
        let agree = PairedComparison.McNemarTest(firstCorrect: [true, false], secondCorrect: [true, false])
        #expect(agree.pValue == nil && agree.exactPValue == nil)
        let oneSided = PredictedReturns(
            predictedLabels: [1, 1, 2], scores: [0, 1, 2], excessReturns: [0.1, 0.2, 0.3], labelNames: ["l", "m", "h"])
        #expect(oneSided.spread == nil && oneSided.spreadT == nil)
        #expect(oneSided.rankIC == 1)
    }

    @Test("filing-level rule: mean of the sections' probabilities, lowest class on a tie")
    func grouped() {
        let g = GroupedPredictions(
            groups: ["a", "b", "a", "a", "b"],
            probabilities: [[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.5, 0.4], [0.1, 0.4, 0.5], [0.4, 0.4, 0.2]],
            trueLabels: [1, 2, 1, 1, 2])
        #expect(g.groups == ["a", "b"])
        #expect(g.members == [[0, 2, 3], [1, 4]])
        // a: mean (0.2667, 0.4, 0.3333) → medium; b: mean (0.3, 0.3, 0.4) → high.
        #expect(g.predictedLabels == [1, 2])
        #expect(g.trueLabels == [1, 2])
        let tie = GroupedPredictions(
            groups: ["x", "x"], probabilities: [[0.5, 0.5], [0.5, 0.5]], trueLabels: [1, 1])
        #expect(tie.predictedLabels == [0])
    }
}
