import ArgumentParser
import FinText
import Foundation

/// `train-classifier predict`: class and probabilities for each section of each filing.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the return class of 10-K filings or section texts with a saved model.",
        discussion: """
            Each filing (or each file of a folder) is split into Items 1, 1A, 7 and 7A and each item is classified; a file without those items is classified as one document. Then the filing gets one prediction: the mean of its sections' probabilities, over the sections without warnings when there are any (docs/decisions/0122), with its ticker, CIK and period.

            Sections whose boundaries are doubtful or that are nearly empty for the model are flagged in every format (! in the table, "warnings" in json and csv); --strict refuses to predict when any is. What the extractor could not resolve (a cross-reference index entry, an item incorporated by reference to an exhibit that is not in the file) is printed on standard error as "warning: FILE: Item N: …".

            The model folder may hold the network or the linear baseline (train --model linear); --explain needs the network.

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

    @Option(
        help: ArgumentHelp(
            "CSV mapping file names to cik, ticker, company (wins over the filing's own).", valueName: "index.csv"))
    var index: String?

    @Option(help: "Ticker used for the ticker prefix when neither the index nor the filing states one.")
    var ticker: String?

    @Flag(help: "Refuse (exit 1, no predictions) when any section is doubtful or nearly empty.")
    var strict = false

    @Flag(help: "Show the passages that drove each prediction (table and json formats).")
    var explain = false

    @Option(help: ArgumentHelp("Passages shown on each side with --explain.", valueName: "n"))
    var passages = 5

    @OptionGroup var execution: ExecutionOptions

    @Argument(help: ArgumentHelp("Filings or text files, or folders of them.", valueName: "path"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to classify") }
        guard passages >= 1 else { throw ValidationError("--passages expects at least 1. Received: \(passages)") }
        if explain && format == .csv { throw ValidationError("--explain works with --format table or json, not csv") }
    }

    func run() throws {
        try reportingErrors {
            let saved = try SavedModel.load(from: model).running(on: execution.executionPath)
            if explain, saved.kind == .linear {
                throw ValidationError(
                    "--explain needs a network model; \(model) holds the linear baseline (\(LinearBaseline.fileName)), whose passages are not scored"
                )
            }
            let filingIndex = try index.map { try FilingIndex.read($0) } ?? FilingIndex()
            let paths = try FilingLoader.files(in: files)
            var filings: [FilingDocuments] = []
            for path in paths {
                let filing = try FilingDocuments.read(path: path, index: filingIndex, ticker: ticker)
                for warning in filing.warnings { note("warning: \(path): \(warning)") }
                filings.append(filing)
            }
            let documents = filings.flatMap(\.documents)
            let names = saved.configuration.labelNames
            if explain, case .network(let classifier) = saved {
                var explanations: [Explanation] = []
                for (k, document) in documents.enumerated() {
                    if documents.count > 1 { note("explaining \(k + 1)/\(documents.count): \(document.id)") }
                    explanations.append(classifier.explain(document, passages: passages))
                }
                try refuseWhenStrict(explanations.map(\.prediction))
                let combined = Self.combine(filings, explanations.map(\.prediction), names: names)
                print(try Self.render(explanations, filings: combined, names: names, format: format))
                return
            }
            let predictions = saved.predict(documents)
            try refuseWhenStrict(predictions)
            let combined = Self.combine(filings, predictions, names: names)
            print(try Self.render(predictions, filings: combined, names: names, format: format))
        }
    }

    /// With `--strict`, an error naming the first flagged document and how many there are.
    func refuseWhenStrict(_ predictions: [Prediction]) throws {
        let flagged = predictions.filter { !$0.warnings.isEmpty }
        guard strict, let first = flagged.first else { return }
        throw ValidationError(
            "--strict: \(first.id): \(first.warnings.joined(separator: "; "))"
                + (flagged.count > 1 ? " (and \(flagged.count - 1) more flagged documents)" : ""))
    }

    /// One combined prediction per filing (decision 0122), in input order.
    static func combine(_ filings: [FilingDocuments], _ predictions: [Prediction], names: [String])
        -> [FilingPrediction]
    {
        var byID: [String: Prediction] = [:]
        for p in predictions { byID[p.id] = p }
        return filings.map { filing in
            FilingPrediction(
                filing: filing, predictions: filing.documents.compactMap { byID[$0.id] }, labelNames: names)
        }
    }

    /// One JSON line of `--format json`: a section's (or whole text's) prediction, or a filing's combined one.
    private struct PredictionLine: Encodable {
        var level: String
        var id: String
        var file: String
        var section: String?
        var ticker: String?
        var cik: String?
        var period: String?
        var label: Int
        var labelName: String
        var probabilities: [Double]
        var warnings: [String]
        var combined: [String]?
        var explanation: Explanation?
    }

    private static func lines(
        _ predictions: [Prediction], explanations: [Explanation]?, filings: [FilingPrediction]
    ) -> [PredictionLine] {
        var result: [PredictionLine] = []
        var k = 0
        for filing in filings {
            let count = filing.documentCount
            for j in k..<(k + count) {
                let p = predictions[j]
                let section =
                    p.id.hasPrefix(filing.source + "#") ? String(p.id.dropFirst(filing.source.count + 1)) : nil
                result.append(
                    PredictionLine(
                        level: "section", id: p.id, file: filing.source, section: section, ticker: filing.ticker,
                        cik: filing.cik, period: filing.period, label: p.label, labelName: p.labelName,
                        probabilities: p.probabilities, warnings: p.warnings, combined: nil,
                        explanation: explanations?[j]))
            }
            k += count
            result.append(
                PredictionLine(
                    level: "filing", id: filing.source, file: filing.source, section: nil, ticker: filing.ticker,
                    cik: filing.cik, period: filing.period, label: filing.label, labelName: filing.labelName,
                    probabilities: filing.probabilities, warnings: filing.warnings, combined: filing.combined,
                    explanation: nil))
        }
        return result
    }

    static func render(
        _ predictions: [Prediction], filings: [FilingPrediction], names: [String], format: Format,
        explanations: [Explanation]? = nil
    ) throws -> String {
        let rows = lines(predictions, explanations: explanations, filings: filings)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try rows.map { row in
                do {
                    return String(decoding: try encoder.encode(row), as: UTF8.self)
                } catch {
                    throw ClassifierError.data("\(row.id): the prediction cannot be written as JSON: \(error)")
                }
            }
            .joined(separator: "\n")
        case .csv:
            let header = CSVField.row(
                ["level", "id", "file", "section", "ticker", "cik", "period", "predicted"] + names.map { "p_\($0)" }
                    + ["warnings"])
            let body = rows.map { r in
                CSVField.row(
                    [r.level, r.id, r.file, r.section ?? "", r.ticker ?? "", r.cik ?? "", r.period ?? "", r.labelName]
                        + r.probabilities.map { String(format: "%.6f", $0) } + [r.warnings.joined(separator: "; ")])
            }
            return ([header] + body).joined(separator: "\n")
        case .table:
            let ids = rows.map { $0.level == "filing" ? "\($0.id) (filing)" : $0.id }
            let width = max(8, ids.map(\.count).max() ?? 8)
            let header =
                "document".padding(toLength: width, withPad: " ", startingAt: 0) + "  class   "
                + names.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined(separator: " ")
                + " flag"
            var lines = [header]
            for (r, id) in zip(rows, ids) {
                lines.append(
                    id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + r.labelName.padding(toLength: 8, withPad: " ", startingAt: 0)
                        + r.probabilities.map { String(format: "%-8.3f", $0) }.joined(separator: " ")
                        + (r.warnings.isEmpty ? "" : " !"))
                if r.level == "filing" {
                    let about = [
                        r.ticker.map { "ticker \($0)" }, r.cik.map { "CIK \($0)" }, r.period.map { "period \($0)" },
                    ]
                    .compactMap { $0 }
                    lines.append(
                        "  " + (about.isEmpty ? "" : about.joined(separator: ", ") + "; ")
                            + "mean of \(r.combined?.count ?? 0) section(s)")
                }
                for w in r.warnings { lines.append("  ! \(r.id): \(w)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}

// MARK: --explain

extension PredictCommand {
    /// Explanations as JSON lines (the prediction lines, each section's with its explanation) or as the
    /// table followed by each document's passages. Key words are coloured when standard output is a
    /// terminal (and `NO_COLOR` is unset), else bracketed.
    static func render(
        _ explanations: [Explanation], filings: [FilingPrediction], names: [String], format: Format
    ) throws -> String {
        let predictions = explanations.map(\.prediction)
        if format == .json {
            return try render(
                predictions, filings: filings, names: names, format: .json, explanations: explanations)
        }
        let color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        func highlight(_ text: String, support: Bool) -> String {
            color ? (support ? "\u{1B}[1;33m" : "\u{1B}[1;36m") + text + "\u{1B}[0m" : "[" + text + "]"
        }
        var lines = [try render(predictions, filings: filings, names: names, format: .table)]
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
                    let place =
                        p.characterStart.map { start in
                            "  characters \(start)..<\(p.characterEnd ?? start)"
                        } ?? ""
                    lines.append(
                        "    \(k + 1). \(String(format: "%+.3f", p.score))  token \(p.tokenIndex)\(place)  \(text)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
