import ArgumentParser
import FinText

/// `train-classifier evaluate`: a saved model on a labelled dataset → report.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a saved model on a labelled dataset manifest and write a report.",
        discussion: """
            The model folder may hold the network or the linear baseline (train --model linear). Writes OUT/report.html (also report.md, metrics.json, confusion.svg) and OUT/predictions.csv; the network's report also explains a sample of predictions.

            With --dataset the documents are streamed from a token dataset written by `encode` (its vocabulary must be the model's, so a network trained on it with train --dataset); the report then has no explanations, the dataset holding no text.

            Example: train-classifier evaluate --model runs/model --data runs/dataset.jsonl --out runs/eval
            """)

    @Option(help: ArgumentHelp("The model folder.", valueName: "dir"))
    var model: String

    @Option(help: ArgumentHelp("A dataset manifest with labels.", valueName: "dataset.jsonl"))
    var data: String?

    @Option(help: ArgumentHelp("A token dataset written by `encode`, instead of --data.", valueName: "dir"))
    var dataset: String?

    @Option(help: ArgumentHelp("The report folder to write.", valueName: "dir"))
    var out: String

    @Flag(help: "Read text_path files that lie outside the manifest's folder (off: such paths are refused).")
    var allowOutsidePaths = false

    @OptionGroup var execution: ExecutionOptions

    func validate() throws {
        if (data == nil) == (dataset == nil) { throw ValidationError("give exactly one of --data and --dataset") }
    }

    func run() throws {
        try reportingErrors {
            let outputs = try StagedOutputs(
                folders: [.init(out, contents: EvaluationReport.allFileNames + ["predictions.csv"])])
            let saved = try SavedModel.load(from: model).running(on: execution.executionPath)
            let names = saved.configuration.labelNames
            let records: [DatasetManifest.Record]
            let edges: GroupedQuantileEdges?
            var documents: [ClassifierDocument]?
            let predictions: [Prediction]
            let data: String
            if let dataset {
                guard case .network(let classifier) = saved else {
                    throw ValidationError(
                        "--dataset needs a network model (a token dataset holds the network's token ids); \(model) holds the linear baseline: give it --data"
                    )
                }
                data = dataset
                let tokens = try TokenDataset(folder: dataset)
                records = try StockPerformanceClassifier.splitRecords(tokens)
                edges = try? GroupedQuantileEdges.read(from: dataset + "/edges.json")
                note("Predicting \(records.count) documents …")
                predictions = try classifier.predict(dataset: tokens)
            } else {
                data = self.data ?? ""
                records = try TrainingJob.loadRecords(manifest: data, allowOutsidePaths: allowOutsidePaths)
                edges = LabelDefinition.edges(besideManifest: data)
                guard !records.isEmpty else { throw ClassifierError.data("\(data): no documents to evaluate") }
                if let bad = records.first(where: { !(0..<names.count).contains($0.label) }) {
                    throw ClassifierError.data(
                        "\(data): document \(bad.id) has label \(bad.label); the model knows \(names.count) classes")
                }
                let texts = records.map(StockPerformanceClassifier.document(for:))
                note("Predicting \(texts.count) documents …")
                predictions = saved.predict(texts)
                documents = texts
            }
            let seen = TrainingJob.documentList(folder: model)
            let reusedTraining = records.filter { seen.training.contains($0.id) }.count
            let reusedValidation = records.filter { seen.validation.contains($0.id) }.count
            var warnings: [String] = []
            if reusedTraining > 0 {
                warnings.append(
                    "\(reusedTraining) of \(records.count) documents in \(data) were in the model's training set: their accuracy is not out of sample"
                )
            }
            // Only the network's validation set chose something (its best epoch).
            if reusedValidation > 0 && saved.kind == .network {
                warnings.append(
                    "\(reusedValidation) of \(records.count) documents in \(data) were in the model's validation set, which chose its best epoch"
                )
            }
            for warning in warnings { note("warning: " + warning) }
            let metrics = ClassificationMetrics(
                trueLabels: records.map(\.label), predictedLabels: predictions.map(\.label),
                probabilities: predictions.map(\.probabilities), labelNames: names)
            var context = [
                "model": "\(model) (\(saved.kind == .network ? "network" : "linear baseline"))", "data": data,
                "evaluated on": "\(records.count) documents",
                "labels": LabelDefinition.describe(records: records, edges: edges, labelNames: names),
            ]
            if !warnings.isEmpty { context["warning"] = warnings.joined(separator: "; ") }
            var report = EvaluationReport(metrics: metrics, context: context)
            if let documents, case .network(let classifier) = saved {
                note("Writing the report: explaining predictions …")
                report.explanations = classifier.explanationSection(
                    documents: documents, predictions: predictions, trueLabels: records.map(\.label))
            }
            let folder = outputs.staged(out)
            try report.write(to: folder)
            try AtomicFile.write(
                PredictionsTable.csv(
                    records: records, predictions: predictions, trueLabels: records.map(\.label), labelNames: names),
                to: folder + "/predictions.csv")
            try outputs.commit()
            print(report.render())
            print("Report written to \(out)/report.html")
        }
    }
}
