/// What a model must beat on the same evaluation set: uniform chance, always predicting the majority class, and
/// a random guess matching the true class prevalences; each with the exact one-sided binomial p-value that the
/// model's accuracy exceeds the baseline's.
public struct Baselines: Sendable, Equatable {
    /// One baseline's expected accuracy and the model's p-value against it.
    public struct Baseline: Sendable, Equatable {
        /// The baseline's expected accuracy on this evaluation set.
        public let accuracy: Double
        /// `P(X ≥ correct)` for `X ~ Binomial(n, accuracy)`: small values mean the model beats the baseline.
        public let pValue: Double
    }

    /// Guessing uniformly among the k classes: accuracy 1/k.
    public let uniformChance: Baseline
    /// Always predicting the most frequent true class (the first in label order on ties): accuracy = NIR.
    public let majorityClass: Baseline
    /// The label of the majority class.
    public let majorityLabel: String
    /// Guessing class c with probability πc, its true prevalence: expected accuracy Σc πc².
    public let prevalenceMatched: Baseline

    /// Computes the three baselines for `matrix` with class names `labels`.
    /// - Precondition: the matrix holds at least one sample and `labels.count == matrix.classCount`.
    public init(matrix: ConfusionMatrix, labels: [String]) {
        precondition(
            labels.count == matrix.classCount,
            "Baselines expected \(matrix.classCount) labels. Received: \(labels.count)")
        let n = matrix.total
        precondition(n > 0, "Baselines expected at least one sample. Received: an empty matrix")
        let correct = matrix.correct
        func baseline(_ accuracy: Double) -> Baseline {
            Baseline(
                accuracy: accuracy,
                pValue: SpecialFunctions.binomialUpperTail(successes: correct, trials: n, probability: accuracy))
        }
        let counts = (0..<matrix.classCount).map(matrix.trueCount)
        var majority = 0
        for c in counts.indices where counts[c] > counts[majority] { majority = c }
        let prevalences = counts.map { Double($0) / Double(n) }
        uniformChance = baseline(1 / Double(matrix.classCount))
        majorityClass = baseline(Double(counts[majority]) / Double(n))
        majorityLabel = labels[majority]
        prevalenceMatched = baseline(prevalences.reduce(0) { $0 + $1 * $1 })
    }
}
