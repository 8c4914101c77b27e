import FTEvaluation
import FTTestSupport
import Foundation
import Testing

/// R caret 6.0.93 `confusionMatrix` output (Fixtures/generate_caret_reference.R → caret_reference.json).
struct CaretFixture: Decodable {
    struct Case: Decodable {
        struct Overall: Decodable {
            let accuracy, kappa, accuracyCiLower, accuracyCiUpper: Double?
            let noInformationRate, pValueAccuracyGtNir, mcnemarPValue: Double?
        }
        struct PerClass: Decodable {
            let sensitivity, specificity, posPredValue, negPredValue, precision, recall, f1: Double?
            let prevalence, detectionRate, detectionPrevalence, balancedAccuracy: Double?
        }
        struct Baselines: Decodable {
            let uniformPValue, majorityPValue, prevalenceMatchedAccuracy, prevalenceMatchedPValue: Double
        }
        let name: String
        let matrix: [[Int]]
        let overall: Overall
        let perClass: [PerClass]
        let baselines: Baselines
    }
    let cases: [Case]
}

/// scikit-learn values for the same matrices (Fixtures/generate_sklearn_reference.py → sklearn_reference.json).
struct SklearnFixture: Decodable {
    struct Averages: Decodable { let precision, recall, f1: Double }
    struct Matrix: Decodable {
        let name: String
        let matrix: [[Int]]
        let precision, recall, f1, npv: [Double?]
        let macro, weighted: Averages
        let kappa: Double?
    }
    struct ProbabilityCase: Decodable {
        let name: String
        let classes: Int
        let `true`, predicted: [Int]
        let probabilities: [[Double]]
        let logLoss, brier, brierSklearnUnscaled: Double
        let rocAuc: [Double?]
    }
    let matrices: [Matrix]
    let probabilityCases: [ProbabilityCase]
}

private func metrics(_ matrix: [[Int]]) -> ClassificationMetrics {
    ClassificationMetrics(
        confusionMatrix: ConfusionMatrix(counts: matrix),
        labelNames: matrix.indices.map { "c\($0 + 1)" })
}

@Suite struct ClassificationMetricsTests {
    @Test func goldenSetCoversTheRequiredCases() throws {
        let fixture = try Fixtures.decode(CaretFixture.self, "caret_reference.json")
        #expect(fixture.cases.count >= 15)
        #expect(Set(fixture.cases.map { $0.matrix.count }) == [2, 3, 4, 5])
        let all = fixture.cases.map { ConfusionMatrix(counts: $0.matrix) }
        let k = { (m: ConfusionMatrix) in 0..<m.classCount }
        // A class never predicted, and a class never present.
        #expect(all.contains { m in k(m).contains { m.predictedCount($0) == 0 && m.trueCount($0) > 0 } })
        #expect(all.contains { m in k(m).contains { m.trueCount($0) == 0 && m.predictedCount($0) > 0 } })
        #expect(all.contains { $0.correct == $0.total })  // perfect
        #expect(all.contains { m in k(m).contains { m.predictedCount($0) == m.total } })  // all one class predicted
        #expect(all.contains { $0.total > 5000 } && all.contains { $0.total < 10 })
    }

    @Test func overallAndPerClassMatchCaret() throws {
        let fixture = try Fixtures.decode(CaretFixture.self, "caret_reference.json")
        for c in fixture.cases {
            let m = metrics(c.matrix)
            let o = m.overall
            expectAgree(o.accuracy, c.overall.accuracy, "\(c.name) accuracy")
            expectAgree(o.kappa, c.overall.kappa, "\(c.name) kappa")
            expectAgree(o.accuracyLower, c.overall.accuracyCiLower, "\(c.name) CI lower")
            expectAgree(o.accuracyUpper, c.overall.accuracyCiUpper, "\(c.name) CI upper")
            expectAgree(o.noInformationRate, c.overall.noInformationRate, "\(c.name) NIR")
            expectAgree(o.pValueAccuracyGreaterThanNIR, c.overall.pValueAccuracyGtNir, "\(c.name) p(acc > NIR)")
            expectAgree(o.mcnemarPValue, c.overall.mcnemarPValue, "\(c.name) McNemar/Bowker")
            for (s, r) in zip(m.perClass, c.perClass) {
                let what = "\(c.name) \(s.label)"
                expectAgree(s.sensitivity, r.sensitivity, "\(what) sensitivity")
                expectAgree(s.specificity, r.specificity, "\(what) specificity")
                expectAgree(s.precision, r.precision, "\(what) precision")
                expectAgree(s.prevalence, r.prevalence, "\(what) prevalence")
                expectAgree(s.detectionRate, r.detectionRate, "\(what) detection rate")
                expectAgree(s.detectionPrevalence, r.detectionPrevalence, "\(what) detection prevalence")
                expectAgree(s.balancedAccuracy, r.balancedAccuracy, "\(what) balanced accuracy")
                // caret's Bayes-form NPV and its F1 = 2PR/(P+R) are undefined in more cases than issue 8's
                // TN/(TN+FN) and 2TP/(2TP+FP+FN); where caret defines them they must agree.
                if r.negPredValue != nil { expectAgree(s.negativePredictiveValue, r.negPredValue, "\(what) NPV") }
                if r.f1 != nil { expectAgree(s.f1, r.f1, "\(what) F1") }
            }
            expectAgree(m.baselines.uniformChance.pValue, c.baselines.uniformPValue, "\(c.name) p vs uniform")
            expectAgree(m.baselines.majorityClass.pValue, c.baselines.majorityPValue, "\(c.name) p vs majority")
            expectAgree(
                m.baselines.prevalenceMatched.accuracy, c.baselines.prevalenceMatchedAccuracy,
                "\(c.name) prevalence-matched accuracy")
            expectAgree(
                m.baselines.prevalenceMatched.pValue, c.baselines.prevalenceMatchedPValue,
                "\(c.name) p vs prevalence-matched")
        }
    }

