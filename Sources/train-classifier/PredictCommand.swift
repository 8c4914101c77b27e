import ArgumentParser
import FinText
import Foundation

/// `train-classifier predict`: class and probabilities for each section of each filing.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the return class of 10-K filings or section texts with a saved model.",
        discussion: """
            Each filing is split into Items 1, 1A, 7 and 7A and each item is classified; a file without those items is classified as one document.

            With --explain, each prediction is followed by the passages that most supported it and most argued against it (windows as wide as the first convolution, 5 tokens in the study model, scored by how much removing them changes the predicted class's log-probability; see docs/explanations.md), key words highlighted when the output is a terminal, and a warning when many words had no word vector.

            Example: train-classifier predict --model runs/model filing.htm.gz --format json
            Example: train-classifier predict --model runs/model filing.htm.gz --explain
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Option(help: ArgumentHelp("The model folder.", valueName: "dir"))
    var model: String

    @Option(help: "Output format: table, json or csv.")
    var format: Format = .table

    @Option(help: "Ticker used for the ticker prefix when the filing does not state one.")
    var ticker: String?

    @Flag(help: "Show the passages that drove each prediction (table and json formats).")
    var explain = false

    @Option(help: ArgumentHelp("Passages shown on each side with --explain.", valueName: "n"))
    var passages = 5

    @Argument(help: ArgumentHelp("Filings or text files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to classify") }
        guard passages >= 1 else { throw ValidationError("--passages expects at least 1. Received: \(passages)") }
        if explain && format == .csv { throw ValidationError("--explain works with --format table or json, not csv") }
    }

    func run() throws {
        try reportingErrors {
            let classifier = try StockPerformanceClassifier.load(from: model)
            var documents: [ClassifierDocument] = []
            for file in files {
                let filing = try FilingReader.read(path: file)
                let sections = SectionExtractor.extract(from: filing).filter { $0.status == .found }
                let symbol = filing.metadata.ticker ?? ticker
                if sections.isEmpty {
                    note("warning: \(file): no Items 1, 1A, 7 or 7A found; classifying the whole text as one document")
                    documents.append(ClassifierDocument(id: file, text: filing.text, ticker: symbol))
                } else {
                    documents += sections.map {
                        ClassifierDocument(id: "\(file)#\($0.id)", text: $0.text, section: $0.id, ticker: symbol)
                    }
                }
            }
            if explain {
                let explanations = classifier.explain(documents, passages: passages)
                print(Self.render(explanations, names: classifier.configuration.labelNames, format: format))
                return
            }
            let predictions = classifier.predict(documents)
            print(Self.render(predictions, names: classifier.configuration.labelNames, format: format))
        }
    }

    static func render(_ predictions: [Prediction], names: [String], format: Format) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return predictions.compactMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: "\n")
        case .csv:
            let header = CSVField.row(["id", "predicted"] + names.map { "p_\($0)" })
            let rows = predictions.map { p in
                CSVField.row([p.id, p.labelName] + p.probabilities.map { String(format: "%.6f", $0) })
            }
            return ([header] + rows).joined(separator: "\n")
        case .table:
            let width = max(8, predictions.map(\.id.count).max() ?? 8)
            let header =
                "document".padding(toLength: width, withPad: " ", startingAt: 0) + "  class   "
                + names.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined(separator: " ")
            let rows = predictions.map { p in
                p.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + p.labelName.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + p.probabilities.map { String(format: "%-8.3f", $0) }.joined(separator: " ")
            }
            return ([header] + rows).joined(separator: "\n")
        }
    }
}

// MARK: --explain

extension PredictCommand {
    /// One JSON line of `--explain --format json`: the prediction's fields plus its explanation.
    private struct ExplainedLine: Encodable {
        var prediction: Prediction
        var explanation: Explanation

        enum CodingKeys: String, CodingKey { case id, label, labelName, probabilities, explanation }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(prediction.id, forKey: .id)
            try c.encode(prediction.label, forKey: .label)
            try c.encode(prediction.labelName, forKey: .labelName)
            try c.encode(prediction.probabilities, forKey: .probabilities)
            try c.encode(explanation, forKey: .explanation)
        }
    }

    /// Explanations as JSON lines or as the table followed by each document's passages. Key words are
    /// coloured when standard output is a terminal (and `NO_COLOR` is unset), else bracketed.
    static func render(_ explanations: [Explanation], names: [String], format: Format) -> String {
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return explanations.compactMap {
                try? encoder.encode(ExplainedLine(prediction: $0.prediction, explanation: $0))
            }
            .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        }
        let color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        func highlight(_ text: String, support: Bool) -> String {
            color ? (support ? "\u{1B}[1;33m" : "\u{1B}[1;36m") + text + "\u{1B}[0m" : "[" + text + "]"
        }
        var lines = [render(explanations.map(\.prediction), names: names, format: .table)]
        for e in explanations {
            let probabilities = zip(names, e.probabilities).map { "\($0) \(String(format: "%.3f", $1))" }.joined(
                separator: ", ")
            lines.append("")
            lines.append("\(e.id): \(e.labelName) (\(probabilities)); \(e.tokensSeen) tokens read")
            for warning in e.warnings { lines.append("  warning: \(warning)") }
            for (title, list, support) in [("supporting", e.supporting, true), ("against", e.opposing, false)] {
                lines.append("  \(title) \(e.labelName):" + (list.isEmpty ? " none" : ""))
                for (k, p) in list.enumerated() {
                    let text = [
                        p.before.isEmpty ? "" : "… " + p.before, highlight(p.key, support: support),
                        p.after.isEmpty ? "" : p.after + " …",
                    ]
                    .filter { !$0.isEmpty }.joined(separator: " ")
                    lines.append("    \(k + 1). \(String(format: "%+.3f", p.score))  token \(p.tokenIndex)  \(text)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
