import FTLinearAlgebra

extension WordVectors {
    /// The `count` words most similar to `word` by cosine similarity, best first, `word` itself
    /// excluded; nil when the table lacks `word`.
    /// - Complexity: one BLAS matrix-vector product, O(self.count · dimension), plus the row norms.
    public func nearestNeighbours(of word: String, count: Int = 10) -> [Neighbour]? {
        guard let row = index(of: word) else { return nil }
        return nearestNeighbours(to: vector(at: row), count: count, excluding: [row])
    }

    /// The `count` rows most similar to `query` by cosine similarity, best first (ties by row).
    /// Rows of zero length have similarity 0.
    /// - Precondition: `query.count == dimension`, `count ≥ 0`.
    /// - Complexity: O(self.count · dimension) (BLAS `gemv`) + O(self.count · log count).
    public func nearestNeighbours(to query: [Float], count: Int = 10, excluding: Set<Int> = []) -> [Neighbour] {
        precondition(
            query.count == dimension, "nearestNeighbours expected a \(dimension)-long query. Received: \(query.count)")
        precondition(count >= 0, "nearestNeighbours expected count ≥ 0. Received: \(count)")
        let rows = self.count
        var dots = [Float](repeating: 0, count: rows)
        var norms = [Float](repeating: 0, count: rows)
        withUnsafeMatrix { matrix in
            query.withUnsafeBufferPointer { x in
                dots.withUnsafeMutableBufferPointer { y in
                    BLAS.gemv(m: rows, n: dimension, a: matrix, lda: dimension, x: x, y: y)
                }
            }
            for row in 0..<rows {
                let slice = UnsafeBufferPointer(rebasing: matrix[(row * dimension)..<((row + 1) * dimension)])
                norms[row] = BLAS.dot(length: dimension, x: slice, y: slice).squareRoot()
            }
        }
        let queryNorm = query.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        var best = [Neighbour]()
        for row in 0..<rows where !excluding.contains(row) {
            let denominator = norms[row] * queryNorm
            let cosine = denominator > 0 ? dots[row] / denominator : 0
            if best.count == count, let last = best.last, cosine <= last.cosine { continue }
            let neighbour = Neighbour(word: words[row], index: row, cosine: cosine)
            let position = best.firstIndex { cosine > $0.cosine } ?? best.count
            best.insert(neighbour, at: position)
            if best.count > count { best.removeLast() }
        }
        return best
    }
}
