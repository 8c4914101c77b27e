public import FTDataset
public import FTMarket

/// Turns filings and price histories into a labelled data set: one document per extracted section, each
/// carrying its filing's market-normalised return and label.
///
/// Labels are equal-frequency bins (pandas `qcut` semantics) of the filings' excess returns over the
/// benchmark, one value per filing, over the whole set or within each industry (SIC code).
public enum DatasetPreparation {
    /// Whether bins are computed over all filings or per industry.
    public enum Binning: String, Sendable, Codable, CaseIterable {
        /// One set of edges for every filing.
        case all
        /// Edges per SIC code (the study built labels per industry).
        case industry
    }

    /// What `prepare` does.
    public struct Options: Sendable {
        /// Return horizon (4 weeks in the study).
        public var horizon: Horizon = .fourWeeks
        /// Number of bins (3).
        public var bins = 3
        /// Bin over all filings or per industry.
        public var binning: Binning = .all
        /// Keep only filings with one of these SIC codes; nil keeps all.
        public var industries: Set<String>?
        /// Count the filing day as after the close (start the next trading day).
        public var afterClose = false
        /// Apply these saved edges instead of fitting new ones (for new data labelled like a training set:
        /// `prepare --edges`); `bins` and `binning` are then taken from them.
        public var edges: GroupedQuantileEdges?

        /// The defaults.
        public init() {}
    }

    /// What `prepare` produced.
    public struct Result: Sendable {
        /// The labelled documents, filings in input order, sections in document order.
        public var manifest: DatasetManifest
        /// The bin edges (save them with the data set).
        public var edges: GroupedQuantileEdges
        /// Filings left out before pricing (industry filter, invalid date, duplicate).
        public var skipped: [SkippedFiling]
        /// Filings left out for want of prices, with the reason.
        public var dropped: [DroppedFiling]
        /// Filings labelled.
        public var filingCount: Int
        /// The filings that were labelled, in input order.
        public var filings: [SourceFiling]
        /// The price readers' warnings (rows skipped or reordered, gaps), each naming file and line.
        public var priceWarnings: [PriceFileWarning] = []
        /// Things the user should know about the labels, such as bins with very few filings.
        public var warnings: [String] = []
    }

    /// A bin with fewer filings than this gets a warning: too few to both train and validate a class
    /// (decision 0114).
    public static let minimumFilingsPerBin = 5

    /// Labels `filings` against `prices` and `benchmark`.
    /// - Parameter alreadySkipped: Filings left out before this step (by `FilingLoader.load`); they head the
    ///   result's `skipped` list and are named in the error when nothing can be labelled.
    /// - Throws: `ClassifierError.data` when no filing can be labelled (naming every skipped filing with its
    ///   reason and every ticker without usable prices) or the bins cannot be formed (more bins than filings
    ///   in a group, or too few distinct returns in an industry). Bins with fewer than
    ///   `minimumFilingsPerBin` filings are reported in `Result.warnings`.
    public static func prepare(
        filings: [SourceFiling], prices: PriceLibrary, benchmark: PriceHistory, options: Options = Options(),
        alreadySkipped: [SkippedFiling] = []
    ) throws(ClassifierError) -> Result {
        let priced = price(filings: filings, prices: prices, benchmark: benchmark, options: options)
        let (kept, returns, dropped) = (priced.kept, priced.returns, priced.dropped)
        let skipped = alreadySkipped + priced.skipped
        guard !returns.isEmpty else { throw noFilingLabelled(skipped: skipped, dropped: dropped) }
        let sicOf = Dictionary(kept.map { ($0.id, $0.sic ?? "unknown") }, uniquingKeysWith: { a, _ in a })
        let labels = try label(returns: returns, industryOf: sicOf, options: options)
        let returnOf = Dictionary(returns.map { ($0.event.id, $0) }, uniquingKeysWith: { a, _ in a })
        var records: [DatasetManifest.Record] = []
        var labelled: [SourceFiling] = []
        for filing in kept {
            guard let result = returnOf[filing.id], let label = labels.labelByFiling[filing.id] else { continue }
            labelled.append(filing)
            for section in filing.sections {
                records.append(
                    DatasetManifest.Record(
                        documentID: "\(filing.id)/\(section.item)", cik: filing.cik, company: filing.company,
                        industry: filing.sic ?? "unknown", section: section.item, text: section.text, result: result,
                        label: label))
            }
        }
        return Result(
            manifest: DatasetManifest(records: records), edges: labels.edges, skipped: skipped, dropped: dropped,
            filingCount: labelled.count, filings: labelled, priceWarnings: prices.warnings,
            warnings: binWarnings(returns: returns, labels: labels, industryOf: sicOf, options: options))
    }

    /// The error when no filing could be labelled: every skipped filing with its reason, and every ticker
    /// without usable prices with the dropped filings.
    public static func noFilingLabelled(skipped: [SkippedFiling], dropped: [DroppedFiling]) -> ClassifierError {
        var parts = [
            "no filing could be labelled (\(dropped.count) had no usable prices, \(skipped.count) were skipped)"
        ]
        if !skipped.isEmpty { parts.append("skipped: " + skipped.map(\.description).joined(separator: "; ")) }
        if !dropped.isEmpty {
            parts.append(
                "no usable prices for \(tickersWithoutPrices(dropped).joined(separator: ", ")): "
                    + dropped.map(\.description).joined(separator: "; "))
        }
        return .data(parts.joined(separator: "; "))
    }

