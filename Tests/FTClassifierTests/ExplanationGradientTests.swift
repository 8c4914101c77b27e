import FTNN
import FTTensor
import Foundation
import Testing

@testable import FTClassifier

/// Checks the attribution arithmetic against central differences of the network itself.
@Suite("Explanation gradients")
struct ExplanationGradientTests {
    /// A small untrained study-shaped classifier and one embedded document.
    private func setUp() throws -> (classifier: StockPerformanceClassifier, x: Tensor, float: Sequential, ids: [Int32])
    {
        let words = ExplanationSupport.filler
        let classifier = try ExplanationSupport.classifier(words: words, sequenceLength: 40, seed: 21)
        var rng = SeededGenerator(seed: 4)
        let text = (0..<34).map { _ in words[rng.nextInt(below: words.count)] }.joined(separator: " ")
        let ids = classifier.sequences(for: [ClassifierDocument(id: "d", text: text)])
        let x = try #require(classifier.model.embedding).forward(TokenBatch(ids: ids, batch: 1, length: 40))
        return (classifier, x, Sequential(embedding: nil, namedLayers: classifier.model.layers), ids)
    }

    @Test("∂log p/∂x matches central differences at sampled entries")
    func gradientEntries() throws {
        let (_, x, float, _) = try setUp()
        let (_, label, gradient) = StockPerformanceClassifier.logProbabilityGradient(
            embedded: x, model: float, explainedClass: nil)
        var rng = SeededGenerator(seed: 5)
        let h: Float = 1e-2
        var worst = 0.0
        for _ in 0..<30 {
            let i = 6 * 8 + rng.nextInt(below: 34 * 8)  // a non-padding entry
            var plus = x
            var minus = x
            plus.scalars[i] += h
            minus.scalars[i] -= h
            let numeric =
                (StockPerformanceClassifier.logProbability(of: label, embedded: plus, model: float)
                    - StockPerformanceClassifier.logProbability(of: label, embedded: minus, model: float))
                / Double(2 * h)
            let analytic = Double(gradient.scalars[i])
            worst = max(worst, abs(numeric - analytic) / max(1e-2, abs(analytic)))
            #expect(
                abs(numeric - analytic) <= 2e-3 + 2e-2 * abs(analytic),
                "entry \(i): numeric \(numeric), analytic \(analytic)")
        }
        print("gradient entries: worst relative difference \(worst)")
    }

    @Test("each token's score is the derivative of log p along its own vector, as the explanation reports it")
    func tokenScores() throws {
        let (classifier, x, float, _) = try setUp()
        let (_, label, gradient) = StockPerformanceClassifier.logProbabilityGradient(
            embedded: x, model: float, explainedClass: nil)
        let scores = StockPerformanceClassifier.gradientTimesInput(embedded: x, gradient: gradient)
        #expect(scores[0..<6].allSatisfy { $0 == 0 })  // padding
        let d = 8
        let h: Float = 1e-2
        var worst = 0.0
        for t in 6..<40 {
            // d/dε log p(x with row t scaled by 1 + ε) at ε = 0 is Σ_d x[t,d] ∂log p/∂x[t,d].
            var plus = x
            var minus = x
            for j in (t * d)..<((t + 1) * d) {
                plus.scalars[j] *= 1 + h
                minus.scalars[j] *= 1 - h
            }
            let numeric =
                (StockPerformanceClassifier.logProbability(of: label, embedded: plus, model: float)
                    - StockPerformanceClassifier.logProbability(of: label, embedded: minus, model: float))
                / Double(2 * h)
            worst = max(worst, abs(numeric - scores[t]) / max(1e-2, abs(scores[t])))
            #expect(
                abs(numeric - scores[t]) <= 2e-3 + 2e-2 * abs(scores[t]),
                "position \(t): numeric \(numeric), score \(scores[t])")
        }
        print("token scores: worst relative difference \(worst)")

        // The public explanation reports exactly these scores.
        let words = ExplanationSupport.filler
        var rng = SeededGenerator(seed: 4)
        let document = ClassifierDocument(
            id: "d", text: (0..<34).map { _ in words[rng.nextInt(below: words.count)] }.joined(separator: " "))
        let explanation = classifier.explain(document, passages: 3)
        #expect(explanation.label == label)
        #expect(abs(explanation.totalScore - scores.reduce(0, +)) < 1e-9)
        for passage in explanation.supporting + explanation.opposing {
            let expected = (0..<passage.tokenCount).map { scores[6 + passage.tokenIndex + $0] }
            #expect(passage.keyWordScores == expected)
        }
    }

    @Test("windows: the best non-overlapping sums on each side, ties to the earlier window")
    func windows() {
        let scores: [Double] = [0, 1, 1, 0, 0, -3, 0, 2, 2, 2]
        let support = StockPerformanceClassifier.topWindows(scores, width: 3, count: 5, sign: 1)
        #expect(support.map(\.start) == [7, 0] && support.map(\.score) == [6, 2])
        let against = StockPerformanceClassifier.topWindows(scores, width: 3, count: 5, sign: -1)
        #expect(against.map(\.start) == [3] && against.map(\.score) == [-3])
        #expect(StockPerformanceClassifier.topWindows(scores, width: 3, count: 1, sign: 1).map(\.start) == [7])
        #expect(StockPerformanceClassifier.topWindows([1, 2], width: 3, count: 1, sign: 1).isEmpty)
    }
}

@Suite("Explanation occlusion")
struct ExplanationOcclusionTests {
    @Test("incremental occlusion equals a full forward pass with the window zeroed")
    func incrementalEqualsFull() throws {
        let words = ExplanationSupport.filler
        for (length, pools) in [(40, [2, 2, 2]), (64, [2, 2, 9]), (64, [3, 2, 4])] {
            let classifier = try ExplanationSupport.classifier(
                words: words, sequenceLength: length, poolSizes: pools, seed: 31)
            var rng = SeededGenerator(seed: 6)
            let text = (0..<(length - 5)).map { _ in words[rng.nextInt(below: words.count)] }.joined(separator: " ")
            let ids = classifier.sequences(for: [ClassifierDocument(id: "d", text: text)])
            let x = try #require(classifier.model.embedding).forward(TokenBatch(ids: ids, batch: 1, length: length))
            let float = Sequential(embedding: nil, namedLayers: classifier.model.layers)
            for label in 0..<2 {
                let occlusion = WindowOcclusion(model: float, input: x, label: label)
                // WindowOcclusion recomputes slices with the layers' own code: compare on the reference path.
                let base = StockPerformanceClassifier.logProbability(
                    of: label, embedded: x, model: float, path: .reference)
                #expect(abs(occlusion.baseLogProbability - base) < 1e-9)
                for start in [0, 1, 5, 17, length - 5] {
                    var zeroed = x
                    for j in (start * 8)..<((start + 5) * 8) { zeroed.scalars[j] = 0 }
                    let full =
                        base
                        - StockPerformanceClassifier.logProbability(
                            of: label, embedded: zeroed, model: float, path: .reference)
                    let incremental = occlusion.drop(start: start, width: 5)
                    #expect(
                        abs(full - incremental) <= 1e-5 + 1e-4 * abs(full),
                        "length \(length) pools \(pools) start \(start): \(full) vs \(incremental)")
                }
            }
        }
    }
}
