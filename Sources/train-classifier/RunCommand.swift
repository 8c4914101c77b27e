import ArgumentParser
import FinText
import Foundation

/// The main job (`train-classifier` with no arguments): prepare the shipped sample, train, report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The main job: label the shipped 10-K sample, train the study's model on it and write the report.",
        discussion: """
            Reads DATA/sections-2023.jsonl.gz (extracted Items 1, 1A, 7, 7A of 124 filings of 2023), DATA/prices/ (daily prices with SPY) and the word vectors, then writes OUT/dataset.jsonl, the model folder OUT/model and the report OUT/model/report/report.html (all put in place together when everything succeeded), and TensorBoard event files under OUT/logs while training runs (`tensorboard --logdir runs/`; --logdir none turns them off).

            Example: train-classifier            (same as: train-classifier run --data-dir data --out runs/default)
            """)

    @Option(help: ArgumentHelp("The shipped data folder.", valueName: "dir"))
    var dataDir = "data"

    @Option(help: ArgumentHelp("Where to write the dataset, the model and the report.", valueName: "dir"))
    var out = "runs/default"

    @OptionGroup var training: TrainingOptions
    @OptionGroup var execution: ExecutionOptions

    func run() throws {
        try reportingErrors {
            let sections = "\(dataDir)/sections-2023.jsonl.gz"
            let prices = "\(dataDir)/prices"
            for path in [sections, prices] where !FileData.exists(path) {
                throw ValidationError("\(path) is missing: run from the repository root, or pass --data-dir")
            }
            let configuration = try training.configuration(
                defaultEmbeddings: "\(dataDir)/glove.6B.50d.subset.txt.gz")
            let model = "\(out)/model"
            let manifest = "\(out)/dataset.jsonl"
            try SavedModel.checkDestination(model, for: .network)
            let outputs = try StagedOutputs(folders: [
                .init(
                    out,
                    contents: ["dataset.jsonl", "dataset.jsonl.edges.json"]
                        + TrainingJob.modelFolderContents.map { "model/" + $0 })
            ])
            note("Preparing the dataset from \(sections) and \(prices) …")
            let prepared = try PrepareCommand.prepare(
                filings: [sections], index: nil, prices: prices, benchmark: "SPY", horizon: "4w",
                bins: configuration.classes,
                industries: [], binWithin: .all, afterClose: false)
            let staged = outputs.staged(out)
            try AtomicFile.createFolder(staged)
            try prepared.manifest.write(to: staged + "/dataset.jsonl")
            try prepared.edges.write(to: staged + "/dataset.jsonl.edges.json")
            note(PrepareCommand.describe(prepared, out: manifest, bins: configuration.classes))
            note("Training (\(configuration.split), seed \(configuration.seed)) …")
            let run = try TrainingJob.run(
                manifest: staged + "/dataset.jsonl", configuration: configuration, out: staged + "/model",
                progress: training.reporter(),
                logdir: training.logFolder(default: "\(out)/logs"),
                extraContext: ["data": manifest], benchmark: "SPY", vectorCacheFolder: training.vectorCache,
                executionPath: execution.executionPath)
            try outputs.commit()
            print(run.report().render())
            print("Report: \(model)/report/report.html (also report.md, metrics.json); model: \(model)")
        }
    }

    /// Labels the shipped sample in `dataDir` into `out/dataset.jsonl` (and its `.edges.json`), printing a
    /// summary on standard error; returns the manifest's path. Shared by the main job and `cross-validate`.
    static func prepareShipped(dataDir: String, out: String, classes: Int) throws -> String {
        let sections = "\(dataDir)/sections-2023.jsonl.gz"
        let prices = "\(dataDir)/prices"
        for path in [sections, prices] where !FileData.exists(path) {
            throw ValidationError("\(path) is missing: run from the repository root, or pass --data-dir")
        }
        try AtomicFile.createFolder(out)
        note("Preparing the dataset from \(sections) and \(prices) …")
        let prepared = try PrepareCommand.prepare(
            filings: [sections], index: nil, prices: prices, benchmark: "SPY", horizon: "4w", bins: classes,
            industries: [], binWithin: .all, afterClose: false)
        let manifest = "\(out)/dataset.jsonl"
        try prepared.manifest.write(to: manifest)
        try prepared.edges.write(to: manifest + ".edges.json")
        note(PrepareCommand.describe(prepared, out: manifest, bins: classes))
        return manifest
    }
}
