public import FTEvaluation
import FTIO
import FTMarket
public import FTNN
public import FTWordVectors

/// Everything a training run produced: the classifier, its history, the split and the validation
/// evaluation.
public struct TrainingRun: Sendable {
    /// The trained classifier (best validation-loss weights when early stopping restored them).
    public var classifier: StockPerformanceClassifier
    /// Per-epoch losses and accuracies.
    public var history: History
    /// Indices into the input records used for training and for validation.
    public var trainingIndices: [Int]
    /// See `trainingIndices`.
    public var validationIndices: [Int]
    /// Predictions for the validation documents, in `validationIndices` order.
    public var validationPredictions: [Prediction]
    /// The validation documents' true labels, in the same order.
    public var validationLabels: [Int]
    /// How much of the vocabulary the word vectors cover.
    public var coverage: CoverageReport
    /// Documents per class in training and validation.
    public var classCounts: (training: [Int], validation: [Int])

    /// The validation metrics (confusion matrix, statistics, baselines).
    public var metrics: ClassificationMetrics {
        ClassificationMetrics(
            trueLabels: validationLabels, predictedLabels: validationPredictions.map(\.label),
            probabilities: validationPredictions.map(\.probabilities), labelNames: classifier.configuration.labelNames)
    }

    /// The evaluation report of the validation set, with the history and the run's context (split, class
    /// balance, vocabulary coverage, seed).
    public func report(extraContext: [String: String] = [:]) -> EvaluationReport {
        let names = classifier.configuration.labelNames
        func balance(_ counts: [Int]) -> String {
            zip(names, counts).map { "\($0) \($1)" }.joined(separator: ", ")
        }
        var context: [String: String] = [
            "evaluated on": "validation set (\(validationLabels.count) documents)",
            "split": classifier.configuration.split.description,
            "training documents": "\(trainingIndices.count) (\(balance(classCounts.training)))",
            "validation documents": "\(validationIndices.count) (\(balance(classCounts.validation)))",
            "vocabulary":
                "\(coverage.vocabularySize) words, \(Percent.formatted(coverage.wordCoverage)) with a word vector"
                + (coverage.occurrenceCoverage.map { ", \(Percent.formatted($0)) of token occurrences" } ?? ""),
            "seed": "\(classifier.configuration.seed)",
            "epochs run": "\(history.epochs.count)" + (history.bestEpoch.map { ", best epoch \($0) (val_loss)" } ?? ""),
        ]
        for (key, value) in extraContext { context[key] = value }
        return EvaluationReport(metrics: metrics, history: Self.evaluationHistory(history), context: context)
    }

    /// The training history in the report module's form.
    public static func evaluationHistory(_ history: History) -> TrainingHistory {
        TrainingHistory(
            epochs: history.epochs.map {
                TrainingHistory.Epoch(
                    number: $0.epoch, loss: $0.loss, accuracy: $0.accuracy, validationLoss: $0.validationLoss,
                    validationAccuracy: $0.validationAccuracy)
            })
    }
}
