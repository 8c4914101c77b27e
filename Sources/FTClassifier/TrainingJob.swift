import FTEvaluation
public import FTIO
public import FTMarket
public import FTNN
import FTWordVectors
import Foundation

/// The whole `train` workflow as one call: read a dataset manifest and word vectors, train, save the model
/// folder and write the validation report into `<out>/report/`.
public enum TrainingJob {
    /// Reads a manifest and fills in every record's text (inline or from `text_path`).
    /// - Throws: `ManifestError` or `IOError` naming the file and line.
    public static func loadRecords(manifest path: String) throws -> [DatasetManifest.Record] {
        let manifest = try DatasetManifest.read(from: path)
        var records = manifest.records
        for i in records.indices where records[i].text == nil {
            records[i].text = try DatasetManifest.text(of: records[i], manifestPath: path)
        }
        return records
    }

    /// Trains on `manifest` and writes `out/` (config.json, weights.safetensors, tokenizer.json,
    /// history.json, report/).
    ///
    /// - Parameters:
    ///   - checkpointFolder: Write a checkpoint after every epoch there, or nil.
    ///   - resume: Continue from the newest checkpoint in `checkpointFolder`.
    ///   - extraContext: Lines added to the report's context (for example the data's origin).
    ///   - vectorCacheFolder: Where the word vectors' binary cache goes (nil: `WordVectors.defaultCacheFolder`).
    /// - Returns: The run (classifier, history, validation predictions and metrics).
    /// - Throws: `ClassifierError`, `IOError`, `ManifestError`, `WordVectorsError`, each naming its file.
    public static func run(
        manifest: String, configuration: ClassifierConfiguration, out: String, checkpointFolder: String? = nil,
        resume: Bool = false, progress: ProgressReporter = ProgressReporter(style: .quiet),
        extraContext: [String: String] = [:], vectorCacheFolder: String? = nil
    ) throws -> TrainingRun {
        try configuration.validate()
        let records = try loadRecords(manifest: manifest)
        progress.message("Loading word vectors from \(configuration.embeddingsPath) …")
        let vectors = try WordVectors.load(path: configuration.embeddingsPath, cacheFolder: vectorCacheFolder)
        progress.message("Loaded \(vectors.count) words, \(vectors.dimension)-d (cache: \(vectors.loadReport.cache))")
        var checkpoints: CheckpointPolicy?
        var resumeFrom: String?
        if let checkpointFolder {
            checkpoints = CheckpointPolicy(folder: checkpointFolder, every: 1, keepLast: 2, atBest: false)
            if resume {
                guard let latest = Trainer<Adam>.latestCheckpoint(in: checkpointFolder) else {
                    throw ClassifierError.training("--resume: no checkpoint-epoch-*.safetensors in \(checkpointFolder)")
                }
                resumeFrom = latest
            }
        }
        let run = try StockPerformanceClassifier.train(
            records: records, vectors: vectors, configuration: configuration, progress: progress,
            checkpoints: checkpoints,
            resumeFrom: resumeFrom)
        try run.classifier.save(to: out, history: run.history)
        var context = extraContext
        context["data"] = manifest
        context["word vectors"] = "\(configuration.embeddingsPath) (\(vectors.count) words, \(vectors.dimension)-d)"
        progress.message("Writing the report: explaining validation predictions …")
        var report = run.report(extraContext: context)
        report.explanations = run.explanationSection(records: records)
        try report.write(to: out + "/report")
        progress.message("Report written to \(out)/report")
        try writePredictions(run, to: out + "/report/validation-predictions.csv")
        return run
    }

    /// Writes validation predictions as the CSV that `train-classifier report` reads
    /// (`id,true,predicted,p_<label>…`).
    public static func writePredictions(_ run: TrainingRun, to path: String) throws(IOError) {
        let names = run.classifier.configuration.labelNames
        var lines = ["id,true,predicted," + names.map { "p_\($0)" }.joined(separator: ",")]
        for (prediction, truth) in zip(run.validationPredictions, run.validationLabels) {
            let p = prediction.probabilities.map { String(format: "%.9f", $0) }.joined(separator: ",")
            lines.append("\(csvField(prediction.id)),\(names[truth]),\(prediction.labelName),\(p)")
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path)
    }
}

/// A CSV field as RFC 4180 writes it: quoted, with inner quotes doubled, when it holds a comma, a quote, a
/// line feed or a carriage return; as is otherwise.
public func csvField(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
        return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
