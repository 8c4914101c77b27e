/// Labels per filing from binning the filings' excess returns, and the edges used.
///
/// Binning is over filings (one excess return per filing, however many section documents it yields);
/// every document of a filing then carries its filing's label. The study binned documents instead,
/// which weights a filing by its number of sections (docs/market.md).
public struct FilingLabels: Sendable, Equatable {
    /// Label (0 = lowest bin) by filing id (`FilingEvent.id`).
    public var labelByFiling: [String: Int]
    /// The edges, by group; save them with the dataset.
    public var edges: GroupedQuantileEdges

    /// Labels given directly (for example from saved edges applied to new filings).
    public init(labelByFiling: [String: Int], edges: GroupedQuantileEdges) {
        self.labelByFiling = labelByFiling
        self.edges = edges
    }

    /// Bins `returns` with `binner`.
    ///
    /// - Parameters:
    ///   - returns: one per filing (a repeated filing id must repeat the same excess return).
    ///   - group: the group of a filing (e.g. its SIC code); nil bins over the whole set
    ///     (group `GroupedQuantileEdges.wholeSet`).
    ///   - trainingIDs: when given, edges are fitted on these filings only and then applied to all, so the
    ///     other filings' labels carry no information from their own returns; values outside the training
    ///     range go to the outer bins.
    /// - Throws: `BinningError` (duplicate edges, a group with no training filing, …).
    public init(
        returns: [EventReturn], binner: QuantileBinner = QuantileBinner(),
        group: (@Sendable (EventReturn) -> String)? = nil, trainingIDs: Set<String>? = nil
    ) throws(BinningError) {
        var seen = Set<String>()
        var unique: [EventReturn] = []
        for r in returns where seen.insert(r.event.id).inserted { unique.append(r) }
        let groups = unique.map { group?($0) ?? GroupedQuantileEdges.wholeSet }
        let values = unique.map(\.excess)
        let fitIndices = unique.indices.filter { trainingIDs?.contains(unique[$0].event.id) ?? true }
        let edges = try binner.fit(fitIndices.map { values[$0] }, groups: fitIndices.map { groups[$0] })
        let labels = try edges.labels(for: values, groups: groups)
        var byFiling: [String: Int] = [:]
        for (r, label) in zip(unique, labels) { byFiling[r.event.id] = label }
        self.labelByFiling = byFiling
        self.edges = edges
    }
}
