internal import COpenBLAS

/// Single-precision BLAS through OpenBLAS's CBLAS interface, in **row-major** order.
///
/// Matrices are dense row-major buffers. A leading dimension (`lda`, `ldb`, `ldc`) is the distance, in
/// elements, between the starts of two consecutive rows of the matrix *as stored*, so it is at least the
/// stored row length; a larger value selects a sub-matrix or a strided view (for example the taps of a
/// 1-D convolution). Every wrapper checks its dimensions and buffer sizes with a precondition that names
/// the argument, so a wrong leading dimension stops the program with a message instead of corrupting
/// memory. Each has a naive twin in `Reference` used by the tests and benchmarks.
public enum BLAS {
    /// General matrix multiply: `C ← α·op(A)·op(B) + β·C`, where `op(X)` is `X` or `Xᵀ`.
    ///
    /// - Parameters:
    ///   - transposeA: Use `Aᵀ`. `A` is stored `m × k` (row length `k`) when false, `k × m` when true.
    ///   - transposeB: Use `Bᵀ`. `B` is stored `k × n` when false, `n × k` when true.
    ///   - m: Rows of `op(A)` and of `C`.
    ///   - n: Columns of `op(B)` and of `C`.
    ///   - k: Columns of `op(A)`, rows of `op(B)`.
    ///   - lda, ldb, ldc: Leading dimensions of the stored matrices.
    /// - Precondition: dimensions are non-negative, each leading dimension at least the stored row
    ///   length, and each buffer holds the last element it is asked for.
    /// - Complexity: `2·m·n·k` floating-point operations.
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
        if m == 0 || n == 0 { return }
        BLASLock.reading {
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasInt(m), blasInt(n), blasInt(k), alpha, a.baseAddress, blasInt(lda), b.baseAddress,
                blasInt(ldb), beta, c.baseAddress, blasInt(ldc))
        }
    }

    /// Double-precision general matrix multiply: `C ← α·op(A)·op(B) + β·C` (cblas_dgemm), with the same
    /// layout, arguments and checks as the single-precision `gemm`. Used where an optimiser needs the
    /// objective to more digits than `Float` holds (the logistic-regression baseline).
    /// - Complexity: `2·m·n·k` floating-point operations.
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
        if m == 0 || n == 0 { return }
        BLASLock.reading {
            cblas_dgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasInt(m), blasInt(n), blasInt(k), alpha, a.baseAddress, blasInt(lda), b.baseAddress,
                blasInt(ldb), beta, c.baseAddress, blasInt(ldc))
        }
    }

    /// The double-precision dot product `Σ xᵢ·yᵢ` over `length` elements (cblas_ddot).
    public static func dot(
        length: Int, x: UnsafeBufferPointer<Double>, incX: Int = 1, y: UnsafeBufferPointer<Double>,
        incY: Int = 1
    ) -> Double {
        checkVector("dot", "x", length: length, increment: incX, count: x.count)
        checkVector("dot", "y", length: length, increment: incY, count: y.count)
        if length == 0 { return 0 }
        return BLASLock.reading {
            cblas_ddot(blasInt(length), x.baseAddress, blasInt(incX), y.baseAddress, blasInt(incY))
        }
    }

    /// Double-precision `y ← α·x + y` over `length` elements (cblas_daxpy).
    public static func axpy(
        length: Int, alpha: Double, x: UnsafeBufferPointer<Double>, incX: Int = 1,
        y: UnsafeMutableBufferPointer<Double>, incY: Int = 1
    ) {
        checkVector("axpy", "x", length: length, increment: incX, count: x.count)
        checkVector("axpy", "y", length: length, increment: incY, count: y.count)
        if length == 0 { return }
        BLASLock.reading {
            cblas_daxpy(blasInt(length), alpha, x.baseAddress, blasInt(incX), y.baseAddress, blasInt(incY))
        }
    }

    /// Matrix-vector multiply: `y ← α·op(A)·x + β·y`.
    ///
    /// - Parameters:
    ///   - transpose: Use `Aᵀ`.
    ///   - m, n: `A` is stored `m × n` (row-major, leading dimension `lda`).
    ///   - x: Length `n` (or `m` when transposed), elements `incX` apart.
    ///   - y: Length `m` (or `n` when transposed), elements `incY` apart.
    /// - Complexity: `2·m·n` floating-point operations.
    public static func gemv(
        transpose: Bool = false, m: Int, n: Int, alpha: Float = 1,
        a: UnsafeBufferPointer<Float>, lda: Int,
        x: UnsafeBufferPointer<Float>, incX: Int = 1,
        beta: Float = 0,
        y: UnsafeMutableBufferPointer<Float>, incY: Int = 1
    ) {
        precondition(m >= 0 && n >= 0, "BLAS.gemv: negative dimension m=\(m) n=\(n)")
        checkMatrix("gemv", "a", rows: m, columns: n, leading: lda, count: a.count)
        let (xLength, yLength) = transpose ? (m, n) : (n, m)
        checkVector("gemv", "x", length: xLength, increment: incX, count: x.count)
        checkVector("gemv", "y", length: yLength, increment: incY, count: y.count)
        if m == 0 || n == 0 {
            if yLength > 0 { scal(length: yLength, alpha: beta, x: y, incX: incY) }
            return
        }
        BLASLock.reading {
            cblas_sgemv(
                CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasInt(m), blasInt(n), alpha, a.baseAddress,
                blasInt(lda), x.baseAddress, blasInt(incX), beta, y.baseAddress, blasInt(incY))
        }
    }

    /// `y ← α·x + y` over `length` elements.
    public static func axpy(
        length: Int, alpha: Float, x: UnsafeBufferPointer<Float>, incX: Int = 1,
        y: UnsafeMutableBufferPointer<Float>, incY: Int = 1
    ) {
        checkVector("axpy", "x", length: length, increment: incX, count: x.count)
        checkVector("axpy", "y", length: length, increment: incY, count: y.count)
        if length == 0 { return }
        BLASLock.reading {
            cblas_saxpy(blasInt(length), alpha, x.baseAddress, blasInt(incX), y.baseAddress, blasInt(incY))
        }
    }

    /// The dot product `Σ xᵢ·yᵢ` over `length` elements (accumulated by OpenBLAS in single precision).
    public static func dot(
        length: Int, x: UnsafeBufferPointer<Float>, incX: Int = 1, y: UnsafeBufferPointer<Float>,
        incY: Int = 1
    ) -> Float {
        checkVector("dot", "x", length: length, increment: incX, count: x.count)
        checkVector("dot", "y", length: length, increment: incY, count: y.count)
        if length == 0 { return 0 }
        return BLASLock.reading {
            cblas_sdot(blasInt(length), x.baseAddress, blasInt(incX), y.baseAddress, blasInt(incY))
        }
    }

    /// `x ← α·x` over `length` elements.
    public static func scal(length: Int, alpha: Float, x: UnsafeMutableBufferPointer<Float>, incX: Int = 1) {
        checkVector("scal", "x", length: length, increment: incX, count: x.count)
        if length == 0 { return }
        BLASLock.reading { cblas_sscal(blasInt(length), alpha, x.baseAddress, blasInt(incX)) }
    }
}

