public import FTDataset
import FTEvaluation
public import FTIO
public import FTNN
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
        "report/validation-predictions.csv",
    ]

    /// Trains on `manifest` and writes `out/` (config.json, weights.safetensors, tokenizer.json,
    /// history.json, report/).
    ///
    /// `out` is checked before anything is read (see `StagedOutputs`): a file where the folder or one of its
    /// files should be, or a place that cannot be written, fails at once. The folder is written under a
    /// temporary name beside it and put in place only when every file was written, so a failure leaves
    /// an existing model folder untouched.
    ///
    /// - Parameters:
    ///   - checkpointFolder: Write a checkpoint after every epoch there, or nil.
    ///   - resume: Continue from the newest complete checkpoint in `checkpointFolder`.
    ///   - extraContext: Lines added to the report's context (for example the data's origin); they override
    ///     the defaults (`data` is the manifest path).
    ///   - allowOutsidePaths: Read `text_path` files outside the manifest's folder too; off by default.
    ///   - vectorCacheFolder: Where the word vectors' binary cache goes (nil: `WordVectors.defaultCacheFolder`).
    /// - Returns: The run (classifier, history, validation predictions and metrics).
    /// - Throws: `ClassifierError`, `IOError`, `ManifestError`, `WordVectorsError`, each naming its file.
    public static func run(
        manifest: String, configuration: ClassifierConfiguration, out: String, checkpointFolder: String? = nil,
        resume: Bool = false, progress: ProgressReporter = ProgressReporter(style: .quiet),
        extraContext: [String: String] = [:], allowOutsidePaths: Bool = false, vectorCacheFolder: String? = nil
    ) throws -> TrainingRun {
        try configuration.validate()
        guard let embeddingsPath = configuration.embeddingsPath else {
            throw ClassifierError.configuration("embeddingsPath is not set: give the word-vector file")
        }
        let outputs = try StagedOutputs(folders: [.init(out, contents: modelFolderContents)])
        let records = try loadRecords(manifest: manifest, allowOutsidePaths: allowOutsidePaths)
        progress.message("Loading word vectors from \(embeddingsPath) …")
        let vectors = try WordVectors.load(path: embeddingsPath, cacheFolder: vectorCacheFolder)
        progress.message("Loaded \(vectors.count) words, \(vectors.dimension)-d (cache: \(vectors.loadReport.cache))")
        var checkpoints: CheckpointPolicy?
        var resumeFrom: String?
        if let checkpointFolder {
            checkpoints = CheckpointPolicy(folder: checkpointFolder, every: 1, keepLast: 2, atBest: false)
            if resume {
                guard Trainer<Adam>.latestCheckpoint(in: checkpointFolder) != nil else {
                    throw ClassifierError.training("--resume: no checkpoint-epoch-*.safetensors in \(checkpointFolder)")
                }
                resumeFrom = checkpointFolder
            }
        }
        let run = try StockPerformanceClassifier.train(
            records: records, vectors: vectors, configuration: configuration, progress: progress,
            checkpoints: checkpoints, resumeFrom: resumeFrom)
        let folder = outputs.staged(out)
        try run.classifier.save(to: folder, history: run.history)
        var context = ["data": manifest]
        context["word vectors"] = "\(embeddingsPath) (\(vectors.count) words, \(vectors.dimension)-d)"
        for (key, value) in extraContext { context[key] = value }
        progress.message("Writing the report: explaining validation predictions …")
        var report = run.report(extraContext: context)
        report.explanations = run.explanationSection(records: records)
        try report.write(to: folder + "/report")
        try writePredictions(run, to: folder + "/report/validation-predictions.csv")
        try outputs.commit()
        progress.message("Report written to \(out)/report")
        return run
    }

    /// Writes validation predictions as the CSV that `train-classifier report` reads
    /// (`id,true,predicted,p_<label>…`).
    public static func writePredictions(_ run: TrainingRun, to path: String) throws(IOError) {
        let names = run.classifier.configuration.labelNames
        var lines = [CSVField.row(["id", "true", "predicted"] + names.map { "p_\($0)" })]
        for (prediction, truth) in zip(run.validationPredictions, run.validationLabels) {
            let p = prediction.probabilities.map { String(format: "%.9f", $0) }
            lines.append(CSVField.row([prediction.id, names[truth], prediction.labelName] + p))
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path)
    }
}
