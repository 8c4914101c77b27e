import ArgumentParser
import FinText

/// `train-classifier summary`: the Keras-style table of the study's model.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the model's Keras-style summary with trainable and non-trainable parameter counts.",
        discussion: """
            Defaults are the study's full-size model (length 10,000, GloVe 300-d, vocabulary 23,888, 3 classes).

            Example: train-classifier summary --max-length 10000 --embedding-dim 300 --vocabulary 23888 --classes 3
            """)

    @Option(
        help: ArgumentHelp("A classifier configuration JSON file (layer sizes, classes, length).", valueName: "file"))
    var config: String?

    @Option(help: "Tokens per document (default: the configuration's, 10,000).")
    var maxLength: Int?

    @Option(help: "Word-vector dimension.")
    var embeddingDim = 300

    @Option(help: "Rows of the embedding matrix (words + 1 for padding).")
    var vocabulary = 23_888

    @Option(help: "Number of classes (default: the configuration's, 3).")
    var classes: Int?

    func validate() throws {
        if let maxLength, maxLength < 1 {
            throw ValidationError("--max-length expects a positive number. Received: \(maxLength)")
        }
        guard embeddingDim >= 1 else {
            throw ValidationError("--embedding-dim expects a positive number. Received: \(embeddingDim)")
        }
        guard vocabulary >= 1 else {
            throw ValidationError("--vocabulary expects a positive number. Received: \(vocabulary)")
        }
        if let classes, classes < 2 { throw ValidationError("--classes expects at least 2. Received: \(classes)") }
    }

    func run() throws {
        try reportingErrors {
            var configuration = try config.map { try ClassifierConfiguration.read($0) } ?? ClassifierConfiguration()
            if let maxLength { configuration.sequenceLength = maxLength }
            if let classes, classes != configuration.classes {
                configuration.labelNames = (0..<classes).map { "class\($0)" }
            }
            let model = try StudyModel.make(
                vocabularySize: vocabulary, embeddingDimension: embeddingDim,
                sequenceLength: configuration.sequenceLength,
                classes: configuration.classes, configuration: configuration.modelConfiguration,
                seed: configuration.seed)
            print(try model.summary(sampleShape: [configuration.sequenceLength]))
        }
    }
}
