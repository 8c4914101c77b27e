import FTEvaluation
import Testing

/// The verdict's sentence on the high-minus-low spread (decision 0155).
@Suite("Cross-validation verdict: the excess-return spread")
struct CrossValidationVerdictTests {
    /// A one-model report over filings with the given predicted classes and excess returns (true labels =
    /// predictions, so only the returns sentence matters here).
    private func report(predicted: [Int], returns: [Double]) -> CrossValidationReport {
        let names = ["low", "medium", "high"]
        let probabilities = predicted.map { c in (0..<3).map { $0 == c ? 0.8 : 0.1 } }
        let metrics = ClassificationMetrics(
            trueLabels: predicted, predictedLabels: predicted, probabilities: probabilities, labelNames: names)
        let result = CrossValidationReport.ModelResult(
            model: "network", sectionLevel: metrics, filingLevel: metrics,
            returns: PredictedReturns(
                predictedLabels: predicted, scores: probabilities.map { $0[2] - $0[0] }, excessReturns: returns,
                labelNames: names))
        return CrossValidationReport(
            labelNames: names, scheme: "time", folds: 2, seeds: [1], labelDefinition: "test", context: [:], runs: [],
            models: [result], comparison: nil)
    }

    @Test("one filing called low gives no t-statistic, and the verdict says there is no evidence either way")
    func oneFilingInAClass() throws {
        let predicted = [0] + [Int](repeating: 2, count: 6) + [1, 1]
        let returns = [0.40, -0.01, 0.02, -0.03, 0.01, 0.00, -0.02, 0.05, -0.05]
        let sentence = try #require(report(predicted: predicted, returns: returns).verdict.last)
        #expect(sentence.contains("trail those it called “low”"))
        #expect(sentence.contains("6 filings against 1"))
        #expect(sentence.contains("no evidence either way"))
        #expect(!sentence.contains("t = "))
    }

    @Test("with several filings in both classes the spread comes with its counts, t and p")
    func enoughFilings() throws {
        let predicted = [0, 0, 0, 0, 2, 2, 2, 2, 1]
        let returns = [-0.10, -0.08, -0.12, -0.09, 0.10, 0.12, 0.08, 0.11, 0.0]
        let sentence = try #require(report(predicted: predicted, returns: returns).verdict.last)
        #expect(sentence.contains("beat those it called “low”"))
        #expect(sentence.contains("4 filings against 4 (t = "))
        #expect(sentence.hasSuffix(")."))
    }
}
