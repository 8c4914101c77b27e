public import ArgumentParser
import FinText
import Foundation

/// `train-classifier cross-validate`: K folds by time or company, R seeds, network and linear baseline.
struct CrossValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cross-validate",
        abstract: "Cross-validate the network and a TF-IDF logistic-regression baseline on the same folds.",
        discussion: """
            Without --data it labels the shipped sample in DATA_DIR first, as the main job does. Writes OUT/report.html (verdict, fold table and strip plot, filing- and section-level results, network versus linear, excess return by prediction), OUT/metrics.json (schema in docs/evaluation.md), OUT/report.md, OUT/folds.csv, OUT/out-of-fold-predictions.csv and OUT/pooled-<model>/ (the full evaluation report of each model's pooled predictions). The folds replace --split and --validation-fraction, which are not used here.

            Example: train-classifier cross-validate --data runs/dataset.jsonl --by company --folds 5 --seeds 3 --out runs/cv
            """)

    @Option(
        help: ArgumentHelp(
            "A dataset manifest; without it the shipped sample is labelled first.", valueName: "dataset.jsonl"))
    var data: String?

    @Option(help: ArgumentHelp("The shipped data folder (used without --data).", valueName: "dir"))
    var dataDir = "data"

    @Option(help: ArgumentHelp("The report folder to write.", valueName: "dir"))
    var out = "runs/cross-validation"

    @Option(
        help: "Folds by time (walk-forward, expanding window), company, filing or document (the study's leaky split).")
    var by: FoldScheme = .time

    @Option(help: "Number of folds K.")
    var folds = 5

    @Option(help: "Network seeds per fold R (the configuration's seed, +1, …).")
    var seeds = 3

    @Option(help: "Models: both, network or linear.")
    var model = "both"

    @Flag(help: "Also run the random document-level, filing, company and time schemes on the same data.")
    var compareSplits = false

    @Flag(
        help:
            "Keep the manifest's labels for time folds instead of re-fitting the bins on each fold's training filings.")
    var keepLabels = false

    @OptionGroup var linear: LinearOptions

    @OptionGroup var training: TrainingOptions
    @OptionGroup var execution: ExecutionOptions

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds expects at least 2. Received: \(folds)") }
        guard seeds >= 1 else { throw ValidationError("--seeds expects at least 1. Received: \(seeds)") }
        guard ["both", "network", "linear"].contains(model) else {
            throw ValidationError("--model expects both, network or linear. Received: \(model)")
        }
    }

    func run() throws {
        try reportingErrors {
            let configuration = try training.configuration(
                defaultEmbeddings: data == nil
                    ? "\(dataDir)/glove.6B.50d.subset.txt.gz" : TrainingOptions.shippedEmbeddings,
                needsEmbeddings: model != "linear")
            var times = PhaseTimes()
            let manifest: String
            if let data {
                manifest = data
            } else {
                manifest = try times.measure("labelling the shipped data") {
                    try RunCommand.prepareShipped(dataDir: dataDir, out: out, classes: configuration.classes)
                }
            }
            let records = try times.measure("reading the manifest") { try TrainingJob.loadRecords(manifest: manifest) }
            let edges = LabelDefinition.edges(besideManifest: manifest)
            var options = CrossValidation.Options()
            options.executionPath = execution.executionPath
            options.scheme = by
            options.folds = folds
            options.seeds = seeds
            options.network = model != "linear"
            options.linear = model != "network"
            options.compareSplits = compareSplits
            options.linearOptions = linear.options
            let perIndustry = edges.map { $0.edgesByGroup.keys.sorted() != [GroupedQuantileEdges.wholeSet] } ?? false
            options.refitBins = keepLabels ? nil : (perIndustry ? .industry : .all)
            options.labelDefinition = LabelDefinition.describe(
                records: records, edges: edges, labelNames: configuration.labelNames,
                benchmark: data == nil ? "SPY" : nil)
            let vectors = try times.measure("word vectors") {
                try options.network
                    ? WordVectors.load(
                        path: configuration.embeddingsPath ?? TrainingOptions.shippedEmbeddings,
                        cacheFolder: training.vectorCache) : nil
            }
            let start = Date()
            note(
                "Cross-validating: \(by.description), \(folds) folds, \(options.network ? "\(seeds) network seed(s)" : "no network"), \(options.linear ? "linear baseline" : "no linear baseline")\(compareSplits ? ", then the other split schemes" : "") …"
            )
            let result = try CrossValidation.run(
                records: records, vectors: vectors, configuration: configuration, options: options,
                log: training.progress == .quiet ? { _ in } : { note($0) })
            times.add(result.cpuTimes)
            try times.measure("writing the report") { () throws(IOError) in try result.write(to: out) }
            print("What this says:")
            for line in result.report.verdict { print("- " + line) }
            print(
                String(
                    format:
                        "Cross-validation finished in %.0f s. Report: %@/report.html (metrics.json, folds.csv, out-of-fold-predictions.csv)",
                    Date().timeIntervalSince(start), out))
            if training.progress != .quiet { note("CPU time by phase: " + times.summary) }
        }
    }
}

extension FoldScheme: ExpressibleByArgument {}
