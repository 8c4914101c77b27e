import ArgumentParser
import FinText
import Foundation

/// `train-classifier report`: builds the evaluation report from any model's predictions CSV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build an evaluation report (metrics.json, report.md, report.html, SVG figures) from predictions.",
        discussion: """
            The CSV has a header with the columns `true` and `predicted` (label names or 0-based indices), optionally `id`, and optionally one probability column `p_<label>` per label (each row summing to 1 within 1e-3).

            Example: train-classifier report --predictions val.csv --out report --labels low,medium,high
            """)

    @Option(name: .long, help: ArgumentHelp("The predictions CSV file.", valueName: "file.csv"))
    var predictions: String

    @Option(
        name: .long, help: ArgumentHelp("The folder to write the report into (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("A Keras-style history.json to plot.", valueName: "history.json"))
    var history: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The class names in index order, comma-separated.", valueName: "low,medium,high"))
    var labels: String?

    func validate() throws {
        if let labels {
            let names = labels.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpacesForCLI() }
            guard names.count >= 2, names.allSatisfy({ !$0.isEmpty }) else {
                throw ValidationError(
                    "--labels expects at least two non-empty comma-separated names. Received: \(labels)")
            }
            guard Set(names).count == names.count else {
                throw ValidationError("--labels repeats a name. Received: \(labels)")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            let names = labels?.split(separator: ",").map { $0.trimmingSpacesForCLI() }
            let outputs = try StagedOutputs(folders: [.init(out, contents: EvaluationReport.allFileNames)])
            let file = try PredictionsFile.read(path: predictions, labels: names)
            let trainingHistory = try history.map { path throws(EvaluationInputError) in
                try TrainingHistory.read(path: path)
            }
            var context = ["predictions": predictions]
            if let history { context["history"] = history }
            let report = EvaluationReport(metrics: file.metrics(), history: trainingHistory, context: context)
            try report.write(to: outputs.staged(out))
            try outputs.commit()
            print(report.render())
            print("Report written to \(out): \(report.fileNames.joined(separator: ", "))")
        }
    }

}

extension Substring {
    /// The text without surrounding spaces.
    fileprivate func trimmingSpacesForCLI() -> String {
        let trimmed = drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        return String(trimmed)
    }
}
