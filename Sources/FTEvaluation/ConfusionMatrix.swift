/// A k × k confusion matrix: `counts[t][p]` is the number of samples of true class `t` predicted as `p`
/// (rows true, columns predicted; the transpose of caret's layout).
public struct ConfusionMatrix: Sendable, Equatable {
    /// The counts, `classCount` rows (true class) of `classCount` columns (predicted class).
    public let counts: [[Int]]

    /// Builds a matrix from its counts.
    /// - Precondition: `counts` is square with at least 2 classes and no negative count.
    public init(counts: [[Int]]) {
        precondition(counts.count >= 2, "ConfusionMatrix expected at least 2 classes. Received: \(counts.count)")
        for row in counts {
            precondition(
                row.count == counts.count,
                "ConfusionMatrix expected a square matrix. Received: a row of \(row.count) in \(counts.count) rows")
            precondition(row.allSatisfy { $0 >= 0 }, "ConfusionMatrix expected non-negative counts. Received: \(row)")
        }
        self.counts = counts
    }

    /// Tallies true and predicted class indices (each in `0..<classCount`). Complexity: O(n + k²).
    /// - Precondition: equal lengths, every index in range, `classCount ≥ 2`.
    public init(trueLabels: [Int], predictedLabels: [Int], classCount: Int) {
        precondition(
            trueLabels.count == predictedLabels.count,
            "ConfusionMatrix expected as many predictions as true labels. Received: \(predictedLabels.count) and \(trueLabels.count)"
        )
        precondition(classCount >= 2, "ConfusionMatrix expected at least 2 classes. Received: \(classCount)")
        var counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(trueLabels, predictedLabels) {
            precondition(
                t >= 0 && t < classCount && p >= 0 && p < classCount,
                "ConfusionMatrix expected labels in 0..<\(classCount). Received: true \(t), predicted \(p)")
            counts[t][p] += 1
        }
        self.init(counts: counts)
    }

    /// The number of classes k.
    public var classCount: Int { counts.count }

    /// The number of samples n.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The number of correct predictions (the trace).
    public var correct: Int { (0..<classCount).reduce(0) { $0 + counts[$1][$1] } }

    /// Samples whose true class is `index` (row sum).
    public func trueCount(_ index: Int) -> Int { counts[index].reduce(0, +) }

    /// Samples predicted as `index` (column sum).
    public func predictedCount(_ index: Int) -> Int { counts.reduce(0) { $0 + $1[index] } }

    /// Each row divided by its total (the recall of each true class along the diagonal); `nil` for every cell
    /// of a row whose class never occurs, as 0/0 is undefined.
    public var rowNormalized: [[Double?]] {
        counts.map { row in
            let sum = row.reduce(0, +)
            return row.map { sum == 0 ? nil : Double($0) / Double(sum) }
        }
    }
}
