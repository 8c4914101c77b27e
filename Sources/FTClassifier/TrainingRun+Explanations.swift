public import FTDataset
public import FTEvaluation

extension TrainingRun {
    /// The report's explanations section for validation documents.
    ///
    /// For each predicted class, the validation documents predicted as it are ranked by their predicted
    /// probability (ties in validation order); the first `phraseDocumentsPerClass` are explained, the
    /// first `samplePerClass` of them are shown, and the class's phrases are the word pairs (adjacent key
    /// words) most often found in those documents' supporting passages, each counted once per passage.
    ///
    /// - Parameters:
    ///   - records: The records the run was trained on (indexed like `validationIndices`).
    ///   - samplePerClass: Documents shown per predicted class (default 3).
    ///   - phraseDocumentsPerClass: Documents explained per predicted class for the phrase counts (default 10).
    ///   - passages: Passages per side and document (default 5).
    ///   - phrases: Phrases listed per class (default 10).
    /// - Complexity: one explanation (about three forward passes) per explained document.
    public func explanationSection(
        records: [DatasetManifest.Record], samplePerClass: Int = 3, phraseDocumentsPerClass: Int = 10,
        passages: Int = 5,
        phrases: Int = 10
    ) -> EvaluationReport.Explanations {
        classifier.explanationSection(
            documents: validationIndices.map { StockPerformanceClassifier.document(for: records[$0]) },
            predictions: validationPredictions, trueLabels: validationLabels, samplePerClass: samplePerClass,
            phraseDocumentsPerClass: phraseDocumentsPerClass, passages: passages, phrases: phrases)
    }
}

extension StockPerformanceClassifier {
    /// The report's explanations section for any evaluated documents (see
    /// `TrainingRun.explanationSection(records:samplePerClass:phraseDocumentsPerClass:passages:phrases:)`).
    ///
    /// - Parameters:
    ///   - documents: The evaluated documents.
    ///   - predictions: Their predictions, in the same order.
    ///   - trueLabels: Their true classes in the same order, or nil when unknown.
    /// - Precondition: `predictions` (and `trueLabels`) have one entry per document.
    public func explanationSection(
        documents: [ClassifierDocument], predictions: [Prediction], trueLabels: [Int]?, samplePerClass: Int = 3,
        phraseDocumentsPerClass: Int = 10, passages: Int = 5, phrases: Int = 10
    ) -> EvaluationReport.Explanations {
        precondition(
            predictions.count == documents.count && (trueLabels?.count ?? documents.count) == documents.count,
            "explanationSection expected one prediction (and true label) per document. Received: \(documents.count) documents, \(predictions.count) predictions, \(trueLabels?.count ?? -1) labels"
        )
        let names = configuration.labelNames
        var entries: [EvaluationReport.Explanations.Document] = []
        var classPhrases: [EvaluationReport.Explanations.ClassPhrases] = []
        for label in names.indices {
            let ranked = predictions.indices.filter { predictions[$0].label == label }
                .sorted { a, b in
                    let pa = predictions[a].probabilities[label]
                    let pb = predictions[b].probabilities[label]
                    return pa > pb || (pa == pb && a < b)
                }
                .prefix(max(samplePerClass, phraseDocumentsPerClass))
            guard !ranked.isEmpty else { continue }
            let explanations = explain(ranked.map { documents[$0] }, passages: passages)
            var counts: [String: Int] = [:]
            for explanation in explanations.prefix(phraseDocumentsPerClass) {
                for passage in explanation.supporting {
                    let pairs = Set(zip(passage.keyWords, passage.keyWords.dropFirst()).map { "\($0) \($1)" })
                    for pair in pairs { counts[pair, default: 0] += 1 }
                }
            }
            let top = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(phrases)
            classPhrases.append(
                .init(
                    label: names[label], documentCount: min(explanations.count, phraseDocumentsPerClass),
                    phrases: top.map { .init(text: $0.key, count: $0.value) }))
            for (k, explanation) in zip(ranked, explanations).prefix(samplePerClass) {
                func entry(_ p: PassageAttribution) -> EvaluationReport.Explanations.Passage {
                    .init(score: p.score, position: p.tokenIndex, before: p.before, key: p.key, after: p.after)
                }
                entries.append(
                    .init(
                        id: explanation.id, predictedLabel: explanation.labelName,
                        probability: explanation.probabilities[explanation.label],
                        trueLabel: trueLabels.map { names[$0[k]] }, supporting: explanation.supporting.map(entry),
                        opposing: explanation.opposing.map(entry), warnings: explanation.warnings))
            }
        }
        return EvaluationReport.Explanations(
            method: Self.explanationMethod(kernelSize: configuration.model.kernelSize), documents: entries,
            phrases: classPhrases)
    }

    /// The one-line method description shown in reports.
    static func explanationMethod(kernelSize: Int) -> String {
        "Passages are windows of \(kernelSize) consecutive tokens (the first convolution's receptive field). Candidates are screened by "
            + "gradient × input (the gradient of the predicted class's log-probability with respect to each word vector, times the vector); "
            + "each passage's score is the exact drop of that log-probability when its words are removed (their vectors set to zero). "
            + "Positive scores supported the prediction, negative ones argued against it; positions are 0-based indices among the "
            + "section's in-vocabulary words after cleaning. Documents shown are the most confident validation predictions of each class; "
            + "phrases are adjacent key-word pairs counted once per supporting passage."
    }
}
