import ArgumentParser
import FinText

/// `train-classifier prepare`: filings + prices → labelled dataset manifest.
struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Label 10-K section documents by the stock's market-normalised return after the filing.",
        discussion: """
            Reads raw filings (EDGAR .txt, HTML/iXBRL, plain text; gzip or not; folders of them) and JSON Lines files of pre-extracted sections, finds Items 1, 1A, 7 and 7A, computes each filing's return from the filing date to the horizon against the benchmark, cuts the excess returns into equal-frequency bins, and writes one JSON line per section document.

            Example: train-classifier prepare --filings data/sections-2023.jsonl.gz --prices data/prices --out runs/dataset.jsonl
            """)

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Filing files or folders.", valueName: "path"))
    var filings: [String]

    @Option(help: ArgumentHelp("CSV mapping file names to cik, ticker, filing_date, sic.", valueName: "index.csv"))
    var index: String?

    @Option(help: ArgumentHelp("Folder of TICKER.csv price files, or one CSV with a Ticker column.", valueName: "path"))
    var prices: String

    @OptionGroup var labelling: LabellingOptions

    @Option(help: ArgumentHelp("The manifest to write (JSON Lines).", valueName: "dataset.jsonl"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "Also save the labelled filings' extracted sections as pre-extracted JSON Lines (.gz to compress).",
            valueName: "sections.jsonl.gz"))
    var saveSections: String?

    func validate() throws {
        guard !filings.isEmpty else { throw ValidationError("--filings expects at least one file or folder") }
    }

    func run() throws {
        try reportingErrors {
            let edgesFile = out + ".edges.json"
            let outputs = try StagedOutputs(files: [out, edgesFile] + (saveSections.map { [$0] } ?? []))
            let result = try Self.prepare(
                filings: filings, index: index, prices: prices, benchmark: labelling.benchmark,
                horizon: labelling.horizon, bins: labelling.bins, industries: labelling.industry,
                binWithin: labelling.binWithin, afterClose: labelling.afterClose, edges: try labelling.savedEdges())
            try result.manifest.write(to: outputs.staged(out))
            try result.edges.write(to: outputs.staged(edgesFile))
            if let saveSections {
                try FilingLoader.writeJSONLines(result.filings, to: outputs.staged(saveSections))
            }
            try outputs.commit()
            print(Self.describe(result, out: out, bins: result.edges.binCount))
        }
    }

    /// The shared preparation used by `prepare` and the main job.
    static func prepare(
        filings: [String], index: String?, prices: String, benchmark: String, horizon: String, bins: Int,
        industries: [String], binWithin: DatasetPreparation.Binning, afterClose: Bool,
        edges: GroupedQuantileEdges? = nil
    ) throws -> DatasetPreparation.Result {
        let filingIndex = try index.map { try FilingIndex.read($0) } ?? FilingIndex()
        let (loaded, skipped) = try FilingLoader.load(paths: filings, index: filingIndex)
        // What the extractor could not resolve in a filing that is still used (skipped ones say it in their reason).
        for filing in loaded {
            for warning in filing.warnings { note("warning: \(filing.source): \(warning)") }
        }
        let (library, benchmarkHistory, benchmarkWarnings) = try loadPrices(prices, benchmark: benchmark)
        let options = LabellingOptions.preparation(
            horizon: horizon, bins: bins, industries: industries, binWithin: binWithin, afterClose: afterClose,
            edges: edges)
        var result = try DatasetPreparation.prepare(
            filings: loaded, prices: library, benchmark: benchmarkHistory, options: options, alreadySkipped: skipped)
        result.priceWarnings += benchmarkWarnings
        return result
    }

    /// The price library at `prices` (a folder of TICKER.csv files or one CSV) and the benchmark's history
    /// (a ticker in it, or a CSV file), with the benchmark file's warnings when it is a separate file.
    static func loadPrices(
        _ prices: String, benchmark: String
    ) throws -> (PriceLibrary, PriceHistory, [PriceFileWarning]) {
        let library: PriceLibrary
        if FileData.isDirectory(prices) {
            library = try PriceLibrary.load(folder: prices)
        } else {
            library = try PriceLibrary.load(file: prices)
        }
        if let history = library[benchmark] { return (library, history, []) }
        if FileData.exists(benchmark) {
            let (history, warnings) = try PriceHistory.load(file: benchmark)
            return (library, history, warnings)
        }
        throw ValidationError("benchmark \(benchmark) is neither a ticker in \(prices) nor a file")
    }

    /// What was labelled, every skipped or dropped filing with its reason, the tickers without usable
    /// prices, and the dataset summary with label names (`labelNames` for `bins` classes, else class0, …).
    static func describe(_ result: DatasetPreparation.Result, out: String, bins: Int) -> String {
        var lines = [
            "Labelled \(result.filingCount) filings, \(result.manifest.records.count) section documents → \(out)"
        ]
        func list(_ title: String, _ items: [some CustomStringConvertible], limit: Int = .max) {
            guard !items.isEmpty else { return }
            lines.append("\(title) (\(items.count)):")
            lines += items.prefix(limit).map { "  \($0)" }
            if items.count > limit { lines.append("  … and \(items.count - limit) more") }
        }
        // Every skipped or dropped filing is named (#21); price warnings can run to thousands of rows.
        list("Skipped filings", result.skipped)
        list("Price file warnings (rows skipped or reordered, gaps)", result.priceWarnings, limit: 20)
        list("Dropped filings for want of prices", result.dropped)
        if !result.dropped.isEmpty {
            lines.append(
                "Tickers with no usable prices: "
                    + DatasetPreparation.tickersWithoutPrices(result.dropped).joined(separator: ", "))
        }
        lines += result.warnings.map { "warning: \($0)" }
        var summary = result.manifest.summary(edges: result.edges)
        let defaults = ClassifierConfiguration().labelNames
        summary.labelNames = bins == defaults.count ? defaults : (0..<bins).map { "class\($0)" }
        lines.append(summary.description)
        return lines.joined(separator: "\n")
    }
}
