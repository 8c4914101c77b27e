/// Whole-matrix statistics (caret `confusionMatrix(...)$overall`, plus the probability scores).
///
/// Optional values are `nil` when undefined, never 0 or NaN.
public struct OverallStatistics: Sendable, Equatable {
    /// The number of samples n.
    public let n: Int
    /// Accuracy: correct predictions / n.
    public let accuracy: Double
    /// Lower end of the exact (Clopper–Pearson) 95% interval of the accuracy.
    public let accuracyLower: Double
    /// Upper end of the exact (Clopper–Pearson) 95% interval of the accuracy.
    public let accuracyUpper: Double
    /// The no-information rate: the largest true-class prevalence.
    public let noInformationRate: Double
    /// One-sided exact binomial p-value that the accuracy exceeds the no-information rate.
    public let pValueAccuracyGreaterThanNIR: Double
    /// Cohen's kappa `(p₀ − pₑ) / (1 − pₑ)`; nil when `pₑ = 1` (one class only, both true and predicted).
    public let kappa: Double?
    /// McNemar's test p-value for k = 2 (with continuity correction, as R `mcnemar.test`), Bowker's symmetry test
    /// for k > 2; nil when a pair of off-diagonal cells is empty on both sides (R gives NaN).
    public let mcnemarPValue: Double?
    /// Mean negative log-likelihood of the true class (natural log), probabilities clipped below at
    /// `Double.ulpOfOne`; nil without probabilities.
    public let logLoss: Double?
    /// Multi-class Brier score `(1/n) Σᵢ Σ_c (p_ic − y_ic)²` in [0, 2]; nil without probabilities.
    public let brier: Double?

    /// Computes the statistics of `matrix`, adding probability scores computed elsewhere.
    /// - Precondition: the matrix holds at least one sample.
    public init(matrix: ConfusionMatrix, logLoss: Double? = nil, brier: Double? = nil) {
        let n = matrix.total
        precondition(n > 0, "OverallStatistics expected at least one sample. Received: an empty matrix")
        let k = matrix.classCount
        let total = Double(n)
        let correct = matrix.correct
        self.n = n
        accuracy = Double(correct) / total
        let interval = SpecialFunctions.clopperPearsonInterval(successes: correct, trials: n, confidence: 0.95)
        accuracyLower = interval.lower
        accuracyUpper = interval.upper
        let largestClass = (0..<k).map(matrix.trueCount).max() ?? 0
        noInformationRate = Double(largestClass) / total
        pValueAccuracyGreaterThanNIR = SpecialFunctions.binomialUpperTail(
            successes: correct, trials: n, probability: noInformationRate)
        // Kappa as e1071::classAgreement computes it.
        var chanceAgreement = 0.0
        for c in 0..<k {
            chanceAgreement += Double(matrix.trueCount(c)) * Double(matrix.predictedCount(c))
        }
        chanceAgreement /= total * total
        kappa = chanceAgreement == 1 ? nil : (accuracy - chanceAgreement) / (1 - chanceAgreement)
        mcnemarPValue = OverallStatistics.symmetryTestPValue(matrix)
        self.logLoss = logLoss
        self.brier = brier
    }

    /// McNemar's (k = 2, continuity-corrected when the off-diagonal cells differ) or Bowker's (k > 2) χ² test of
    /// symmetry with k(k − 1)/2 degrees of freedom, as R `mcnemar.test`; nil when some `nᵢⱼ + nⱼᵢ = 0`.
    static func symmetryTestPValue(_ matrix: ConfusionMatrix) -> Double? {
        let k = matrix.classCount
        let m = matrix.counts
        var statistic = 0.0
        for i in 0..<k {
            for j in (i + 1)..<k {
                let sum = m[i][j] + m[j][i]
                if sum == 0 { return nil }
                var difference = Double(abs(m[i][j] - m[j][i]))
                if k == 2 && m[i][j] != m[j][i] { difference -= 1 }
                statistic += difference * difference / Double(sum)
            }
        }
        return SpecialFunctions.chiSquaredUpperTail(statistic, degreesOfFreedom: Double(k * (k - 1) / 2))
    }
}
