import ArgumentParser
import FinText

/// `train-classifier train`: dataset manifest + word vectors → model folder and validation report.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the 10-K classifier and write the model folder and its validation report.",
        discussion: """
            Writes MODEL_DIR/config.json, weights.safetensors, tokenizer.json, history.json and MODEL_DIR/report/; with --model linear, MODEL_DIR/linear-model.json (TF-IDF + logistic regression, --linear-c and --min-df; no word vectors needed), training-documents.txt and report/ instead. predict, evaluate and summary load either kind (docs/model-format.md). MODEL_DIR is checked before training starts and written under a temporary name beside it, then put in place when every file was written, so a failed run leaves an existing folder as it was. With --checkpoint-dir a checkpoint is written after every epoch; --resume continues from the newest usable one (a damaged newest checkpoint is skipped with a warning) and ends exactly as an uninterrupted run would. --config takes a configuration file or a model folder's config.json. With --logdir, TensorBoard event files are written while training runs (docs/training.md lists the tags).

            Example: train-classifier train --data runs/dataset.jsonl --embeddings data/glove.6B.50d.subset.txt.gz --out runs/model
            Example: train-classifier train --model linear --data runs/dataset.jsonl --out runs/linear
            """)

    @Option(help: ArgumentHelp("The dataset manifest written by `prepare`.", valueName: "dataset.jsonl"))
    var data: String?

    @Option(
        help: ArgumentHelp(
            "A sharded token dataset written by `encode`, streamed from disk instead of --data.", valueName: "dir"))
    var dataset: String?

    @Option(help: ArgumentHelp("The model folder to write.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Write a checkpoint here after every epoch.", valueName: "dir"))
    var checkpointDir: String?

    @Flag(help: "Continue from the newest complete checkpoint in --checkpoint-dir.")
    var resume = false

    @Flag(help: "Read text_path files that lie outside the manifest's folder (off: such paths are refused).")
    var allowOutsidePaths = false

    @Option(help: "Model: network (the study's CNN) or linear (TF-IDF + logistic regression baseline).")
    var model = "network"

    @OptionGroup var training: TrainingOptions
    @OptionGroup var execution: ExecutionOptions

    @OptionGroup var linear: LinearOptions

    @OptionGroup var parallel: DistributedOptions

    func validate() throws {
        if (data == nil) == (dataset == nil) { throw ValidationError("give exactly one of --data and --dataset") }
        if resume && checkpointDir == nil { throw ValidationError("--resume needs --checkpoint-dir") }
        guard model == "network" || model == "linear" else {
            throw ValidationError("--model expects network or linear. Received: \(model)")
        }
        if model == "linear" && dataset != nil {
            throw ValidationError(
                "--model linear reads the documents' text, which a token dataset (--dataset) does not hold; give --data (a manifest written by prepare)"
            )
        }
        if model == "linear" {
            // The baseline has no epochs to checkpoint or log: refuse rather than ignore these.
            for (flag, given) in [
                ("--checkpoint-dir", checkpointDir != nil), ("--logdir", training.logdir != nil),
                ("--vector-cache", training.vectorCache != nil),
            ] where given {
                throw ValidationError("\(flag) applies to the network only, not to --model linear")
            }
        } else if linear.linearC != 1.0 || linear.minDf != 1 {
            throw ValidationError("--linear-c and --min-df apply to --model linear only")
        }
        if parallel.distributed && model == "linear" {
            throw ValidationError("--distributed trains --model network only")
        }
    }

    func run() throws {
        guard parallel.distributed else {
            _ = try train(distributed: nil)
            return
        }
        try parallel.run(out: out) { try train(distributed: $0) }
    }

    /// Trains in this process, alone or as one rank of a data-parallel job (only rank 0 prints).
    private func train(distributed: DistributedTraining?) throws -> Sequential? {
        let isRoot = distributed?.isRoot ?? true
        return try reportingErrors { () throws -> Sequential? in
            let configuration = try training.configuration(needsEmbeddings: model == "network")
            if model == "linear" {
                let report = try TrainingJob.runLinear(
                    manifest: data ?? "", configuration: configuration, options: linear.options, out: out,
                    allowOutsidePaths: allowOutsidePaths)
                print(report.render())
                print("Linear model written to \(out)/\(LinearBaseline.fileName); report in \(out)/report/report.html")
                return nil
            }
            let progress = isRoot ? training.reporter() : ProgressReporter(style: .quiet)
            let logdir = training.logFolder(default: nil)
            let run =
                if let dataset {
                    try TrainingJob.run(
                        dataset: dataset, configuration: configuration, out: out, checkpointFolder: checkpointDir,
                        resume: resume, progress: progress, logdir: logdir, vectorCacheFolder: training.vectorCache,
                        distributed: distributed,
                        executionPath: execution.executionPath)
                } else {
                    try TrainingJob.run(
                        manifest: data ?? "", configuration: configuration, out: out, checkpointFolder: checkpointDir,
                        resume: resume, progress: progress, logdir: logdir, allowOutsidePaths: allowOutsidePaths,
                        vectorCacheFolder: training.vectorCache, distributed: distributed,
                        executionPath: execution.executionPath)
                }
            guard isRoot else { return run.classifier.model }
            print(run.report().render())
            print("Model written to \(out); report in \(out)/report/report.html")
            return run.classifier.model
        }
    }
}
