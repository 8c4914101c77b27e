/// Precision, recall and F1 averaged over every label, scikit-learn `classification_report` style: an
/// undefined per-class value counts as 0, and every label counts, present or not.
public struct AveragedScores: Sendable, Equatable {
    /// The averaged precision.
    public let precision: Double
    /// The averaged recall (sensitivity).
    public let recall: Double
    /// The averaged per-class F1 (not the F1 of the averaged precision and recall).
    public let f1: Double

    /// Averages the per-class scores with `weights` (one per class, summing to 1).
    /// - Precondition: `weights.count == perClass.count`.
    public init(perClass: [ClassStatistics], weights: [Double]) {
        precondition(
            weights.count == perClass.count,
            "AveragedScores expected one weight per class. Received: \(weights.count) for \(perClass.count)")
        var p = 0.0
        var r = 0.0
        var f = 0.0
        for (statistics, weight) in zip(perClass, weights) {
            p += weight * (statistics.precision ?? 0)
            r += weight * (statistics.sensitivity ?? 0)
            f += weight * (statistics.f1 ?? 0)
        }
        precision = p
        recall = r
        f1 = f
    }

    /// The unweighted mean over all k labels (`average="macro"`).
    public static func macro(_ perClass: [ClassStatistics]) -> AveragedScores {
        AveragedScores(perClass: perClass, weights: Array(repeating: 1 / Double(perClass.count), count: perClass.count))
    }

    /// The mean weighted by each label's true count (`average="weighted"`).
    /// - Precondition: at least one sample.
    public static func weighted(_ perClass: [ClassStatistics]) -> AveragedScores {
        let supports = perClass.map { Double($0.truePositives + $0.falseNegatives) }
        let total = supports.reduce(0, +)
        precondition(total > 0, "AveragedScores.weighted expected at least one sample. Received: none")
        return AveragedScores(perClass: perClass, weights: supports.map { $0 / total })
    }
}
