public import FTDataset
public import FTDistributed
public import FTEvaluation
public import FTIO
import FTMarket
public import FTNN
import FTTelemetry
import FTWordVectors
import Foundation

/// The whole `train` workflow as one call: read a dataset manifest and word vectors, train, save the model
/// folder and write the validation report into `<out>/report/`.
public enum TrainingJob {
    /// Reads a manifest and fills in every record's text (inline or from `text_path`).
    /// - Parameter allowOutsidePaths: Read `text_path` files outside the manifest's folder too (see
    ///   `DatasetManifest.text(of:manifestPath:allowOutsidePaths:)`); off by default.
    /// - Throws: `ManifestError` or `IOError` naming the file and line.
    public static func loadRecords(manifest path: String, allowOutsidePaths: Bool = false) throws
        -> [DatasetManifest.Record]
    {
        let manifest = try DatasetManifest.read(from: path)
        var records = manifest.records
        for i in records.indices where records[i].text == nil {
            records[i].text = try DatasetManifest.text(
                of: records[i], manifestPath: path, allowOutsidePaths: allowOutsidePaths)
        }
        return records
    }

    /// The files `run` writes into the model folder (`report/history.svg` only with a history).
    public static let modelFolderContents = [
        "config.json", "weights.safetensors", "tokenizer.json", "history.json", "report/metrics.json",
        "report/report.md", "report/report.html", "report/confusion.svg", "report/history.svg",
        "report/validation-predictions.csv", "training-documents.txt",
    ]

    /// The files `runLinear` writes into a model folder (all put in place together).
    public static let linearModelFolderContents = [
        "linear-model.json", "training-documents.txt", "report/metrics.json", "report/report.md",
        "report/report.html", "report/confusion.svg", "report/validation-predictions.csv",
    ]

    /// Trains on `manifest` and writes `out/` (config.json, weights.safetensors, tokenizer.json,
    /// history.json, report/).
    ///
    /// `out` is checked before anything is read (see `StagedOutputs`): a file where the folder or one of its
    /// files should be, or a place that cannot be written, fails at once. The folder is written under a
    /// temporary name beside it and put in place only when every file was written, so a failure leaves
    /// an existing model folder untouched. A folder holding a linear baseline is refused
    /// (`SavedModel.checkDestination`), so one folder never holds two kinds of model.
    ///
    /// - Parameters:
    ///   - checkpointFolder: Write a checkpoint after every epoch there, or nil.
    ///   - resume: Continue from the newest complete checkpoint in `checkpointFolder`.
    ///   - logdir: Write TensorBoard event files there (`train/`, `validation/`), or nil for none; the
    ///     configuration JSON goes into the `configuration` text.
    ///   - extraContext: Lines added to the report's context (for example the data's origin); they override
    ///     the defaults (`data` is the manifest path).
    ///   - benchmark: The benchmark's name for the label definition, when known.
    ///   - allowOutsidePaths: Read `text_path` files outside the manifest's folder too; off by default.
    ///   - vectorCacheFolder: Where the word vectors' binary cache goes (nil: `WordVectors.defaultCacheFolder`).
    ///   - distributed: Train as one rank of a data-parallel job. Every rank reads the data and trains;
    ///     only rank 0 checks and writes `out`, the checkpoints and the TensorBoard logs (the other ranks
    ///     get rank 0's state, resumed or fresh, when training starts).
    ///   - executionPath: How the network runs (training, validation, explanations); the fast kernels by default.
    /// - Returns: The run (classifier, history, validation predictions and metrics).
    /// - Throws: `ClassifierError`, `IOError`, `ManifestError`, `WordVectorsError`, each naming its file.
    public static func run(
        manifest: String, configuration: ClassifierConfiguration, out: String, checkpointFolder: String? = nil,
        resume: Bool = false, progress: ProgressReporter = ProgressReporter(style: .quiet), logdir: String? = nil,
        extraContext: [String: String] = [:], benchmark: String? = nil, allowOutsidePaths: Bool = false,
        vectorCacheFolder: String? = nil, distributed: DistributedTraining? = nil,
        executionPath: ExecutionPath = .fast()
    ) throws -> TrainingRun {
        let (embeddingsPath, outputs) = try networkOutputs(
            configuration: configuration, out: out, distributed: distributed)
        let isRoot = outputs != nil
        let (records, labelContext) = try labelledRecords(
            manifest: manifest, configuration: configuration, benchmark: benchmark,
            allowOutsidePaths: allowOutsidePaths)
        let vectors = try loadVectors(embeddingsPath, cacheFolder: vectorCacheFolder, progress: progress)
        let (checkpoints, resumeFrom) = try checkpointing(folder: checkpointFolder, resume: resume && isRoot)
        let run = try StockPerformanceClassifier.train(
            records: records, vectors: vectors, configuration: configuration, progress: progress,
            checkpoints: checkpoints, resumeFrom: resumeFrom,
            observers: isRoot ? observers(logdir: logdir, configuration: configuration) : [], distributed: distributed,
            executionPath: executionPath)
        guard let outputs else { return run }
        try save(
            run, records: records, outputs: outputs, out: out, data: manifest, labels: labelContext,
            embeddingsPath: embeddingsPath, vectors: vectors, extraContext: extraContext, progress: progress
        ) { report in
            report.explanations = run.explanationSection(records: records)
        }
        return run
    }

