public import ArgumentParser
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

    @Option(help: "Benchmark ticker in the prices (or a CSV file path).")
    var benchmark = "SPY"

    @Option(help: "Return horizon: Nd days or Nw weeks (4w = 28 calendar days).")
    var horizon = "4w"

    @Option(help: "Number of equal-frequency bins (at most the filings in each group).")
    var bins = 3

    @Option(help: ArgumentHelp("Keep only filings with this SIC code (repeatable).", valueName: "SIC"))
    var industry: [String] = []

    @Option(help: "Compute bins over all filings or within each industry.")
    var binWithin: DatasetPreparation.Binning = .all

    @Flag(help: "Treat filings as made after the close (the return starts the next trading day).")
    var afterClose = false

    @Option(
        help: ArgumentHelp(
            "Apply these saved bin edges (a training set's DATASET.edges.json) instead of fitting new ones.",
            valueName: "edges.json"))
    var edges: String?

    @Option(help: ArgumentHelp("The manifest to write (JSON Lines).", valueName: "dataset.jsonl"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "Also save the labelled filings' extracted sections as pre-extracted JSON Lines (.gz to compress).",
            valueName: "sections.jsonl.gz"))
    var saveSections: String?

    func validate() throws {
        guard !filings.isEmpty else { throw ValidationError("--filings expects at least one file or folder") }
        guard Horizon(horizon) != nil else {
            throw ValidationError("--horizon expects Nd or Nw, for example 4w. Received: \(horizon)")
        }
        guard bins >= 2 else { throw ValidationError("--bins expects at least 2. Received: \(bins)") }
    }

    func run() throws {
        try reportingErrors {
            let edgesFile = out + ".edges.json"
            let outputs = try StagedOutputs(files: [out, edgesFile] + (saveSections.map { [$0] } ?? []))
            let result = try Self.prepare(
                filings: filings, index: index, prices: prices, benchmark: benchmark, horizon: horizon, bins: bins,
                industries: industry, binWithin: binWithin, afterClose: afterClose,
                edges: try edges.map { try GroupedQuantileEdges.read(from: $0) })
            try result.manifest.write(to: outputs.staged(out))
            try result.edges.write(to: outputs.staged(edgesFile))
            if let saveSections {
                try FilingLoader.writeJSONLines(result.filings, to: outputs.staged(saveSections))
            }
            try outputs.commit()
            print(Self.describe(result, out: out, bins: bins))
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
        let library: PriceLibrary
        if FileData.isDirectory(prices) {
            library = try PriceLibrary.load(folder: prices)
        } else {
            library = try PriceLibrary.load(file: prices)
        }
        let benchmarkHistory: PriceHistory
        var benchmarkWarnings: [PriceFileWarning] = []
        if let history = library[benchmark] {
            benchmarkHistory = history
        } else if FileData.exists(benchmark) {
            (benchmarkHistory, benchmarkWarnings) = try PriceHistory.load(file: benchmark)
        } else {
            throw ValidationError("benchmark \(benchmark) is neither a ticker in \(prices) nor a file")
        }
        var options = DatasetPreparation.Options()
        options.horizon = Horizon(horizon) ?? .fourWeeks
        options.bins = bins
        options.binning = binWithin
        options.industries = industries.isEmpty ? nil : Set(industries)
        options.afterClose = afterClose
        if let edges {
            options.edges = edges
            options.bins = edges.binCount
        }
        var result = try DatasetPreparation.prepare(
            filings: loaded, prices: library, benchmark: benchmarkHistory, options: options, alreadySkipped: skipped)
        result.priceWarnings += benchmarkWarnings
        return result
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

extension DatasetPreparation.Binning: ExpressibleByArgument {}