    @Test func scoresAndAveragesMatchScikitLearn() throws {
        let fixture = try Fixtures.decode(SklearnFixture.self, "sklearn_reference.json")
        for c in fixture.matrices {
            let m = metrics(c.matrix)
            for (i, s) in m.perClass.enumerated() {
                let what = "\(c.name) \(s.label)"
                expectAgree(s.precision, c.precision[i], "\(what) precision")
                expectAgree(s.sensitivity, c.recall[i], "\(what) recall")
                expectAgree(s.f1, c.f1[i], "\(what) F1")
                expectAgree(s.negativePredictiveValue, c.npv[i], "\(what) NPV")
            }
            expectAgree(m.macro.precision, c.macro.precision, "\(c.name) macro precision")
            expectAgree(m.macro.recall, c.macro.recall, "\(c.name) macro recall")
            expectAgree(m.macro.f1, c.macro.f1, "\(c.name) macro F1")
            expectAgree(m.weighted.precision, c.weighted.precision, "\(c.name) weighted precision")
            expectAgree(m.weighted.recall, c.weighted.recall, "\(c.name) weighted recall")
            expectAgree(m.weighted.f1, c.weighted.f1, "\(c.name) weighted F1")
            expectAgree(m.overall.kappa, c.kappa, "\(c.name) kappa (sklearn)")
        }
    }

    @Test func probabilityScoresMatchScikitLearn() throws {
        let fixture = try Fixtures.decode(SklearnFixture.self, "sklearn_reference.json")
        for c in fixture.probabilityCases {
            let m = ClassificationMetrics(
                trueLabels: c.true, predictedLabels: c.predicted,
                probabilities: c.probabilities,
                labelNames: (0..<c.classes).map { "c\($0)" })
            expectAgree(m.overall.logLoss, c.logLoss, "\(c.name) log loss")
            expectAgree(m.overall.brier, c.brier, "\(c.name) Brier")
            expectAgree(m.overall.brier, c.brierSklearnUnscaled, "\(c.name) Brier (sklearn)")
            for (s, auc) in zip(m.perClass, c.rocAuc) { expectAgree(s.rocAUC, auc, "\(c.name) \(s.label) ROC AUC") }
        }
    }

    @Test func theStudysMatrixGivesItsPublishedNumbers() {
        // shared/reference/study.md: accuracy 0.5027 (92/183), kappa 0.2548, recall .623/.468/.417, precision .452/.744/.417.
        let m = metrics([[38, 3, 20], [18, 29, 15], [28, 7, 25]])
        #expect(m.confusionMatrix.correct == 92 && m.overall.n == 183)
        #expect(abs(m.overall.accuracy - 0.5027) < 5e-5)
        #expect(abs((m.overall.kappa ?? 0) - 0.2548) < 5e-5)
        let recall = m.perClass.map { $0.sensitivity ?? -1 }
        let precision = m.perClass.map { $0.precision ?? -1 }
        for (value, published) in zip(recall, [0.623, 0.468, 0.417]) { #expect(abs(value - published) < 5e-4) }
        for (value, published) in zip(precision, [0.452, 0.744, 0.417]) { #expect(abs(value - published) < 5e-4) }
        // Their p-value 0.133 used the wrong orientation; against the NIR (62/183) the model is far better.
        #expect(m.overall.pValueAccuracyGreaterThanNIR < 1e-5)
    }

    @Test func undefinedValuesAreNilNotZero() {
        // Class c2 never occurs and is never predicted; c3 occurs but is never predicted.
        let m = metrics([[4, 0, 0], [0, 0, 0], [2, 0, 0]])
        let absent = m.perClass[1]
        #expect(
            absent.sensitivity == nil && absent.precision == nil && absent.f1 == nil && absent.balancedAccuracy == nil)
        #expect(absent.specificity == 1)
        let neverPredicted = m.perClass[2]
        #expect(neverPredicted.precision == nil && neverPredicted.f1 == 0 && neverPredicted.sensitivity == 0)
        #expect(m.overall.mcnemarPValue == nil)
        // Macro averages count all three labels, undefined as 0: precision (4/6 + 0 + 0) / 3.
        #expect(abs(m.macro.precision - (4.0 / 6.0) / 3) < 1e-15)
        let degenerate = metrics([[0, 0], [0, 10]])
        #expect(degenerate.overall.kappa == nil)
    }

    @Test func labelVectorsAndMatrixAgree() {
        let t = [0, 0, 1, 2, 2, 2, 1, 0]
        let p = [0, 1, 1, 2, 0, 2, 1, 0]
        let fromLabels = ClassificationMetrics(
            trueLabels: t, predictedLabels: p, probabilities: nil,
            labelNames: ["a", "b", "c"])
        #expect(fromLabels.confusionMatrix.counts == [[2, 1, 0], [0, 2, 0], [1, 0, 2]])
        #expect(fromLabels.confusionMatrix.rowNormalized[1] == [0, 1, 0])
        #expect(!fromLabels.hasProbabilityScores && fromLabels.perClass.allSatisfy { $0.rocAUC == nil })
    }
}
