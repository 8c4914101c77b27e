#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scores of predicted class probabilities: log loss, multi-class Brier score and one-vs-rest ROC AUC.
public enum ProbabilityScores {
    /// Probabilities are clipped below at this value before the logarithm, as scikit-learn's `log_loss` does
    /// for float64, so that a zero probability for the true class gives a large finite loss.
    public static let logLossFloor = Double.ulpOfOne

    /// Mean `−ln p(true class)` over the samples (scikit-learn `log_loss`, Keras categorical cross-entropy).
    /// - Parameters:
    ///   - trueLabels: class index per sample.
    ///   - probabilities: one row of k probabilities per sample.
    /// - Precondition: equal, non-zero lengths and labels inside each row.
    public static func logLoss(trueLabels: [Int], probabilities: [[Double]]) -> Double {
        check(trueLabels, probabilities)
        var sum = 0.0
        for (label, row) in zip(trueLabels, probabilities) {
            sum -= log(min(max(row[label], logLossFloor), 1))
        }
        return sum / Double(trueLabels.count)
    }

    /// The multi-class Brier score `(1/n) Σᵢ Σ_c (p_ic − y_ic)²` (Brier 1950), in [0, 2]; for two classes it is
    /// twice scikit-learn's binary `brier_score_loss`.
    /// - Precondition: as `logLoss`.
    public static func brier(trueLabels: [Int], probabilities: [[Double]]) -> Double {
        check(trueLabels, probabilities)
        var sum = 0.0
        for (label, row) in zip(trueLabels, probabilities) {
            for (c, p) in row.enumerated() {
                let target = c == label ? 1.0 : 0.0
                sum += (p - target) * (p - target)
            }
        }
        return sum / Double(trueLabels.count)
    }

    /// The area under the ROC curve of `scores` for telling `positives` from the rest, ties counting one half
    /// (the Mann–Whitney U statistic / (n₊ n₋); scikit-learn `roc_auc_score`). Nil when all samples are positive
    /// or all negative. Complexity: O(n log n).
    /// - Precondition: `scores.count == positives.count`.
    public static func rocAUC(scores: [Double], positives: [Bool]) -> Double? {
        precondition(
            scores.count == positives.count,
            "rocAUC expected one score per sample. Received: \(scores.count) scores for \(positives.count) samples")
        let positiveCount = positives.filter { $0 }.count
        let negativeCount = positives.count - positiveCount
        if positiveCount == 0 || negativeCount == 0 { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Sum of the (mid-)ranks of the positives.
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for position in start...end where positives[order[position]] { rankSum += midRank }
            start = end + 1
        }
        let p = Double(positiveCount)
        let q = Double(negativeCount)
        return (rankSum - p * (p + 1) / 2) / (p * q)
    }

    private static func check(_ trueLabels: [Int], _ probabilities: [[Double]]) {
        precondition(
            !trueLabels.isEmpty && trueLabels.count == probabilities.count,
            "ProbabilityScores expected one probability row per sample. Received: \(probabilities.count) rows for \(trueLabels.count) samples"
        )
        for (label, row) in zip(trueLabels, probabilities) {
            precondition(
                label >= 0 && label < row.count,
                "ProbabilityScores expected a label inside its row of \(row.count). Received: \(label)")
        }
    }
}
