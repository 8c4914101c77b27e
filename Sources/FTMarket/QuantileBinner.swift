/// Equal-frequency binning with the exact semantics of pandas `qcut(x, q=binCount)`.
///
/// Edges are the sample quantiles at `i / binCount` (numpy's default "linear" method, Hyndman & Fan
/// type 7), reproduced operation for operation so edges are bit-identical to pandas 3.1.1 / numpy 2.4:
/// levels from `linspace(0, 1, k + 1)` nudged up with `nextafter` where `k · level ≠ i`; virtual index
/// `h = (n − 1) · level`; `lerp(a, b, t) = t ≥ 0.5 ? b − (b − a)(1 − t) : a + (b − a) t`.
/// Labels follow `QuantileEdges.label(for:)`: ties go to the lower bin (right-closed intervals).
///
/// Non-distinct edges (heavy ties, groups with fewer distinct values than bins) throw by default, as
/// pandas does; `.drop` keeps the distinct edges and yields fewer bins, like `qcut(..., labels=False,
/// duplicates="drop")`.
public struct QuantileBinner: Sendable, Hashable {
    /// What to do when quantile edges coincide.
    public enum DuplicateEdges: String, Sendable, Codable, Hashable {
        /// Throw `BinningError.duplicateEdges` (pandas default `duplicates="raise"`).
        case raise
        /// Merge equal edges and return fewer bins (pandas `duplicates="drop"`).
        case drop
    }

    /// Number of bins k (3 in the study: low, medium, high).
    public var binCount: Int
    /// Policy for coinciding edges.
    public var duplicateEdges: DuplicateEdges

    /// A binner with `binCount` bins.
    /// - Precondition: `binCount ≥ 1`.
    public init(binCount: Int = 3, duplicateEdges: DuplicateEdges = .raise) {
        precondition(binCount >= 1, "QuantileBinner expected binCount ≥ 1. Received: \(binCount)")
        self.binCount = binCount
        self.duplicateEdges = duplicateEdges
    }

    /// The quantile levels pandas uses for `q = binCount`.
    var levels: [Double] {
        let k = binCount
        let step = 1.0 / Double(k)
        return (0...k).map { i -> Double in
            var level = i == k ? 1.0 : Double(i) * step
            if Double(k) * level != Double(i) { level = level.nextUp }
            return level
        }
    }

    /// Quantile edges of `values` (`group` only names the set in errors).
    ///
    /// - Throws: `BinningError.emptyGroup`, `.nonFiniteValue`, or `.duplicateEdges` (policy `.raise`).
    /// - Complexity: O(n log n) for the sort.
    public func fit(_ values: [Double], group: String = "all") throws(BinningError) -> QuantileEdges {
        if values.isEmpty { throw .emptyGroup(group) }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(index: bad) }
        let sorted = values.sorted()
        let n = sorted.count
        var edges: [Double] = []
        for level in levels {
            let h = Double(n - 1) * level
            if h >= Double(n - 1) {
                edges.append(sorted[n - 1])
                continue
            }
            let previous = h.rounded(.down)
            let i = Int(previous)
            let t = h - previous
            let a = sorted[i]
            let b = sorted[i + 1]
            let difference = b - a
            edges.append(t >= 0.5 ? b - difference * (1 - t) : a + difference * t)
        }
        var distinct: [Double] = []
        for e in edges where !distinct.contains(e) { distinct.append(e) }
        if distinct.count < edges.count && edges.count != 2 {
            if duplicateEdges == .raise { throw .duplicateEdges(group: group, edges: edges) }
            if distinct.count < 2 { throw .duplicateEdges(group: group, edges: edges) }
            edges = distinct
        }
        return QuantileEdges(edges: edges)
    }

    /// pandas `qcut(values, binCount, labels=False)`: fit on `values` and label them (0 = lowest).
    /// - Throws: as `fit(_:group:)`.
    public func labels(for values: [Double]) throws(BinningError) -> [Int] {
        let edges = try fit(values)
        return values.map { edges.label(for: $0) }
    }

    /// Edges per group: `groups[i]` is the group (e.g. SIC code) of `values[i]`.
    ///
    /// Equivalent to `df.groupby(group)[value].transform(lambda s: pd.qcut(s, k, labels=False))`.
    /// - Throws: `BinningError.lengthMismatch`, or a `fit` error naming the group.
    public func fit(_ values: [Double], groups: [String]) throws(BinningError) -> GroupedQuantileEdges {
        guard values.count == groups.count else {
            throw .lengthMismatch(values: values.count, groups: groups.count)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(index: bad) }
        var members: [String: [Double]] = [:]
        for (value, group) in zip(values, groups) { members[group, default: []].append(value) }
        var result: [String: QuantileEdges] = [:]
        for group in members.keys.sorted() {
            result[group] = try fit(members[group] ?? [], group: group)
        }
        return GroupedQuantileEdges(binCount: binCount, edgesByGroup: result)
    }

    /// Fits per group on `values` and labels them.
    /// - Throws: as `fit(_:groups:)`.
    public func labels(for values: [Double], groups: [String]) throws(BinningError) -> [Int] {
        let edges = try fit(values, groups: groups)
        return try edges.labels(for: values, groups: groups)
    }
}
