public import FTLinearAlgebra

extension WordVectors {
    /// Projects the vectors of `words` onto their first two principal components (for a scatter plot).
    ///
    /// The chosen vectors are centred, their `D × D` covariance is decomposed with LAPACK `ssyevd`
    /// (`LAPACK.symmetricEigen`), and each vector is projected on the two eigenvectors of the largest
    /// eigenvalues. Each component's sign is fixed so that its largest-magnitude entry is positive,
    /// which makes the picture reproducible. Words the table lacks are left out.
    ///
    /// - Returns: One point per found word, in the order given, and the words not found.
    /// - Throws: `LAPACKError` when the eigen-solver fails.
    /// - Precondition: at least two of `words` are in the table.
    /// - Complexity: O(n · D² + D³) for n words.
    public func principalComponentProjection(of words: [String]) throws(LAPACKError) -> (
        points: [ProjectedWord], missing: [String]
    ) {
        var found = [(String, Int)]()
        var missing = [String]()
        for word in words {
            if let row = index(of: word) { found.append((word, row)) } else { missing.append(word) }
        }
        precondition(
            found.count >= 2, "principalComponentProjection expected at least 2 known words. Received: \(found.count)")
        let d = dimension
        let n = found.count
        var centred = [Float](repeating: 0, count: n * d)
        var mean = [Double](repeating: 0, count: d)
        for (_, row) in found {
            let v = vector(at: row)
            for k in 0..<d { mean[k] += Double(v[k]) / Double(n) }
        }
        for (i, (_, row)) in found.enumerated() {
            let v = vector(at: row)
            for k in 0..<d { centred[i * d + k] = Float(Double(v[k]) - mean[k]) }
        }
        var covariance = [Float](repeating: 0, count: d * d)
        centred.withUnsafeBufferPointer { a in
            covariance.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(
                    transposeA: true, m: d, n: d, k: n, alpha: 1 / Float(max(1, n - 1)), a: a, lda: d, b: a, ldb: d,
                    c: c, ldc: d)
            }
        }
        let (_, vectors) = try LAPACK.symmetricEigen(covariance, size: d)
        // Columns d-1 and d-2 hold the two largest eigenvalues' unit eigenvectors.
        var components = [[Float]]()
        for column in [d - 1, d - 2] where column >= 0 {
            var component = (0..<d).map { vectors[$0 * d + column] }
            if let largest = component.max(by: { abs($0) < abs($1) }), largest < 0 {
                component = component.map { -$0 }
            }
            components.append(component)
        }
        while components.count < 2 { components.append([Float](repeating: 0, count: d)) }
        var points = [ProjectedWord]()
        for (i, (word, _)) in found.enumerated() {
            var x: Float = 0
            var y: Float = 0
            for k in 0..<d {
                x += centred[i * d + k] * components[0][k]
                y += centred[i * d + k] * components[1][k]
            }
            points.append(ProjectedWord(word: word, x: x, y: y))
        }
        return (points, missing)
    }
}
