/// Every statistic of a k-class classifier on one evaluation set: the confusion matrix, overall statistics
/// with exact tests, one-vs-rest statistics per class, macro and weighted averages, baselines and, when class
/// probabilities are given, log loss, Brier score and per-class ROC AUC.
///
/// Definitions follow R caret's `confusionMatrix` and scikit-learn's `classification_report` (docs/evaluation.md).
/// Undefined values are `nil`. Complexity: O(n·k + k²) plus O(k·n log n) for the ROC AUCs.
public struct ClassificationMetrics: Sendable, Equatable {
    /// The class names, in class-index order.
    public let labels: [String]
    /// The confusion matrix (rows true, columns predicted).
    public let confusionMatrix: ConfusionMatrix
    /// Whole-matrix statistics.
    public let overall: OverallStatistics
    /// One-vs-rest statistics, one per label in label order.
    public let perClass: [ClassStatistics]
    /// Unweighted means over all labels of precision, recall and F1.
    public let macro: AveragedScores
    /// Means weighted by true-class counts of precision, recall and F1.
    public let weighted: AveragedScores
    /// Uniform, majority and prevalence-matched baselines with the model's p-values against them.
    public let baselines: Baselines

    /// The most classes FinText evaluates and reports: 100. The report's confusion matrix, per-class tables
    /// and figures grow with the square of the class count; past 100 classes they stop being readable and
    /// the files grow to hundreds of megabytes (decision 0112).
    public static let maximumClasses = 100

    /// Computes the metrics from per-sample class indices.
    /// - Parameters:
    ///   - trueLabels: the true class index of each sample, in `0..<labelNames.count`.
    ///   - predictedLabels: the predicted class index of each sample.
    ///   - probabilities: optional `[n][k]` class probabilities (each row summing to 1) for the probability scores.
    ///   - labelNames: the k ≥ 2 class names.
    /// - Precondition: at least one sample, equal lengths, indices in range, k ≥ 2, rows of k probabilities.
    public init(trueLabels: [Int], predictedLabels: [Int], probabilities: [[Double]]?, labelNames: [String]) {
        precondition(!trueLabels.isEmpty, "ClassificationMetrics expected at least one sample. Received: none")
        let k = labelNames.count
        let matrix = ConfusionMatrix(trueLabels: trueLabels, predictedLabels: predictedLabels, classCount: k)
        guard let probabilities else {
            self.init(confusionMatrix: matrix, labelNames: labelNames)
            return
        }
        precondition(
            probabilities.count == trueLabels.count && probabilities.allSatisfy { $0.count == k },
            "ClassificationMetrics expected \(trueLabels.count) rows of \(k) probabilities. Received: \(probabilities.count) rows"
        )
        let aucs = (0..<k).map { c in
            ProbabilityScores.rocAUC(scores: probabilities.map { $0[c] }, positives: trueLabels.map { $0 == c })
        }
        self.init(
            confusionMatrix: matrix, labelNames: labelNames,
            logLoss: ProbabilityScores.logLoss(trueLabels: trueLabels, probabilities: probabilities),
            brier: ProbabilityScores.brier(trueLabels: trueLabels, probabilities: probabilities),
            rocAUCs: aucs)
    }

    /// Computes the metrics from a confusion matrix (no probability scores unless given).
    /// - Precondition: `labelNames.count == confusionMatrix.classCount`, at least one sample, and `rocAUCs`
    ///   (when given) holds one entry per class.
    public init(
        confusionMatrix: ConfusionMatrix, labelNames: [String], logLoss: Double? = nil, brier: Double? = nil,
        rocAUCs: [Double?]? = nil
    ) {
        precondition(
            labelNames.count == confusionMatrix.classCount,
            "ClassificationMetrics expected \(confusionMatrix.classCount) label names. Received: \(labelNames.count)")
        precondition(
            rocAUCs == nil || rocAUCs?.count == labelNames.count,
            "ClassificationMetrics expected one ROC AUC per class. Received: \(rocAUCs?.count ?? 0)")
        labels = labelNames
        self.confusionMatrix = confusionMatrix
        overall = OverallStatistics(matrix: confusionMatrix, logLoss: logLoss, brier: brier)
        perClass = labelNames.indices.map {
            ClassStatistics(matrix: confusionMatrix, index: $0, label: labelNames[$0], rocAUC: rocAUCs?[$0] ?? nil)
        }
        macro = AveragedScores.macro(perClass)
        weighted = AveragedScores.weighted(perClass)
        baselines = Baselines(matrix: confusionMatrix, labels: labelNames)
    }

    /// Whether probability scores (log loss, Brier, ROC AUC) were computed.
    public var hasProbabilityScores: Bool { overall.logLoss != nil }
}
