/// Why values cannot be cut into quantile bins.
public enum BinningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A group (or the whole set) has no values to compute quantiles from.
    case emptyGroup(String)
    /// The quantile edges of a group are not distinct (too few distinct values, heavy ties). pandas
    /// `qcut(..., duplicates="raise")` raises "Bin edges must be unique" here.
    case duplicateEdges(group: String, edges: [Double])
    /// A value is NaN or infinite (index into the input).
    case nonFiniteValue(index: Int)
    /// Labels were asked for a group the edges were not fitted on.
    case unknownGroup(String)
    /// `values` and `groups` differ in length.
    case lengthMismatch(values: Int, groups: Int)

    /// One sentence naming the group and what to do.
    public var description: String {
        switch self {
        case .emptyGroup(let g): return "group \(g) has no values to compute quantile edges from"
        case .duplicateEdges(let g, let edges):
            return "group \(g): quantile edges must be unique. Received: \(edges). "
                + "Use fewer bins, merge small groups, or duplicateEdges: .drop"
        case .nonFiniteValue(let i): return "value \(i) is not finite"
        case .unknownGroup(let g): return "no quantile edges were fitted for group \(g)"
        case .lengthMismatch(let v, let g): return "expected one group per value. Received: \(v) values, \(g) groups"
        }
    }
}
