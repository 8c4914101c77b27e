public import FTDataset
public import FTIO
public import FTLinearModels
import FTMarket
public import FTText
import Foundation

/// The bag-of-words baseline a referee asks for first: TF-IDF features of the cleaned tokens and a
/// multinomial L2-regularised logistic regression, as scikit-learn's `TfidfVectorizer()` (smooth idf, l2
/// rows) and `LogisticRegression(C=1.0)` with lbfgs (decision 0151).
///
/// Its documents are cleaned and prefixed exactly as the network's (`StockPerformanceClassifier`), then
/// split into words as the Keras tokenizer splits them, so both models see the same tokens.
public struct LinearBaseline: Sendable, Equatable, Codable {
    /// The baseline's settings.
    public struct Options: Sendable, Equatable, Codable {
        /// Inverse regularisation strength (scikit-learn's `C`, 1.0).
        public var c = 1.0
        /// A word must occur in at least this many training documents (scikit-learn's `min_df`, 1).
        public var minimumDocumentFrequency = 1
        /// The optimiser: tighter than scikit-learn's default `tol=1e-4, max_iter=100` so it reaches the
        /// objective's optimum (cheap at this size).
        public var optimizer = LBFGS()

        /// The defaults.
        public init() {}
    }

    /// Cleaning, prefixes and class names (the network's configuration).
    public let configuration: ClassifierConfiguration
    /// The settings it was trained with.
    public let options: Options
    /// The vocabulary and idf fitted on the training documents.
    public let vectorizer: TFIDFVectorizer
    /// The fitted regression.
    public let model: LogisticRegression

    /// The words the baseline sees in `document`.
    public static func words(of document: ClassifierDocument, configuration: ClassifierConfiguration) -> [Substring] {
        TFIDFVectorizer.words(in: StockPerformanceClassifier.clean(document, configuration: configuration))
    }

    /// Fits the baseline on `records[trainingIndices]` with their `label`s.
    /// - Returns: The baseline and what the optimiser did.
    /// - Throws: `ClassifierError.data` for no training documents, missing text or a label out of range.
    public static func train(
        records: [DatasetManifest.Record], trainingIndices: [Int], configuration: ClassifierConfiguration,
        options: Options = Options()
    ) throws(ClassifierError) -> (baseline: LinearBaseline, optimisation: LBFGS.Result) {
        guard !trainingIndices.isEmpty else { throw .data("the linear baseline needs at least one training document") }
        guard options.c > 0, options.minimumDocumentFrequency >= 1 else {
            throw .configuration(
                "linear baseline expected C > 0 and min_df ≥ 1. Received: \(options.c), \(options.minimumDocumentFrequency)"
            )
        }
        for i in trainingIndices {
            if records[i].text == nil {
                throw .data("document \(records[i].id) has no text (load text_path files first)")
            }
            if !(0..<configuration.classes).contains(records[i].label) {
                throw .data(
                    "document \(records[i].id) has label \(records[i].label); expected 0..<\(configuration.classes)")
            }
        }
        let words = trainingIndices.map {
            Self.words(of: StockPerformanceClassifier.document(for: records[$0]), configuration: configuration)
        }
        let vectorizer = TFIDFVectorizer(fittingOn: words, minimumDocumentFrequency: options.minimumDocumentFrequency)
        let x = vectorizer.transform(words)
        let fit = LogisticRegression.fit(
            x: x, rows: trainingIndices.count, labels: trainingIndices.map { records[$0].label },
            classes: configuration.classes, c: options.c, optimizer: options.optimizer)
        return (
            LinearBaseline(configuration: configuration, options: options, vectorizer: vectorizer, model: fit.model),
            fit.optimisation
        )
    }

    /// Class probabilities and the most probable class of each document.
    /// - Complexity: O(documents · features · classes), in batches of 256 documents.
    public func predict(_ documents: [ClassifierDocument]) -> [Prediction] {
        var result: [Prediction] = []
        result.reserveCapacity(documents.count)
        var start = 0
        while start < documents.count {
            let batch = documents[start..<min(documents.count, start + 256)]
            let x = vectorizer.transform(batch.map { Self.words(of: $0, configuration: configuration) })
            for (document, p) in zip(batch, model.probabilities(x: x, rows: batch.count)) {
                let label = LogisticRegression.argmax(p)
                result.append(
                    Prediction(
                        id: document.id, label: label, labelName: configuration.labelNames[label], probabilities: p))
            }
            start += batch.count
        }
        return result
    }

    /// The file name of a saved baseline inside a model folder.
    public static let fileName = "linear-model.json"

    /// Writes the baseline as JSON to `folder/linear-model.json` (folder created if missing).
    /// - Throws: `IOError` naming the file.
    public func save(to folder: String) throws(IOError) {
        try AtomicFile.createFolder(folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else {
            throw IOError(path: folder + "/" + Self.fileName, reason: "the linear model holds a non-finite number")
        }
        try AtomicFile.write(Array(data) + [0x0A], to: folder + "/" + Self.fileName)
    }

    /// Reads a baseline written by `save(to:)`.
    /// - Throws: `ClassifierError.configuration` naming the file.
    public static func load(from folder: String) throws(ClassifierError) -> LinearBaseline {
        let path = folder + "/" + fileName
        do {
            return try JSONDecoder().decode(LinearBaseline.self, from: Data(try FileData.read(path)))
        } catch {
            throw .configuration("\(path): not a linear baseline model: \(error)")
        }
    }
}
