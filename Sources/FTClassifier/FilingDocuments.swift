import FTText

/// One filing read for prediction: who filed it, for which period, and the documents the classifier reads
/// (one per study item found, or the whole text when none is), each carrying the extractor's doubts.
public struct FilingDocuments: Sendable, Equatable {
    /// The file.
    public var source: String
    /// Ticker: from the index, else the filing's own (`dei:TradingSymbol`), else the fallback given.
    public var ticker: String?
    /// Central Index Key: from the index, else the filing's own.
    public var cik: String?
    /// Period of report (ISO date when the filing states it so): from the index, else the filing's own.
    public var period: String?
    /// Company name: from the index, else the filing's own.
    public var company: String?
    /// The documents to classify, ids `FILE#ITEM` (or `FILE` for a whole text), with `textOffset` set to
    /// where each starts in the filing's text.
    public var documents: [ClassifierDocument]
    /// What the section extractor could not resolve, each starting "Item N: " (an index entry whose pages or
    /// heading are not in the document, an item incorporated by reference to an exhibit that is not at hand);
    /// `predict` prints them on standard error with the file name.
    public var warnings: [String] = []

    /// Reads the filing at `path` and splits it into the documents `predict` classifies.
    ///
    /// An item whose boundaries the extractor doubts gets its warnings (`doubtful boundaries: …`); a filing
    /// without any of `items` becomes one document of its whole text, with a warning saying so. What the
    /// extractor could not resolve is in ``warnings``.
    /// - Parameters:
    ///   - index: Metadata that wins over what the filing states (as for `prepare`).
    ///   - ticker: The ticker to use when neither the index nor the filing gives one.
    /// - Throws: `IOError` or `FilingError` naming the file when it cannot be read.
    public static func read(
        path: String, index: FilingIndex = FilingIndex(), ticker: String? = nil,
        items: [String] = FilingLoader.studyItems
    ) throws -> FilingDocuments {
        let filing = try FilingReader.read(path: path)
        let entry = index.entry(for: path)
        let metadata = filing.metadata
        let symbol = (entry?.ticker ?? metadata.ticker ?? ticker)?.uppercased()
        let extraction = SectionExtractor.extraction(from: filing)
        let sections = extraction.sections.filter { $0.status == .found && items.contains($0.id) }
        let documents: [ClassifierDocument]
        if sections.isEmpty {
            documents = [
                ClassifierDocument(
                    id: path, text: filing.text, ticker: symbol, textOffset: 0,
                    warnings: [
                        "doubtful boundaries: no Item \(items.joined(separator: ", ")) found; the whole text is classified as one document"
                    ])
            ]
        } else {
            documents = sections.map {
                ClassifierDocument(
                    id: "\(path)#\($0.id)", text: $0.text, section: $0.id, ticker: symbol,
                    textOffset: $0.span.lowerBound, warnings: $0.warnings.map { "doubtful boundaries: \($0)" })
            }
        }
        return FilingDocuments(
            source: path, ticker: symbol, cik: entry?.cik ?? metadata.cik, period: metadata.period,
            company: entry?.company ?? metadata.company, documents: documents, warnings: extraction.warnings)
    }
}

/// The prediction for a whole filing, combined from its documents' predictions.
///
/// Rule (decision 0122): the filing's probabilities are the mean of its documents' probabilities, counting
/// only the documents without warnings when at least one has none (a doubtful or nearly empty section
/// should not pull a well-read filing towards the model's empty-input answer); its class is the most
/// probable one (ties to the lower class). A filing all of whose documents carry warnings is flagged.
public struct FilingPrediction: Sendable, Equatable, Codable {
    /// The file.
    public var source: String
    /// Ticker, CIK and period of report, when known.
    public var ticker: String?
    /// Central Index Key.
    public var cik: String?
    /// Period of report.
    public var period: String?
    /// The combined class.
    public var label: Int
    /// Its name.
    public var labelName: String
    /// The combined probabilities (sum to 1).
    public var probabilities: [Double]
    /// The ids of the documents whose probabilities were averaged.
    public var combined: [String]
    /// Why the filing's prediction may not be trusted; empty when none.
    public var warnings: [String]
    /// How many documents the filing had (its section rows in output come first, in this number).
    public var documentCount: Int

    /// Combines the predictions of `filing`'s documents (in any order; matched by id).
    /// - Precondition: `predictions` holds at least one prediction, all with `labelNames.count` classes.
    public init(filing: FilingDocuments, predictions: [Prediction], labelNames: [String]) {
        precondition(!predictions.isEmpty, "FilingPrediction expected at least one prediction. Received: none")
        let trusted = predictions.filter(\.warnings.isEmpty)
        let used = trusted.isEmpty ? predictions : trusted
        var mean = [Double](repeating: 0, count: labelNames.count)
        for p in used {
            precondition(
                p.probabilities.count == labelNames.count,
                "FilingPrediction expected \(labelNames.count) probabilities. Received: \(p.probabilities.count)")
            for c in mean.indices { mean[c] += p.probabilities[c] / Double(used.count) }
        }
        let label = mean.indices.max { mean[$0] < mean[$1] || (mean[$0] == mean[$1] && $0 > $1) } ?? 0
        source = filing.source
        ticker = filing.ticker
        cik = filing.cik
        period = filing.period
        self.label = label
        labelName = labelNames[label]
        probabilities = mean
        combined = used.map(\.id)
        documentCount = filing.documents.count
        warnings =
            trusted.isEmpty
            ? ["every document of the filing has a warning; the filing's prediction averages them all"] : []
    }
}