    /// The first half of `prepare`: leaves out filings outside the selected industries, with an invalid
    /// date, or repeated (the first is kept), and computes the others' excess returns.
    ///
    /// `CorpusEncoder` runs it per part of a corpus; the labels need all parts' returns.
    /// - Returns: The filings kept (input order), their returns (one per filing that has prices), and the
    ///   filings skipped and dropped with their reasons.
    public static func price(
        filings: [SourceFiling], prices: PriceLibrary, benchmark: PriceHistory, options: Options = Options()
    ) -> (kept: [SourceFiling], returns: [EventReturn], skipped: [SkippedFiling], dropped: [DroppedFiling]) {
        var skipped: [SkippedFiling] = []
        var kept: [SourceFiling] = []
        var events: [FilingEvent] = []
        var seen = Set<String>()
        for filing in filings {
            if let industries = options.industries, !industries.contains(filing.sic ?? "") {
                skipped.append(
                    SkippedFiling(source: filing.source, reason: "industry \(filing.sic ?? "unknown") is not selected"))
                continue
            }
            guard let day = CalendarDay(iso: filing.filingDate) else {
                skipped.append(
                    SkippedFiling(
                        source: filing.source, reason: "filing date '\(filing.filingDate)' is not an ISO date"))
                continue
            }
            guard seen.insert(filing.id).inserted else {
                skipped.append(
                    SkippedFiling(source: filing.source, reason: "filing \(filing.id) appears twice; the first is kept")
                )
                continue
            }
            kept.append(filing)
            events.append(
                FilingEvent(id: filing.id, ticker: filing.ticker, filingDate: day, afterClose: options.afterClose))
        }
        let (returns, dropped) = excessReturns(
            for: events, prices: prices, benchmark: benchmark, horizon: options.horizon)
        return (kept, returns, skipped, dropped)
    }

    /// The second half of `prepare`: the labels of all filings' excess returns — equal-frequency bins
    /// (per industry when `options.binning` says so), or the saved `options.edges` applied (`--edges`). The
    /// bins need every filing's return, so a corpus prepared in parts is labelled only after its parts'
    /// returns are merged.
    /// - Parameter industryOf: SIC code by filing id ("unknown" when absent).
    /// - Throws: `ClassifierError.data` when the bins cannot be formed (more bins than labelled filings in
    ///   a group, or too few distinct returns), or a filing's industry has no saved edges (naming both).
    public static func label(
        returns: [EventReturn], industryOf: [String: String], options: Options
    ) throws(ClassifierError) -> FilingLabels {
        // Every bin needs at least one filing (pandas would number empty bins too); refusing here also keeps
        // the work bounded by the data whatever the bin count.
        var groupSizes: [String: Int] = [:]
        for r in returns {
            groupSizes[groupName(r.event.id, industryOf: industryOf, options: options), default: 0] += 1
        }
        for (group, size) in groupSizes.sorted(by: { $0.key < $1.key }) where size < options.bins {
            throw .data(
                "cannot form \(options.bins) bins: \(group) has \(size) labelled filing\(size == 1 ? "" : "s"); use at most \(size) bins"
            )
        }
        if let saved = options.edges {
            let industry = saved.edgesByGroup.keys.sorted() != [GroupedQuantileEdges.wholeSet]
            var byFiling: [String: Int] = [:]
            for r in returns {
                let name = industry ? (industryOf[r.event.id] ?? "unknown") : GroupedQuantileEdges.wholeSet
                do {
                    byFiling[r.event.id] = try saved.label(for: r.excess, group: name)
                } catch {
                    throw .data(
                        "filing \(r.event.id): the saved edges have no bins for industry \(name) (groups: \(saved.edgesByGroup.keys.sorted().joined(separator: ", ")))"
                    )
                }
            }
            return FilingLabels(labelByFiling: byFiling, edges: saved)
        }
        do {
            var group: (@Sendable (EventReturn) -> String)? = nil
            if options.binning == .industry {
                group = { industryOf[$0.event.id] ?? "unknown" }
            }
            return try FilingLabels(returns: returns, binner: QuantileBinner(binCount: options.bins), group: group)
        } catch {
            throw .data("cannot form \(options.bins) bins: \(error)")
        }
    }

    /// Warnings for bins with fewer than `minimumFilingsPerBin` filings, one per group (all filings, or
    /// each industry), in group order.
    public static func binWarnings(
        returns: [EventReturn], labels: FilingLabels, industryOf: [String: String], options: Options
    ) -> [String] {
        var members: [String: [Int]] = [:]
        for r in returns {
            guard let label = labels.labelByFiling[r.event.id] else { continue }
            let group = groupName(r.event.id, industryOf: industryOf, options: options)
            members[group, default: Array(repeating: 0, count: options.bins)][label] += 1
        }
        var warnings: [String] = []
        for group in members.keys.sorted() {
            let counts = members[group] ?? []
            let small = counts.indices.filter { counts[$0] < minimumFilingsPerBin }
            if !small.isEmpty {
                warnings.append(
                    "\(group): bin(s) \(small.map(String.init).joined(separator: ", ")) hold fewer than \(minimumFilingsPerBin) filings (\(small.map { String(counts[$0]) }.joined(separator: ", "))); consider fewer bins"
                )
            }
        }
        return warnings
    }

    /// How bin messages name a filing's group.
    private static func groupName(_ id: String, industryOf: [String: String], options: Options) -> String {
        options.binning == .industry ? "industry \(industryOf[id] ?? "unknown")" : "all filings"
    }

    /// The distinct tickers of `dropped` filings, in first-seen order.
    public static func tickersWithoutPrices(_ dropped: [DroppedFiling]) -> [String] {
        var seen = Set<String>()
        return dropped.map(\.event.ticker).filter { seen.insert($0).inserted }
    }
}
