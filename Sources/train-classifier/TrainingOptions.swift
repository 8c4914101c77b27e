public import ArgumentParser
import FinText
import Foundation

/// Options that override the classifier configuration, shared by `train` and the main job.
struct TrainingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A classifier configuration JSON file; flags below override it.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp("Word-vector file (GloVe text, word2vec text or binary; .gz is fine).", valueName: "file"))
    var embeddings: String?

    @Option(
        help: ArgumentHelp(
            "Folder for the word vectors' binary cache (default: $XDG_CACHE_HOME/fintext or ~/.cache/fintext).",
            valueName: "dir"))
    var vectorCache: String?

    @Option(help: "Maximum epochs (study: 24).")
    var epochs: Int?

    @Option(help: "Mini-batch size (study: 33).")
    var batchSize: Int?

    @Option(help: "Adam learning rate (study: 0.00011).")
    var learningRate: Float?

    @Option(help: "Tokens per document after padding/truncation (study: 10000).")
    var sequenceLength: Int?

    @Option(help: "Split: random (the study's), stratified, filing (whole filings), company or time (walk-forward).")
    var split: SplitKind?

    @Option(help: "Fraction of the data used for validation (study: 0.2).")
    var validationFraction: Double?

    @Option(help: "Early-stopping patience in epochs on validation loss, or none to disable.")
    var patience: Patience?

    @Option(help: "Seed for weights, shuffling, dropout and the split.")
    var seed: UInt64?

    @Option(help: "Progress display: bar, lines, json or quiet.")
    var progress: ProgressReporter.Style = .bar

    @Option(
        help: ArgumentHelp(
            "Write TensorBoard event files here (train/ and validation/ runs; view with `tensorboard --logdir`); 'none' for no logs.",
            valueName: "dir"))
    var logdir: String?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs expects at least 1. Received: \(epochs)") }
        if let batchSize, batchSize < 1 {
            throw ValidationError("--batch-size expects at least 1. Received: \(batchSize)")
        }
        if let learningRate, !(learningRate > 0) {
            throw ValidationError("--learning-rate expects a positive number. Received: \(learningRate)")
        }
        if let sequenceLength, sequenceLength < 1 {
            throw ValidationError("--sequence-length expects at least 1. Received: \(sequenceLength)")
        }
        if let validationFraction, !(validationFraction > 0 && validationFraction < 1) {
            throw ValidationError(
                "--validation-fraction expects a number between 0 and 1. Received: \(validationFraction)")
        }
        if let logdir, logdir.isEmpty { throw ValidationError("--logdir expects a folder or 'none'. Received: ''") }
    }

    /// The progress display: `--progress`, except that the redrawn bar becomes plain lines when standard
    /// error is not a terminal (a redirected log gets no carriage returns).
    func reporter() -> ProgressReporter {
        ProgressReporter(style: progress == .bar && isatty(STDERR_FILENO) == 0 ? .lines : progress)
    }

    /// The word vectors shipped in the repository's `data/`, used when neither `--embeddings` nor the
    /// configuration file names a file.
    static let shippedEmbeddings = "data/glove.6B.50d.subset.txt.gz"

    /// The TensorBoard log folder: `--logdir`, else `defaultFolder`; nil for `--logdir none`.
    func logFolder(default defaultFolder: String?) -> String? {
        guard let logdir else { return defaultFolder }
        return logdir == "none" ? nil : logdir
    }

    /// The configuration file (or the defaults) with the flags applied; a configuration file may be a model
    /// folder's `config.json`.
    /// - Parameters:
    ///   - defaultEmbeddings: The word vectors to use when neither `--embeddings` nor the file names any.
    ///   - needsEmbeddings: False when only the linear baseline runs: then no word-vector file is required.
    func configuration(defaultEmbeddings: String = shippedEmbeddings, needsEmbeddings: Bool = true) throws
        -> ClassifierConfiguration
    {
        var c = try config.map { try ClassifierConfiguration.read($0) } ?? ClassifierConfiguration()
        if let embeddings { c.embeddingsPath = embeddings }
        if c.embeddingsPath == nil && needsEmbeddings {
            guard FileData.exists(defaultEmbeddings) else {
                throw ValidationError("--embeddings is required (the default \(defaultEmbeddings) does not exist here)")
            }
            c.embeddingsPath = defaultEmbeddings
        }
        if let epochs { c.epochs = epochs }
        if let batchSize { c.batchSize = batchSize }
        if let learningRate { c.learningRate = learningRate }
        if let sequenceLength { c.sequenceLength = sequenceLength }
        if split != nil || validationFraction != nil {
            c.split = try SplitMethod(
                kind: split?.rawValue ?? c.split.kind,
                validationFraction: validationFraction ?? c.split.validationFraction)
        }
        if let patience { c.earlyStoppingPatience = patience.epochs }
        if let seed { c.seed = seed }
        try c.validate()
        return c
    }
}

extension ProgressReporter.Style: ExpressibleByArgument {}

/// `--split` values: the kinds of `SplitMethod`, by the names `config.json` uses.
enum SplitKind: String, ExpressibleByArgument, CaseIterable {
    case random, stratified, filing, company, time
}

/// `--patience`: a number of epochs (0 or more) or `none`.
enum Patience: ExpressibleByArgument, Equatable {
    /// Stop after this many epochs without improvement.
    case epochs(Int)
    /// No early stopping.
    case none

    init?(argument: String) {
        if argument == "none" {
            self = .none
        } else if let n = Int(argument), n >= 0 {
            self = .epochs(n)
        } else {
            return nil
        }
    }

    /// The configuration's `earlyStoppingPatience`.
    var epochs: Int? {
        if case .epochs(let n) = self { return n }
        return nil
    }

    static var allValueStrings: [String] { ["0", "1", "2", "…", "none"] }
    static var defaultCompletionKind: CompletionKind { .list(["none", "0", "1", "2", "3", "5", "10"]) }
}
