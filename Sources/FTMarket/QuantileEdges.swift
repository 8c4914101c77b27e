/// Fitted quantile bin edges for one set of values: `edges[0] ≤ … ≤ edges[k]`, bin `i` is
/// `(edges[i], edges[i+1]]` with the first bin closed on the left — the intervals of pandas `qcut`.
public struct QuantileEdges: Sendable, Codable, Equatable {
    /// The k + 1 edges (fewer when duplicate edges were dropped), non-decreasing.
    public var edges: [Double]

    /// Wraps edges.
    /// - Precondition: at least two edges, sorted.
    public init(edges: [Double]) {
        precondition(edges.count >= 2, "QuantileEdges expected at least 2 edges. Received: \(edges)")
        precondition(
            zip(edges, edges.dropFirst()).allSatisfy { $0 <= $1 },
            "QuantileEdges expected sorted edges. Received: \(edges)")
        self.edges = edges
    }

    /// Number of bins (`edges.count − 1`).
    public var binCount: Int { edges.count - 1 }

    /// The bin (0 = lowest) of `value`.
    ///
    /// For values within `[edges.first, edges.last]` (every value of the set the edges were fitted on)
    /// this is pandas `qcut(..., labels=False)`: the number of edges strictly below `value`, minus one,
    /// with `value == edges[0]` in bin 0. Values outside that range (possible for data the edges were not
    /// fitted on) go to the first or last bin; pandas would give NaN there (docs/decisions/0022).
    /// - Precondition: `value` is not NaN.
    /// - Complexity: O(log k).
    public func label(for value: Double) -> Int {
        precondition(!value.isNaN, "QuantileEdges.label expected a number. Received: NaN")
        var low = 0
        var high = edges.count
        while low < high {  // count of edges < value (numpy searchsorted side="left")
            let mid = (low + high) / 2
            if edges[mid] < value { low = mid + 1 } else { high = mid }
        }
        return min(max(low - 1, 0), binCount - 1)
    }
}
