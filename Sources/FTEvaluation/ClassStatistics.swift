/// One-vs-rest statistics of one class (caret `confusionMatrix(...)$byClass`, with the definitions of issue 8).
///
/// Optional values are `nil` when undefined (a division by zero), never 0 or NaN.
public struct ClassStatistics: Sendable, Equatable {
    /// The class's name.
    public let label: String
    /// True positives: samples of this class predicted as it.
    public let truePositives: Int
    /// True negatives: samples of other classes predicted as another class.
    public let trueNegatives: Int
    /// False positives: samples of other classes predicted as this class.
    public let falsePositives: Int
    /// False negatives: samples of this class predicted as another class.
    public let falseNegatives: Int
    /// `(TP + FN) / n`, the share of samples that are of this class.
    public let prevalence: Double
    /// Sensitivity (recall) `TP / (TP + FN)`; nil when the class never occurs.
    public let sensitivity: Double?
    /// Specificity `TN / (TN + FP)`; nil when every sample is of this class.
    public let specificity: Double?
    /// Precision (positive predictive value) `TP / (TP + FP)`; nil when the class is never predicted.
    public let precision: Double?
    /// Negative predictive value `TN / (TN + FN)`; nil when the class is always predicted.
    public let negativePredictiveValue: Double?
    /// Detection rate `TP / n`.
    public let detectionRate: Double
    /// Detection prevalence `(TP + FP) / n`, the share of samples predicted as this class.
    public let detectionPrevalence: Double
    /// `(sensitivity + specificity) / 2`; nil when either is undefined.
    public let balancedAccuracy: Double?
    /// F1 `2TP / (2TP + FP + FN)`: 0 for a class that occurs but is never predicted; nil only when the class
    /// neither occurs nor is predicted.
    public let f1: Double?
    /// One-vs-rest ROC AUC of this class's probability; nil without probabilities or when only one of
    /// "this class" / "another class" occurs.
    public let rocAUC: Double?

    /// Computes the statistics of class `index` from `matrix`, with an optional ROC AUC computed elsewhere.
    /// - Precondition: `index` is a class of `matrix` and the matrix holds at least one sample.
    public init(matrix: ConfusionMatrix, index: Int, label: String, rocAUC: Double? = nil) {
        precondition(
            index >= 0 && index < matrix.classCount,
            "ClassStatistics expected a class index in 0..<\(matrix.classCount). Received: \(index)")
        let n = matrix.total
        precondition(n > 0, "ClassStatistics expected at least one sample. Received: an empty matrix")
        let tp = matrix.counts[index][index]
        let fn = matrix.trueCount(index) - tp
        let fp = matrix.predictedCount(index) - tp
        let tn = n - tp - fn - fp
        self.label = label
        truePositives = tp
        trueNegatives = tn
        falsePositives = fp
        falseNegatives = fn
        let total = Double(n)
        prevalence = Double(tp + fn) / total
        sensitivity = ratio(tp, tp + fn)
        specificity = ratio(tn, tn + fp)
        precision = ratio(tp, tp + fp)
        negativePredictiveValue = ratio(tn, tn + fn)
        detectionRate = Double(tp) / total
        detectionPrevalence = Double(tp + fp) / total
        if let sensitivity, let specificity {
            balancedAccuracy = (sensitivity + specificity) / 2
        } else {
            balancedAccuracy = nil
        }
        f1 = ratio(2 * tp, 2 * tp + fp + fn)
        self.rocAUC = rocAUC
    }
}

/// `numerator / denominator`, or nil when the denominator is 0.
func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
    denominator == 0 ? nil : Double(numerator) / Double(denominator)
}
