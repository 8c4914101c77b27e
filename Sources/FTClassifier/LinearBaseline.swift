public import FTDataset
public import FTIO
public import FTLinearModels
import FTMarket
import FTNN
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
        return fit(
            words: words, labels: trainingIndices.map { records[$0].label }, configuration: configuration,
            options: options)
    }

    /// Fits the baseline on documents already split into words (`words(of:configuration:)`), checked by
    /// the caller: at least one document, labels in range, valid options. Cross-validation splits every
    /// document once and calls this per fold.
    static func fit(
        words: [[Substring]], labels: [Int], configuration: ClassifierConfiguration, options: Options
    ) -> (baseline: LinearBaseline, optimisation: LBFGS.Result) {
        let vectorizer = TFIDFVectorizer(fittingOn: words, minimumDocumentFrequency: options.minimumDocumentFrequency)
        let x = vectorizer.transform(words)
        let fit = LogisticRegression.fit(
            x: x, rows: words.count, labels: labels, classes: configuration.classes, c: options.c,
            optimizer: options.optimizer)
        return (
            LinearBaseline(configuration: configuration, options: options, vectorizer: vectorizer, model: fit.model),
            fit.optimisation
        )
    }

    /// Class probabilities and the most probable class of each document. Each prediction carries the
    /// document's own warnings and, when fewer than ``Prediction/nearlyEmptyTokens(sequenceLength:)`` of its
    /// words are in the vocabulary, the nearly-empty warning (its answer is then close to the intercepts').
    /// - Complexity: O(documents · features · classes), in batches of 256 documents.
    public func predict(_ documents: [ClassifierDocument]) -> [Prediction] {
        predict(documents, words: documents.map { Self.words(of: $0, configuration: configuration) })
    }

    /// `predict(_:)` with each document's words already split (`words(of:configuration:)`).
    func predict(_ documents: [ClassifierDocument], words: [[Substring]]) -> [Prediction] {
        var result: [Prediction] = []
        result.reserveCapacity(documents.count)
        var start = 0
        while start < documents.count {
            let range = start..<min(documents.count, start + 256)
            let x = vectorizer.transform(Array(words[range]))
            for (k, p) in zip(range, model.probabilities(x: x, rows: range.count)) {
                let label = LogisticRegression.argmax(p)
                let nearlyEmpty = Prediction.nearlyEmptyWarning(
                    tokensSeen: vectorizer.knownWordCount(words[k]), sequenceLength: configuration.sequenceLength)
                result.append(
                    Prediction(
                        id: documents[k].id, label: label, labelName: configuration.labelNames[label],
                        probabilities: p, warnings: documents[k].warnings + [nearlyEmpty].compactMap { $0 }))
            }
            start = range.upperBound
        }
        return result
    }

    /// The file name of a saved baseline inside a model folder.
    public static let fileName = "linear-model.json"

    /// The value of `model_kind` in `linear-model.json` (the network's `config.json` says `network`).
    public static let modelKind = "linear"

    /// The saved file: the baseline's fields beside the kind marker and the version that wrote it.
    private struct File: Codable {
        var modelKind: String?
        var fintextVersion: String?
        var configuration: ClassifierConfiguration
        var options: Options
        var vectorizer: TFIDFVectorizer
        var model: LogisticRegression

        enum CodingKeys: String, CodingKey {
            case modelKind = "model_kind"
            case fintextVersion = "fintext_version"
            case configuration, options, vectorizer, model
        }
    }

    /// Writes the baseline as JSON to `folder/linear-model.json` (folder created if missing), with
    /// `"model_kind": "linear"` and `"fintext_version"` beside its fields (docs/model-format.md).
    /// - Throws: `IOError` naming the file.
    public func save(to folder: String) throws(IOError) {
        try AtomicFile.createFolder(folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let file = File(
            modelKind: Self.modelKind, fintextVersion: StockPerformanceClassifier.libraryVersion,
            configuration: configuration, options: options, vectorizer: vectorizer, model: model)
        guard let data = try? encoder.encode(file) else {
            throw IOError(path: folder + "/" + Self.fileName, reason: "the linear model holds a non-finite number")
        }
        try AtomicFile.write(Array(data) + [0x0A], to: folder + "/" + Self.fileName)
    }

    /// Reads a baseline written by `save(to:)` and checks it can be used: the kind marker (when present,
    /// files written before it existed have none) says `linear`; the configuration is valid; the model has
    /// one weight row per class name and one column per vocabulary word; every number is finite.
    /// - Throws: `ClassifierError.modelFolder` naming the file and the field at fault.
    public static func load(from folder: String) throws(ClassifierError) -> LinearBaseline {
        let path = folder + "/" + fileName
        let bytes: [UInt8]
        do { bytes = try FileData.read(path) } catch { throw .modelFolder("\(error)") }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .modelFolder("\(path): not a usable linear baseline model: \(error.fieldMessage)")
        } catch {
            throw .modelFolder("\(path): not a usable linear baseline model: \(error)")
        }
        func fail(_ message: String) -> ClassifierError { .modelFolder("\(path): \(message)") }
        if let kind = file.modelKind, kind != modelKind {
            throw fail("model_kind is \"\(kind)\"; a linear baseline model says \"\(modelKind)\"")
        }
        do { try file.configuration.validate() } catch { throw fail(error.message) }
        let classes = file.configuration.classes
        guard file.model.classes == classes else {
            throw fail(
                "model.classes is \(file.model.classes) but configuration.labelNames has \(classes) names (\(file.configuration.labelNames.joined(separator: ", ")))"
            )
        }
        guard file.model.features == file.vectorizer.featureCount else {
            throw fail(
                "model.features is \(file.model.features) but vectorizer.terms has \(file.vectorizer.featureCount) words"
            )
        }
        guard file.model.weights.count <= StudyModel.maximumElements else {
            throw fail(
                "model.weights has \(file.model.weights.count) values, more than \(StudyModel.maximumElements) (docs/reliability.md)"
            )
        }
        guard file.options.c > 0 && file.options.c.isFinite, file.options.minimumDocumentFrequency >= 1 else {
            throw fail(
                "options expected c > 0 and minimumDocumentFrequency ≥ 1. Received: \(file.options.c), \(file.options.minimumDocumentFrequency)"
            )
        }
        return LinearBaseline(
            configuration: file.configuration, options: file.options, vectorizer: file.vectorizer, model: file.model)
    }
}
