public import FTNN
import FTTensor
public import FTText
import FTWordVectors

/// The study's 10-K stock-performance classifier: cleaning, tokenizer, padding, frozen word vectors and
/// the 1-D CNN, as one value.
///
/// ```swift
/// let vectors = try WordVectors.load(path: configuration.embeddingsPath)
/// let run = try StockPerformanceClassifier.train(records: manifest.records, vectors: vectors,
///                                                configuration: configuration)
/// try run.classifier.save(to: "model")
/// let predictions = run.classifier.predict([ClassifierDocument(id: "a", text: riskFactors, section: "1A")])
/// ```
public struct StockPerformanceClassifier: Sendable {
    /// Every setting, saved as `config.json`.
    public let configuration: ClassifierConfiguration
    /// The vocabulary fitted on the training documents (Keras tokenizer semantics).
    public let tokenizer: Tokenizer
    /// The network, including the frozen embedding matrix.
    public var model: Sequential
    /// How `predict` and `explain` run the network (not saved: a property of the process, not of the
    /// model). The fast kernels with 2 workers by default; `.reference` runs every layer's own code.
    public var executionPath: ExecutionPath = .fast()

    /// Assembles a classifier from its parts (used by `train` and `load`).
    public init(configuration: ClassifierConfiguration, tokenizer: Tokenizer, model: Sequential) {
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.model = model
    }

    /// The text the tokenizer sees: cleaned with the study's preset and prefixed as configured.
    public func cleanedText(of document: ClassifierDocument) -> String {
        Self.clean(document, configuration: configuration)
    }

    /// The one function that turns a document into the model's input text, for every path (training,
    /// evaluation, prediction, explanation; decision 0121): page furniture is removed from `document.text`
    /// (``PageFurniture/removed(from:)``), the rest is cleaned with the study's preset and prefixed with the
    /// section title word and the ticker as configured.
    public static func clean(_ document: ClassifierDocument, configuration: ClassifierConfiguration) -> String {
        TextCleaner.study.clean(
            PageFurniture.removed(from: document.text), item: prefixItem(of: document, configuration),
            ticker: prefixTicker(of: document, configuration))
    }

    static func prefixItem(of document: ClassifierDocument, _ configuration: ClassifierConfiguration) -> FilingItem? {
        configuration.prefixSectionTitle ? document.section.flatMap { FilingItem(rawValue: $0) } : nil
    }

    static func prefixTicker(of document: ClassifierDocument, _ configuration: ClassifierConfiguration) -> String? {
        configuration.prefixTicker ? document.ticker : nil
    }

    /// Token ids of `documents`, padded/truncated to `sequenceLength`, row-major.
    public func sequences(for documents: [ClassifierDocument]) -> [Int32] {
        let texts = documents.map(cleanedText(of:))
        return padSequencesFlat(
            tokenizer.sequences(for: texts), length: configuration.sequenceLength, padding: configuration.padding,
            truncating: configuration.truncating)
    }

    /// Class probabilities for each document (inference mode, in batches of `batchSize`).
    /// - Complexity: one forward pass per document.
    public func predict(_ documents: [ClassifierDocument]) -> [Prediction] {
        guard !documents.isEmpty else { return [] }
        let ids = sequences(for: documents)
        return predict(ids: ids, documentIDs: documents.map(\.id), warnings: documents.map(\.warnings))
    }

    /// Predictions for padded token rows; each carries `warnings[k]` (when given) and, for a row with
    /// fewer than `Prediction.nearlyEmptyTokens` non-padding tokens, the nearly-empty warning.
    func predict(ids: [Int32], documentIDs: [String], warnings: [[String]]? = nil) -> [Prediction] {
        let length = configuration.sequenceLength
        return predict(count: documentIDs.count, documentIDs: documentIDs, warnings: warnings) { start, end in
            TokenBatch(ids: Array(ids[(start * length)..<(end * length)]), batch: end - start, length: length)
        }
    }

    /// Class probabilities for every sequence of `source` (for example validation rows read from a
    /// sharded dataset), in batches of `batchSize`, streaming: one batch is in memory at a time.
    /// - Parameter documentIDs: The id of each sequence, in order.
    public func predict(_ source: some TokenBatchSource, documentIDs: [String]) -> [Prediction] {
        precondition(
            documentIDs.count == source.count,
            "predict expected one id per sequence. Received: \(documentIDs.count) for \(source.count)")
        let rows = Array(0..<source.count)
        return predict(count: source.count, documentIDs: documentIDs) { start, end in
            source.batch(rows[start..<end]).tokens
        }
    }

    /// Predictions for `count` rows whose padded tokens `makeBatch(start, end)` gives, batch by batch.
    private func predict(
        count: Int, documentIDs: [String], warnings: [[String]]? = nil, batch makeBatch: (Int, Int) -> TokenBatch
    ) -> [Prediction] {
        var result: [Prediction] = []
        result.reserveCapacity(documentIDs.count)
        // One predictor for all batches: each token id's first-convolution projection is computed once.
        var predictor = Predictor(model: model, path: executionPath)
        var start = 0
        while start < count {
            // min before adding: start + batchSize cannot overflow for any batchSize.
            let end = start + min(configuration.batchSize, count - start)
            let batch = makeBatch(start, end)
            let probabilities: Tensor
            do {
                probabilities = try predictor.probabilities(tokens: batch)
            } catch {
                // The tokenizer only emits ids of the embedding, and the configuration was validated
                // against the model's kernel and pool stack when the classifier was made.
                preconditionFailure("StockPerformanceClassifier.predict: \(error.message)")
            }
            let classes = probabilities.shape[1]
            for row in 0..<(end - start) {
                let p = (0..<classes).map { Double(probabilities.scalars[row * classes + $0]) }
                let label = Softmax.predictedClass(p)
                let k = start + row
                let length = batch.length
                let seen = batch.ids[(row * length)..<((row + 1) * length)].reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
                result.append(
                    Prediction(
                        id: documentIDs[k], label: label, labelName: configuration.labelNames[label],
                        probabilities: p,
                        warnings: (warnings?[k] ?? [])
                            + [Prediction.nearlyEmptyWarning(tokensSeen: seen, sequenceLength: length)].compactMap {
                                $0
                            }))
            }
            start = end
        }
        return result
    }
}
