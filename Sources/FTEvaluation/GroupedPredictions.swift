/// One prediction per group (for FinText: per filing) from its members' class probabilities.
///
/// Rule (docs/decisions/0153-filing-level-results.md): a group's probabilities are the unweighted mean of
/// its members' probability rows; its prediction is the most probable class (the lowest index on a tie);
/// its true label is its members' label (they share it; the first member's is used).
public struct GroupedPredictions: Sendable, Equatable {
    /// Group names, in order of first appearance.
    public let groups: [String]
    /// Member indices of each group, ascending.
    public let members: [[Int]]
    /// Mean probabilities of each group.
    public let probabilities: [[Double]]
    /// The most probable class of each group.
    public let predictedLabels: [Int]
    /// The true label of each group.
    public let trueLabels: [Int]

    /// Aggregates member predictions by group.
    /// - Precondition: equal lengths, at least one member, rows of equal length.
    public init(groups memberGroups: [String], probabilities rows: [[Double]], trueLabels labels: [Int]) {
        precondition(
            memberGroups.count == rows.count && rows.count == labels.count && !rows.isEmpty,
            "GroupedPredictions expected equal, non-zero lengths. Received: \(memberGroups.count), \(rows.count), \(labels.count)"
        )
        var order: [String] = []
        var index: [String: Int] = [:]
        var members: [[Int]] = []
        for (i, group) in memberGroups.enumerated() {
            if let g = index[group] {
                members[g].append(i)
            } else {
                index[group] = order.count
                order.append(group)
                members.append([i])
            }
        }
        let k = rows[0].count
        groups = order
        self.members = members
        probabilities = members.map { m in
            (0..<k).map { c in m.reduce(0) { $0 + rows[$1][c] } / Double(m.count) }
        }
        predictedLabels = probabilities.map { p in
            var best = 0
            for c in p.indices where p[c] > p[best] { best = c }
            return best
        }
        trueLabels = members.map { labels[$0[0]] }
    }

    /// The metrics of the group-level predictions.
    public func metrics(labelNames: [String]) -> ClassificationMetrics {
        ClassificationMetrics(
            trueLabels: trueLabels, predictedLabels: predictedLabels, probabilities: probabilities,
            labelNames: labelNames)
    }
}
