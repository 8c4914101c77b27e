import FTTensor

/// The first convolution's projections `P[id] = [E[id]·W₀ | … | E[id]·W_{K−1}]` of every token id seen
/// so far, for inference with fixed weights (`Predictor`).
///
/// Training recomputes `P` for each batch's distinct ids because `W` changes every step; in inference it
/// does not, so a row computed for one batch serves every later batch. Rows are filled on first use (one
/// GEMM over a batch's new ids), so the cost grows with the corpus's vocabulary, not its length, and
/// memory is committed only for ids that occur (`rows × K·F` floats reserved, 2.5 KB per id for the
/// study's model).
public struct ProjectionTable: Sendable {
    /// Embedding rows `V` (the largest id + 1 the table can hold).
    public let rows: Int
    /// Floats per row, `K·F`.
    public let rowWidth: Int
    /// `[V, K·F]`, row-major; rows whose `filled` flag is false are undefined.
    var values: [Float]
    /// Whether each row has been computed.
    var filled: [Bool]
    /// The number of rows computed so far.
    public private(set) var filledCount = 0

    /// An empty table for `rows` ids of `rowWidth` floats.
    /// - Precondition: `rows ≥ 0`, `rowWidth ≥ 1`.
    public init(rows: Int, rowWidth: Int) {
        precondition(
            rows >= 0 && rowWidth >= 1,
            "ProjectionTable expected rows ≥ 0 and rowWidth ≥ 1. Received: \(rows), \(rowWidth)")
        self.rows = rows
        self.rowWidth = rowWidth
        values = uninitializedArray(count: rows * rowWidth)  // pages are committed when a row is written
        filled = [Bool](repeating: false, count: rows)
    }

    /// Marks every row as not computed (after the weights changed), keeping the memory for the next rows.
    mutating func invalidate() {
        filled.withUnsafeMutableBufferPointer { $0.update(repeating: false) }
        filledCount = 0
    }

    /// Computes the rows of `distinctIds` that are not filled yet, on `workers` threads.
    /// - Precondition: every id is in `0..<rows`.
    mutating func fill(distinctIds: [Int32], table: Tensor, weight: Tensor, workers: Int) {
        let missing = distinctIds.filter { !filled[Int($0)] }
        guard !missing.isEmpty else { return }
        let projected = EmbeddingConvolutionPool.project(ids: missing, table: table, weight: weight, workers: workers)
        values.withUnsafeMutableBufferPointer { v in
            projected.withUnsafeBufferPointer { pp in
                for (row, id) in missing.enumerated() {
                    (v.baseAddress! + Int(id) * rowWidth).update(
                        from: pp.baseAddress! + row * rowWidth, count: rowWidth)
                    filled[Int(id)] = true
                }
            }
        }
        filledCount += missing.count
    }

    /// The rows of `ids` side by side (`[ids.count, K·F]`) into `block`.
    /// - Precondition: every row is filled.
    func copyRows(_ ids: [Int32], into block: UnsafeMutablePointer<Float>) {
        values.withUnsafeBufferPointer { v in
            for (row, id) in ids.enumerated() {
                precondition(filled[Int(id)], "ProjectionTable.rows expected a filled row for id \(id)")
                (block + row * rowWidth).update(from: v.baseAddress! + Int(id) * rowWidth, count: rowWidth)
            }
        }
    }
}
