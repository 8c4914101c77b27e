public import ArgumentParser
import FinText

/// How filings are labelled, shared by `prepare` and `encode`.
struct LabellingOptions: ParsableArguments {
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
            "Apply these saved bin edges (a training set's DATASET.edges.json, or an encoded dataset's DIR/edges.json) instead of fitting new ones; the number of bins is theirs.",
            valueName: "edges.json"))
    var edges: String?

    func validate() throws {
        guard Horizon(horizon) != nil else {
            throw ValidationError("--horizon expects Nd or Nw, for example 4w. Received: \(horizon)")
        }
        guard bins >= 2 else { throw ValidationError("--bins expects at least 2. Received: \(bins)") }
    }

    /// The saved edges `--edges` names, read; nil without `--edges`.
    /// - Throws: `IOError` naming the file when it cannot be read or is not an edges file.
    func savedEdges() throws -> GroupedQuantileEdges? {
        try edges.map { try GroupedQuantileEdges.read(from: $0) }
    }

    /// The library's options for these flags (reading `--edges`).
    func preparation() throws -> DatasetPreparation.Options {
        Self.preparation(
            horizon: horizon, bins: bins, industries: industry, binWithin: binWithin, afterClose: afterClose,
            edges: try savedEdges())
    }

    /// The library's options for the given settings; saved `edges` replace fitting, and set the bin count.
    static func preparation(
        horizon: String, bins: Int, industries: [String], binWithin: DatasetPreparation.Binning, afterClose: Bool,
        edges: GroupedQuantileEdges? = nil
    ) -> DatasetPreparation.Options {
        var options = DatasetPreparation.Options()
        options.horizon = Horizon(horizon) ?? .fourWeeks
        options.bins = edges?.binCount ?? bins
        options.binning = binWithin
        options.industries = industries.isEmpty ? nil : Set(industries)
        options.afterClose = afterClose
        options.edges = edges
        return options
    }
}

extension DatasetPreparation.Binning: ExpressibleByArgument {}