    /// The checks both network runs make before reading any data: a valid configuration with a word-vector
    /// file, and, on rank 0 (or alone), an `out` folder that may receive a network model, staged.
    /// - Returns: The word-vector path and the staged outputs (nil on ranks other than 0, which write nothing).
    /// - Throws: `ClassifierError.configuration`, or the destination's error naming `out`.
    private static func networkOutputs(
        configuration: ClassifierConfiguration, out: String, distributed: DistributedTraining?
    ) throws -> (embeddingsPath: String, outputs: StagedOutputs?) {
        try configuration.validate()
        guard let embeddingsPath = configuration.embeddingsPath else {
            throw ClassifierError.configuration("embeddingsPath is not set: give the word-vector file")
        }
        guard distributed?.isRoot ?? true else { return (embeddingsPath, nil) }
        try SavedModel.checkDestination(out, for: .network)
        return (embeddingsPath, try StagedOutputs(folders: [.init(out, contents: modelFolderContents)]))
    }

    /// Trains on a sharded token dataset (`train-classifier encode`), streaming from its shards, and
    /// writes `out/` as `run(manifest:…)` does, through the same staged outputs, with the same label
    /// definition, time-split label re-fitting, document list and predictions table (the report has no
    /// explanations: the dataset holds no text).
    /// With `distributed`, each rank reads only its own rows of every batch from the shards (as
    /// `run(manifest:…)` otherwise).
    /// - Throws: `DatasetError` for a damaged or inconsistent dataset (naming file and offset), and as
    ///   `run(manifest:…)`.
    public static func run(
        dataset folder: String, configuration: ClassifierConfiguration, out: String, checkpointFolder: String? = nil,
        resume: Bool = false, progress: ProgressReporter = ProgressReporter(style: .quiet), logdir: String? = nil,
        extraContext: [String: String] = [:], benchmark: String? = nil, vectorCacheFolder: String? = nil,
        distributed: DistributedTraining? = nil, executionPath: ExecutionPath = .fast()
    ) throws -> TrainingRun {
        let (embeddingsPath, outputs) = try networkOutputs(
            configuration: configuration, out: out, distributed: distributed)
        let isRoot = outputs != nil
        let dataset = try TokenDataset(folder: folder)
        try StockPerformanceClassifier.checkCompatible(dataset, configuration: configuration)
        let (records, labelContext) = try labelledRecords(
            dataset: dataset, configuration: configuration, benchmark: benchmark)
        let vectors = try loadVectors(embeddingsPath, cacheFolder: vectorCacheFolder, progress: progress)
        let (checkpoints, resumeFrom) = try checkpointing(folder: checkpointFolder, resume: resume && isRoot)
        let run = try StockPerformanceClassifier.train(
            dataset: dataset, records: records, vectors: vectors, configuration: configuration, progress: progress,
            checkpoints: checkpoints, resumeFrom: resumeFrom,
            observers: isRoot ? observers(logdir: logdir, configuration: configuration) : [], distributed: distributed,
            executionPath: executionPath)
        guard let outputs else { return run }
        try save(
            run, records: records, outputs: outputs, out: out, data: folder, labels: labelContext,
            embeddingsPath: embeddingsPath, vectors: vectors, extraContext: extraContext, progress: progress
        ) { _ in }
        return run
    }

    private static func loadVectors(
        _ path: String, cacheFolder: String?, progress: ProgressReporter
    ) throws -> WordVectors {
        progress.message("Loading word vectors from \(path) …")
        let vectors = try WordVectors.load(path: path, cacheFolder: cacheFolder)
        progress.message("Loaded \(vectors.count) words, \(vectors.dimension)-d (cache: \(vectors.loadReport.cache))")
        return vectors
    }

    private static func observers(logdir: String?, configuration: ClassifierConfiguration) -> [any TrainingObserver] {
        logdir.map { [TensorBoardLogger(logdir: $0, configuration: configuration.jsonText())] } ?? []
    }

