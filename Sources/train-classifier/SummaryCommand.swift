import ArgumentParser
import FinText

/// `train-classifier summary`: the Keras-style table of the study's model, or of a trained model folder.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the model's Keras-style summary with trainable and non-trainable parameter counts.",
        discussion: """
            Defaults are the study's full-size model (length 10,000, GloVe 300-d, vocabulary 23,888, 3 classes). With --model, describes a trained model folder (its classes, vocabulary, vectors and layers) from its config.json, or a linear baseline's folder (classes, vocabulary, parameters) from its linear-model.json. Sizes whose tensors would exceed 2,147,483,647 elements are refused (docs/reliability.md).

            Example: train-classifier summary --max-length 10000 --embedding-dim 300 --vocabulary 23888 --classes 3
            Example: train-classifier summary --model runs/default/model
            """)

    @Option(help: ArgumentHelp("A trained model folder to describe.", valueName: "dir"))
    var model: String?

    @Option(
        help: ArgumentHelp(
            "A classifier configuration JSON file, or a model's config.json (layer sizes, classes, length).",
            valueName: "file"))
    var config: String?

    @Option(help: "Tokens per document (default: the configuration's, 10,000).")
    var maxLength: Int?

    @Option(help: "Word-vector dimension (default 300).")
    var embeddingDim: Int?

    @Option(help: "Rows of the embedding matrix (words + 1 for padding; default 23,888).")
    var vocabulary: Int?

    @Option(help: "Number of classes (default: the configuration's, 3).")
    var classes: Int?

    func validate() throws {
        if model != nil
            && (config != nil || maxLength != nil || embeddingDim != nil || vocabulary != nil || classes != nil)
        {
            throw ValidationError(
                "--model describes a trained model as it is; it cannot be combined with --config, --max-length, --embedding-dim, --vocabulary or --classes"
            )
        }
        if let maxLength, maxLength < 1 {
            throw ValidationError("--max-length expects a positive number. Received: \(maxLength)")
        }
        if let embeddingDim, embeddingDim < 1 {
            throw ValidationError("--embedding-dim expects a positive number. Received: \(embeddingDim)")
        }
        if let vocabulary, vocabulary < 1 {
            throw ValidationError("--vocabulary expects a positive number. Received: \(vocabulary)")
        }
        if let classes, classes < 2 { throw ValidationError("--classes expects at least 2. Received: \(classes)") }
        if let classes, classes > ClassificationMetrics.maximumClasses {
            throw ValidationError(
                "--classes expects at most \(ClassificationMetrics.maximumClasses) (docs/reliability.md). Received: \(classes)"
            )
        }
    }

    func run() throws {
        try reportingErrors {
            if let model, try SavedModel.kind(of: model) == .linear {
                let baseline = try LinearBaseline.load(from: model)
                print(
                    """
                    Model \(model): linear baseline (\(LinearBaseline.fileName))
                    Classes: \(baseline.configuration.labelNames.joined(separator: ", "))
                    Features: TF-IDF of \(baseline.vectorizer.featureCount) words (smooth idf, l2 rows, min_df \(baseline.options.minimumDocumentFrequency))
                    Model: multinomial logistic regression, C = \(baseline.options.c); \(baseline.model.weights.count + baseline.model.intercepts.count) parameters (\(baseline.model.classes) × \(baseline.model.features) weights + \(baseline.model.classes) intercepts)
                    """)
                return
            }
            if let model {
                let header = try StockPerformanceClassifier.readHeader(folder: model)
                let c = header.configuration
                print(
                    """
                    Model \(model) (written by FinText \(header.fintextVersion))
                    Classes: \(c.labelNames.joined(separator: ", "))
                    Vocabulary: \(header.vocabularySize - 1) words + padding; \(header.embeddingDimension)-d word vectors\
                    \(c.embeddingsPath.map { " from \($0)" } ?? "") (\(c.trainableEmbedding ? "trained" : "frozen"))
                    Sequence length: \(c.sequenceLength) tokens (padding \(c.padding.rawValue), truncating \(c.truncating.rawValue))
                    Training: split \(c.split), batch \(c.batchSize), learning rate \(c.learningRate), seed \(c.seed)
                    """)
                try printSummary(
                    configuration: c, vocabulary: header.vocabularySize, dimension: header.embeddingDimension)
                return
            }
            var configuration = try config.map { try ClassifierConfiguration.read($0) } ?? ClassifierConfiguration()
            if let maxLength { configuration.sequenceLength = maxLength }
            if let classes, classes != configuration.classes {
                configuration.labelNames = (0..<classes).map { "class\($0)" }
            }
            try printSummary(
                configuration: configuration, vocabulary: vocabulary ?? 23_888, dimension: embeddingDim ?? 300)
        }
    }

    private func printSummary(configuration: ClassifierConfiguration, vocabulary: Int, dimension: Int) throws {
        // Every size is checked (with overflow checks) before the model is built.
        try configuration.checkSizes(vocabularySize: vocabulary, embeddingDimension: dimension)
        let model = try StudyModel.make(
            vocabularySize: vocabulary, embeddingDimension: dimension, sequenceLength: configuration.sequenceLength,
            classes: configuration.classes, configuration: configuration.model, seed: configuration.seed)
        print(try model.summary(sampleShape: [configuration.sequenceLength]))
    }
}
