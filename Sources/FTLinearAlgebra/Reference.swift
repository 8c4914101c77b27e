/// Naive, obviously-correct twins of every `BLAS` and `LAPACK` wrapper.
///
/// They follow the same conventions (row-major, leading dimensions, output layouts) and exist so tests
/// can check the optimised library against them and benchmarks can print the ratio between the two.
/// The LAPACK twins compute in `Double`.
public enum Reference {
    /// Triple-loop `C ← α·op(A)·op(B) + β·C`, same arguments as `BLAS.gemm`. Accumulates in `Double`.
    /// - Complexity: `2·m·n·k` operations, without blocking or vectorisation.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafeBufferPointer<Float>, lda: Int,
        b: UnsafeBufferPointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutableBufferPointer<Float>, ldc: Int
    ) {
        checkGemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc,
            counts: (a.count, b.count, c.count))
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + old)
            }
        }
    }

    /// Triple-loop double-precision `C ← α·op(A)·op(B) + β·C`, same arguments as the `Double` `BLAS.gemm`.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        b: UnsafeBufferPointer<Double>, ldb: Int,
        beta: Double = 0,
        c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) {
        checkGemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc,
            counts: (a.count, b.count, c.count))
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    sum +=
                        (transposeA ? a[p * lda + i] : a[i * lda + p]) * (transposeB ? b[j * ldb + p] : b[p * ldb + j])
                }
                c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
    }

    /// Naive `y ← α·op(A)·x + β·y`, same arguments as `BLAS.gemv`.
    public static func gemv(
        transpose: Bool = false, m: Int, n: Int, alpha: Float = 1,
        a: UnsafeBufferPointer<Float>, lda: Int,
        x: UnsafeBufferPointer<Float>, incX: Int = 1,
        beta: Float = 0,
        y: UnsafeMutableBufferPointer<Float>, incY: Int = 1
    ) {
        checkMatrix("gemv", "a", rows: m, columns: n, leading: lda, count: a.count)
        let (xLength, yLength) = transpose ? (m, n) : (n, m)
        checkVector("gemv", "x", length: xLength, increment: incX, count: x.count)
        checkVector("gemv", "y", length: yLength, increment: incY, count: y.count)
        for i in 0..<yLength {
            var sum = 0.0
            for j in 0..<xLength {
                let av = transpose ? a[j * lda + i] : a[i * lda + j]
                sum += Double(av) * Double(x[j * incX])
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(y[i * incY])
            y[i * incY] = Float(Double(alpha) * sum + old)
        }
    }

    /// Naive `y ← α·x + y`.
    public static func axpy(
        length: Int, alpha: Float, x: UnsafeBufferPointer<Float>, incX: Int = 1,
        y: UnsafeMutableBufferPointer<Float>, incY: Int = 1
    ) {
        checkVector("axpy", "x", length: length, increment: incX, count: x.count)
        checkVector("axpy", "y", length: length, increment: incY, count: y.count)
        for i in 0..<length { y[i * incY] += alpha * x[i * incX] }
    }

    /// Naive dot product, accumulated in `Double`.
    public static func dot(
        length: Int, x: UnsafeBufferPointer<Float>, incX: Int = 1, y: UnsafeBufferPointer<Float>,
        incY: Int = 1
    ) -> Float {
        checkVector("dot", "x", length: length, increment: incX, count: x.count)
        checkVector("dot", "y", length: length, increment: incY, count: y.count)
        var sum = 0.0
        for i in 0..<length { sum += Double(x[i * incX]) * Double(y[i * incY]) }
        return Float(sum)
    }

    /// Naive `x ← α·x`.
    public static func scal(length: Int, alpha: Float, x: UnsafeMutableBufferPointer<Float>, incX: Int = 1) {
        checkVector("scal", "x", length: length, increment: incX, count: x.count)
        for i in 0..<length { x[i * incX] *= alpha }
    }

    /// Thin QR by modified Gram–Schmidt in `Double`; same layout as `LAPACK.qr`, with a non-negative
    /// diagonal in `r` (so compare after fixing LAPACK's signs).
    /// - Precondition: `a` has full column rank over its first `min(rows, columns)` columns.
    public static func qr(_ a: [Float], rows: Int, columns: Int) -> (q: [Double], r: [Double]) {
        let p = min(rows, columns)
        var v = a.map(Double.init)  // rows × columns, columns being orthogonalised in place
        var q = [Double](repeating: 0, count: rows * p)
        var r = [Double](repeating: 0, count: p * columns)
        for j in 0..<p {
            var norm = 0.0
            for i in 0..<rows { norm += v[i * columns + j] * v[i * columns + j] }
            norm = norm.squareRoot()
            r[j * columns + j] = norm
            for i in 0..<rows { q[i * p + j] = norm == 0 ? 0 : v[i * columns + j] / norm }
            for l in (j + 1)..<max(columns, j + 1) {
                var projection = 0.0
                for i in 0..<rows { projection += q[i * p + j] * v[i * columns + l] }
                r[j * columns + l] = projection
                for i in 0..<rows { v[i * columns + l] -= projection * q[i * p + j] }
            }
        }
        return (q, r)
    }

    /// Cyclic Jacobi eigen-decomposition of a symmetric matrix in `Double`; same layout as
    /// `LAPACK.symmetricEigen` (ascending values, eigenvectors in columns).
    public static func symmetricEigen(_ a: [Float], size n: Int) -> (values: [Double], vectors: [Double]) {
        var m = a.map(Double.init)
        // Symmetrise from the upper triangle, as LAPACK reads only that.
        for i in 0..<n { for j in 0..<i { m[i * n + j] = m[j * n + i] } }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { off += m[i * n + j] * m[i * n + j] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where m[p * n + q] != 0 {
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * m[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let mkp = m[k * n + p]
                        let mkq = m[k * n + q]
                        m[k * n + p] = c * mkp - s * mkq
                        m[k * n + q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p * n + k]
                        let mqk = m[q * n + k]
                        m[p * n + k] = c * mpk - s * mqk
                        m[q * n + k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p]
                        let vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0 * n + $0] < m[$1 * n + $1] }
        let values = order.map { m[$0 * n + $0] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (newColumn, oldColumn) in order.enumerated() {
            for k in 0..<n { vectors[k * n + newColumn] = v[k * n + oldColumn] }
        }
        return (values, vectors)
    }

    /// Singular values (descending) from the Jacobi eigenvalues of `AᵀA` or `AAᵀ`, in `Double`.
    public static func singularValues(_ a: [Float], rows: Int, columns: Int) -> [Double] {
        let p = min(rows, columns)
        var gram = [Float](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0..<p {
                var sum = 0.0
                if rows >= columns {
                    for k in 0..<rows { sum += Double(a[k * columns + i]) * Double(a[k * columns + j]) }
                } else {
                    for k in 0..<columns { sum += Double(a[i * columns + k]) * Double(a[j * columns + k]) }
                }
                gram[i * p + j] = Float(sum)
            }
        }
        return symmetricEigen(gram, size: p).values.reversed().map { max($0, 0).squareRoot() }
    }

    /// Solves `A·X = B` for symmetric positive-definite `A` by a textbook Cholesky factorisation in
    /// `Double`; nil when `A` is not positive definite. Same layout as `LAPACK.choleskySolve`.
    public static func choleskySolve(_ a: [Float], size n: Int, b: [Float], rightHandSides r: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = Double(a[min(i, j) * n + max(i, j)])
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var x = b.map(Double.init)
        for column in 0..<r {
            for i in 0..<n {  // L·y = b
                var sum = x[i * r + column]
                for k in 0..<i { sum -= l[i * n + k] * x[k * r + column] }
                x[i * r + column] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ·x = y
                var sum = x[i * r + column]
                for k in (i + 1)..<max(n, i + 1) { sum -= l[k * n + i] * x[k * r + column] }
                x[i * r + column] = sum / l[i * n + i]
            }
        }
        return x
    }
}
