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

            Example: train-classifier predict --model runs/model filing.htm.gz --format json
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Option(help: ArgumentHelp("The model folder.", valueName: "dir"))
    var model: String

    @Option(help: "Output format: table, json or csv.")
    var format: Format = .table

    @Option(help: "Ticker used for the ticker prefix when the filing does not state one.")
    var ticker: String?

    @Argument(help: ArgumentHelp("Filings or text files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to classify") }
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
            let header = "id,predicted," + names.map { "p_\($0)" }.joined(separator: ",")
            let rows = predictions.map { p in
                let id = p.id.contains(",") ? "\"\(p.id.replacingOccurrences(of: "\"", with: "\"\""))\"" : p.id
                return "\(id),\(p.labelName)," + p.probabilities.map { String(format: "%.6f", $0) }.joined(separator: ",")
            }
            return ([header] + rows).joined(separator: "\n")
        case .table:
            let width = max(8, predictions.map(\.id.count).max() ?? 8)
            let header = "document".padding(toLength: width, withPad: " ", startingAt: 0) + "  class   "
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
