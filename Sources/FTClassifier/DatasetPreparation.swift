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
        var skipped = alreadySkipped
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
        guard !returns.isEmpty else {
            var parts = [
                "no filing could be labelled (\(dropped.count) had no usable prices, \(skipped.count) were skipped)"
            ]
            if !skipped.isEmpty { parts.append("skipped: " + skipped.map(\.description).joined(separator: "; ")) }
            if !dropped.isEmpty {
                parts.append(
                    "no usable prices for \(tickersWithoutPrices(dropped).joined(separator: ", ")): "
                        + dropped.map(\.description).joined(separator: "; "))
            }
            throw .data(parts.joined(separator: "; "))
        }
        let sicOf = Dictionary(kept.map { ($0.id, $0.sic ?? "unknown") }, uniquingKeysWith: { a, _ in a })
        // Every bin needs at least one filing (pandas would number empty bins too); refusing here also keeps
        // the work bounded by the data whatever the bin count.
        func groupName(_ id: String) -> String {
            options.binning == .industry ? "industry \(sicOf[id] ?? "unknown")" : "all filings"
        }
        var groupSizes: [String: Int] = [:]
        for r in returns { groupSizes[groupName(r.event.id), default: 0] += 1 }
        for (group, size) in groupSizes.sorted(by: { $0.key < $1.key }) where size < options.bins {
            throw .data(
                "cannot form \(options.bins) bins: \(group) has \(size) labelled filing\(size == 1 ? "" : "s"); use at most \(size) bins"
            )
        }
        let labels: FilingLabels
        do {
            var group: (@Sendable (EventReturn) -> String)? = nil
            if options.binning == .industry {
                group = { sicOf[$0.event.id] ?? "unknown" }
            }
            if let saved = options.edges {
                let industry = saved.edgesByGroup.keys.sorted() != [GroupedQuantileEdges.wholeSet]
                var byFiling: [String: Int] = [:]
                for r in returns {
                    let name = industry ? (sicOf[r.event.id] ?? "unknown") : GroupedQuantileEdges.wholeSet
                    do {
                        byFiling[r.event.id] = try saved.label(for: r.excess, group: name)
                    } catch {
                        throw ClassifierError.data(
                            "filing \(r.event.id): the saved edges have no bins for industry \(name) (groups: \(saved.edgesByGroup.keys.sorted().joined(separator: ", ")))"
                        )
                    }
                }
                labels = FilingLabels(labelByFiling: byFiling, edges: saved)
            } else {
                labels = try FilingLabels(
                    returns: returns, binner: QuantileBinner(binCount: options.bins), group: group)
            }
        } catch let error as ClassifierError {
            throw error
        } catch {
            throw .data("cannot form \(options.bins) bins: \(error)")
        }
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
        var members: [String: [Int]] = [:]
        for r in returns {
            guard let label = labels.labelByFiling[r.event.id] else { continue }
            members[groupName(r.event.id), default: Array(repeating: 0, count: options.bins)][label] += 1
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
        return Result(
            manifest: DatasetManifest(records: records), edges: labels.edges, skipped: skipped, dropped: dropped,
            filingCount: labelled.count, filings: labelled, priceWarnings: prices.warnings, warnings: warnings)
    }

    /// The distinct tickers of `dropped` filings, in first-seen order.
    public static func tickersWithoutPrices(_ dropped: [DroppedFiling]) -> [String] {
        var seen = Set<String>()
        return dropped.map(\.event.ticker).filter { seen.insert($0).inserted }
    }
}