    /// The checkpoint policy for `folder`, and the folder to resume from when `resume` is set.
    private static func checkpointing(
        folder: String?, resume: Bool
    ) throws(ClassifierError) -> (CheckpointPolicy?, String?) {
        guard let folder else { return (nil, nil) }
        let policy = CheckpointPolicy(folder: folder, every: 1, keepLast: 2, atBest: false)
        guard resume else { return (policy, nil) }
        guard Trainer<Adam>.latestCheckpoint(in: folder) != nil else {
            throw ClassifierError.training("--resume: no checkpoint-epoch-*.safetensors in \(folder)")
        }
        return (policy, folder)
    }

    /// Writes the model folder, its document list and its report into the staged `out`, then commits the
    /// outputs. `records` are the run's documents (their ids and metadata name the rows of the lists).
    private static func save(
        _ run: TrainingRun, records: [DatasetManifest.Record], outputs: StagedOutputs, out: String, data: String,
        labels: String, embeddingsPath: String, vectors: WordVectors, extraContext: [String: String],
        progress: ProgressReporter, amend: (inout EvaluationReport) -> Void
    ) throws {
        let folder = outputs.staged(out)
        try run.classifier.save(to: folder, history: run.history)
        try writeDocumentList(
            records: records, training: run.trainingIndices, validation: run.validationIndices, folder: folder)
        var context = ["data": data]
        context["labels"] = labels
        context["word vectors"] = "\(embeddingsPath) (\(vectors.count) words, \(vectors.dimension)-d)"
        for (key, value) in extraContext { context[key] = value }
        progress.message("Writing the report: explaining validation predictions …")
        var report = run.report(extraContext: context)
        amend(&report)
        try report.write(to: folder + "/report")
        try writePredictions(run, records: records, to: folder + "/report/validation-predictions.csv")
        try outputs.commit()
        progress.message("Report written to \(out)/report")
    }

    /// The records of `dataset` (its metadata, without text) and the sentence defining their labels, as
    /// `labelledRecords(manifest:…)` gives them: with a time split the labels are re-fitted on the training
    /// filings only (per industry when the dataset's `edges.json` is per industry).
    /// - Throws: `ClassifierError.data` for an invalid filing date or when the bins cannot be formed.
    public static func labelledRecords(
        dataset: TokenDataset, configuration: ClassifierConfiguration, benchmark: String? = nil
    ) throws -> (records: [DatasetManifest.Record], labels: String) {
        let records = try StockPerformanceClassifier.splitRecords(dataset)
        let edges = try? GroupedQuantileEdges.read(from: dataset.folder + "/edges.json")
        return try relabelled(records, edges: edges, configuration: configuration, benchmark: benchmark)
    }

    /// The records of `manifest` with their text, and the sentence defining their labels. With a time
    /// split the labels are re-fitted on the training filings only (bins over all filings, or per industry
    /// when the manifest's edges file is per industry) and applied to the later validation filings.
    /// - Throws: `ManifestError`, `IOError`, or `ClassifierError.data` when the bins cannot be formed.
    public static func labelledRecords(
        manifest: String, configuration: ClassifierConfiguration, benchmark: String? = nil,
        allowOutsidePaths: Bool = false
    ) throws -> (
        records: [DatasetManifest.Record], labels: String
    ) {
        let records = try loadRecords(manifest: manifest, allowOutsidePaths: allowOutsidePaths)
        return try relabelled(
            records, edges: LabelDefinition.edges(besideManifest: manifest), configuration: configuration,
            benchmark: benchmark)
    }

    /// `records` with their labels re-fitted on the training filings when `configuration` splits by time,
    /// and the sentence defining the labels (`edges`: the saved bin edges, when known).
    static func relabelled(
        _ records: [DatasetManifest.Record], edges: GroupedQuantileEdges?, configuration: ClassifierConfiguration,
        benchmark: String?
    ) throws -> (records: [DatasetManifest.Record], labels: String) {
        var records = records
        var text = LabelDefinition.describe(
            records: records, edges: edges, labelNames: configuration.labelNames, benchmark: benchmark)
        if case .timeOrdered = configuration.split, !records.isEmpty {
            let training = configuration.split.indices(for: records, seed: configuration.seed).training
            let perIndustry = edges.map { $0.edgesByGroup.keys.sorted() != [GroupedQuantileEdges.wholeSet] } ?? false
            let labels = try CrossValidation.refittedLabels(
                records: records, fittingOn: training, classes: configuration.classes,
                binning: perIndustry ? .industry : .all)
            for i in records.indices { records[i].label = labels[i] }
            text +=
                "; with the time split the bins were re-fitted on the training filings only and applied to the later validation filings"
        }
        return (records, text)
    }

