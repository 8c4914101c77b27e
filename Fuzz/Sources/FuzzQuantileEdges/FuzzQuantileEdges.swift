import FinText
import FuzzSupport

/// Twelve filings' excess returns, spread over the range real edges cover (−0.6 … +0.6).
private let returns: [EventReturn] = (0..<12).map { k in
    let day = CalendarDay(year: 2023, month: 3, day: 1 + k)!
    return EventReturn(
        event: FilingEvent(id: "0000000000-23-0000\(10 + k)", ticker: "T\(k)", filingDate: day),
        window: EventWindow(start: day, end: CalendarDay(year: 2023, month: 4, day: 1 + k)!),
        raw: Double(k - 6) / 10 + 0.01, benchmark: 0.01)
}

/// Saved quantile edges (`prepare --edges`, `encode --edges`, a dataset's `edges.json`):
/// `GroupedQuantileEdges.read(from:)`, then what `prepare` and `encode` do with them — their bin count
/// becomes the number of bins and they label the filings (`DatasetPreparation.label`, per industry when
/// they are per industry), the labels are counted per bin (`binWarnings`) — and the label sentence of
/// `train` and `evaluate` (`LabelDefinition.describe`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuantileEdges(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "edges.json")
    guard let edges = try? GroupedQuantileEdges.read(from: path) else { return 0 }
    let industry = edges.edgesByGroup.keys.sorted() != [GroupedQuantileEdges.wholeSet]
    // As train-classifier's LabellingOptions.preparation: the saved edges set the bin count.
    var options = DatasetPreparation.Options()
    options.bins = edges.binCount
    options.edges = edges
    options.binning = industry ? .industry : .all
    // Every filing in the first group (so that bins fit), and one in a group the edges lack.
    let first = edges.edgesByGroup.keys.sorted().first ?? "unknown"
    var industryOf = Dictionary(uniqueKeysWithValues: returns.map { ($0.event.id, first) })
    for variant in [false, true] {
        if variant { industryOf[returns[0].event.id] = "no such industry" }
        if let labels = try? DatasetPreparation.label(returns: returns, industryOf: industryOf, options: options) {
            _ = DatasetPreparation.binWarnings(
                returns: returns, labels: labels, industryOf: industryOf, options: options)
        }
    }
    _ = LabelDefinition.describe(records: [], edges: edges, labelNames: ["low", "medium", "high"])
    return 0
}
