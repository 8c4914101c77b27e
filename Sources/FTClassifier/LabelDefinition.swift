public import FTDataset
public import FTMarket

/// The sentence every report carries about what its labels mean: the return, its horizon, the benchmark,
/// the bins and their edges (issue 20, leak guards).
public enum LabelDefinition {
    /// Describes the labels of `records`.
    /// - Parameters:
    ///   - records: The labelled documents (their windows give the horizon).
    ///   - edges: The bin edges the labels came from, when known (`<manifest>.edges.json`).
    ///   - labelNames: The class names, lowest return first.
    ///   - benchmark: The benchmark's name, when known.
    public static func describe(
        records: [DatasetManifest.Record], edges: GroupedQuantileEdges?, labelNames: [String], benchmark: String? = nil
    ) -> String {
        let spans = records.map { $0.startDate.distance(to: $0.endDate) }.sorted()
        let median = spans.isEmpty ? 0 : spans[spans.count / 2]
        var text =
            "excess return = the stock's simple return minus \(benchmark ?? "the benchmark")'s over the same trading days, from the filing date to \(median) calendar days later (median window); "
        text += "\(labelNames.count) equal-frequency bins (\(labelNames.joined(separator: " < ")))"
        if let edges {
            if edges.edgesByGroup.keys.sorted() == [GroupedQuantileEdges.wholeSet],
                let whole = edges.edgesByGroup[GroupedQuantileEdges.wholeSet]
            {
                let inner = whole.edges.dropFirst().dropLast().map { format4($0) }
                text += " over all filings, inner edges \(inner.joined(separator: ", "))"
            } else {
                text += " within each of \(edges.edgesByGroup.count) industries"
            }
        }
        return text
    }

    static func format4(_ x: Double) -> String {
        let scaled = (x * 10_000).rounded() / 10_000
        return "\(scaled)"
    }

    /// The edges file written beside a manifest by `prepare` (`<manifest>.edges.json`), when it exists.
    public static func edges(besideManifest path: String) -> GroupedQuantileEdges? {
        try? GroupedQuantileEdges.read(from: path + ".edges.json")
    }
}