    /// The file in a model folder listing the documents it was trained and validated on
    /// (`training<TAB>id` / `validation<TAB>id`, one per line), so `evaluate` can warn about reuse.
    public static let documentListName = "training-documents.txt"

    /// Writes `folder/training-documents.txt`.
    /// - Throws: `IOError` naming the file.
    public static func writeDocumentList(
        records: [DatasetManifest.Record], training: [Int], validation: [Int], folder: String
    ) throws(IOError) {
        let lines = training.map { "training\t\(records[$0].id)" } + validation.map { "validation\t\(records[$0].id)" }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: folder + "/" + documentListName)
    }

    /// The ids a model folder was trained (`training`) and validated (`validation`) on; empty sets when the
    /// folder has no list (models saved before it existed).
    public static func documentList(folder: String) -> (training: Set<String>, validation: Set<String>) {
        guard let text = try? FileData.readUTF8(folder + "/" + documentListName) else { return ([], []) }
        var training = Set<String>()
        var validation = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0] == "training" { training.insert(String(parts[1])) } else { validation.insert(String(parts[1])) }
        }
        return (training, validation)
    }

    /// `train --model linear`: fits the TF-IDF + logistic-regression baseline on the training part of
    /// `configuration.split`, evaluates it on the validation part, and writes `out/linear-model.json`,
    /// `out/training-documents.txt` and `out/report/` (with `validation-predictions.csv`), all put in place
    /// together (`StagedOutputs`). A folder holding a network is refused (`SavedModel.checkDestination`).
    /// `predict`, `evaluate` and `summary` load the result through `SavedModel`.
    /// - Returns: The validation report.
    /// - Throws: `ClassifierError`, `IOError`, `ManifestError`, each naming its file.
    public static func runLinear(
        manifest: String, configuration: ClassifierConfiguration, options: LinearBaseline.Options = .init(),
        out: String,
        allowOutsidePaths: Bool = false
    ) throws -> EvaluationReport {
        try configuration.validate()
        try SavedModel.checkDestination(out, for: .linear)
        let outputs = try StagedOutputs(folders: [.init(out, contents: linearModelFolderContents)])
        let (records, labelContext) = try labelledRecords(
            manifest: manifest, configuration: configuration, allowOutsidePaths: allowOutsidePaths)
        let (training, validation) = configuration.split.indices(for: records, seed: configuration.seed)
        guard !training.isEmpty, !validation.isEmpty else {
            throw ClassifierError.data(
                "the split \(configuration.split) left an empty training or validation set for \(records.count) documents"
            )
        }
        let (baseline, optimisation) = try LinearBaseline.train(
            records: records, trainingIndices: training, configuration: configuration, options: options)
        let folder = outputs.staged(out)
        try baseline.save(to: folder)
        try writeDocumentList(records: records, training: training, validation: validation, folder: folder)
        let predictions = baseline.predict(validation.map { StockPerformanceClassifier.document(for: records[$0]) })
        let truths = validation.map { records[$0].label }
        let metrics = ClassificationMetrics(
            trueLabels: truths, predictedLabels: predictions.map(\.label),
            probabilities: predictions.map(\.probabilities), labelNames: configuration.labelNames)
        let report = EvaluationReport(
            metrics: metrics,
            context: [
                "model":
                    "linear baseline: TF-IDF (\(baseline.vectorizer.featureCount) words, smooth idf, l2 rows) + multinomial logistic regression, C = \(options.c); L-BFGS \(optimisation.iterations) iterations, stopped by \(optimisation.stop.rawValue)",
                "data": manifest, "labels": labelContext, "split": configuration.split.description,
                "evaluated on": "validation set (\(validation.count) documents)",
                "training documents": "\(training.count)",
                "note": "the linear baseline has no epochs; the validation set did not choose any setting",
            ])
        try report.write(to: folder + "/report")
        try AtomicFile.write(
            PredictionsTable.csv(
                records: validation.map { records[$0] }, predictions: predictions, trueLabels: truths,
                labelNames: configuration.labelNames),
            to: folder + "/report/validation-predictions.csv")
        try outputs.commit()
        return report
    }

    /// Writes validation predictions as the CSV that `train-classifier report` reads
    /// (`id,true,predicted,p_<label>…,ticker,cik,filing_date,excess_return`).
    public static func writePredictions(_ run: TrainingRun, records: [DatasetManifest.Record], to path: String)
        throws(IOError)
    {
        try AtomicFile.write(
            PredictionsTable.csv(
                records: run.validationIndices.map { records[$0] }, predictions: run.validationPredictions,
                trueLabels: run.validationLabels, labelNames: run.classifier.configuration.labelNames),
            to: path)
    }
}