/// The number of threads OpenBLAS uses for one call.
///
/// FinText uses one level of parallelism at a time: either OpenBLAS threads inside each GEMM, or its own
/// batch-parallel workers with OpenBLAS set to one thread. Results are bit-identical for the same thread
/// count; a different count may change the last bits of sums.
public enum BLASThreads {
    /// The current OpenBLAS thread count. Setting it affects every later BLAS call in the process; a change
    /// waits until BLAS calls running on other threads have finished (see `BLASLock`) and until every open
    /// `withCount` scope has ended (so no scope sees a count it did not ask for).
    /// - Precondition: the new value is at least 1; not set from inside a `withCount` scope.
    public static var count: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLASThreads.count must be at least 1. Received: \(newValue)")
            BLASThreadScopes.setOutsideScopes(newValue)
        }
    }

    /// Sets OpenBLAS's thread count now (callers hold the scopes' mutex).
    static func apply(_ threads: Int) {
        BLASLock.writing { openblas_set_num_threads(Int32(threads)) }
    }

    /// Runs `body` with OpenBLAS at `threads` threads and restores the count the process had when the
    /// last overlapping scope ends.
    ///
    /// Scopes asking for the same count may overlap (on any threads) and share it; a scope asking for a
    /// different count waits until the overlapping ones have ended, so no scope ever runs at a count it did
    /// not ask for and no scope restores a value another one set (what a plain save–set–restore of `count`
    /// does when two callers interleave). `ExecutionPlan` uses this at stage boundaries (decision 0075).
    /// - Precondition: `threads ≥ 1`; a thread must not open a scope with another count inside its own scope
    ///   (it would wait for itself).
    public static func withCount<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        precondition(threads >= 1, "BLASThreads.withCount expected threads ≥ 1. Received: \(threads)")
        BLASThreadScopes.enter(threads)
        defer { BLASThreadScopes.leave() }
        return try body()
    }

    /// OpenBLAS's build configuration string (version, kernel, threading model), for reports.
    public static var configuration: String {
        String(cString: openblas_get_config())
    }

    /// The CPU kernel family OpenBLAS selected (for example `Haswell`), for reports.
    public static var coreName: String {
        String(cString: openblas_get_corename())
    }
}

@inline(__always)
func blasInt(_ value: Int) -> Int32 {
    precondition(value <= Int(Int32.max), "BLAS dimension \(value) exceeds the 32-bit BLAS interface")
    return Int32(value)
}

func checkMatrix(_ routine: String, _ name: String, rows: Int, columns: Int, leading: Int, count: Int) {
    precondition(
        leading >= max(1, columns),
        "BLAS.\(routine): leading dimension of \(name) must be at least \(max(1, columns)) (its stored row length). Received: \(leading)"
    )
    let needed = rows == 0 || columns == 0 ? 0 : (rows - 1) * leading + columns
    precondition(
        count >= needed,
        "BLAS.\(routine): \(name) is \(rows)×\(columns) with leading dimension \(leading) and needs \(needed) elements. Received a buffer of \(count)"
    )
}

/// The dimension and buffer checks of every `gemm` (BLAS and its reference twin, both precisions).
func checkGemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int,
    counts: (a: Int, b: Int, c: Int)
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "BLAS.gemm: negative dimension m=\(m) n=\(n) k=\(k)")
    let (aRows, aCols) = transposeA ? (k, m) : (m, k)
    let (bRows, bCols) = transposeB ? (n, k) : (k, n)
    checkMatrix("gemm", "a", rows: aRows, columns: aCols, leading: lda, count: counts.a)
    checkMatrix("gemm", "b", rows: bRows, columns: bCols, leading: ldb, count: counts.b)
    checkMatrix("gemm", "c", rows: m, columns: n, leading: ldc, count: counts.c)
}

func checkVector(_ routine: String, _ name: String, length: Int, increment: Int, count: Int) {
    precondition(length >= 0, "BLAS.\(routine): negative length \(length)")
    precondition(increment >= 1, "BLAS.\(routine): increment of \(name) must be positive. Received: \(increment)")
    let needed = length == 0 ? 0 : (length - 1) * increment + 1
    precondition(
        count >= needed,
        "BLAS.\(routine): \(name) needs \(needed) elements for length \(length) and increment \(increment). Received a buffer of \(count)"
    )
}
