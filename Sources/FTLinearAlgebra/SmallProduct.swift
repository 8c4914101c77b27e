/// `C = A·B` for row-major `A` `[m, k]` and `B` `[k, n]` without allocating, in the summation order
/// OpenBLAS's small-matrix kernel uses on this machine (decision 0095).
///
/// OpenBLAS 0.3.21's AVX-512 small-matrix kernel, which it takes for products of at most `100³`
/// multiply-adds, `malloc`s a buffer on every call of many shapes; a training step and an inference call
/// must not allocate. `BLAS.productWithoutAllocating` computes those products here, each output in that
/// kernel's order, so results stay bit-identical to `BLAS.gemm` on this machine, and leaves larger ones to
/// `BLAS.gemm`.
extension BLAS {
    /// The most multiply-adds (`m·n·k`) `productWithoutAllocating` computes in Swift: OpenBLAS's
    /// small-matrix range (`M·N·K ≤ 100³`). A dense layer of 33 × 1,408 × 100 stays in `gemm`.
    public static let smallProductLimit = 1_000_000

    /// `c = a·b` (overwritten) for row-major `a` `[m, k]`, `b` `[k, n]` and `c` `[m, n]`, all with leading
    /// dimension equal to their row length.
    ///
    /// Products of at most `smallProductLimit` multiply-adds are summed in Swift, output by output, in the
    /// order of OpenBLAS's small kernel for `cblas_sgemm(RowMajor, NoTrans, NoTrans)`: outputs in whole
    /// groups of 16 columns, and all outputs when the last group has more than 8 columns or `k < 32`, are one
    /// fused multiply-add per term in increasing `k`; the others (a last group of 1–8 columns) are sixteen
    /// lane sums `k mod 16` added in adjacent pairs, or by halves for the last `n mod 4` columns of the last
    /// `m mod 4` rows. Larger products call `gemm`.
    /// - Precondition: dimensions are non-negative and each buffer holds its matrix.
    /// - Complexity: `2·m·n·k` flops; no heap allocation below the limit.
    public static func productWithoutAllocating(
        m: Int, n: Int, k: Int, a: UnsafeBufferPointer<Float>, b: UnsafeBufferPointer<Float>,
        c: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(
            m >= 0 && n >= 0 && k >= 0, "BLAS.productWithoutAllocating: negative dimension m=\(m) n=\(n) k=\(k)")
        precondition(
            a.count >= m * k && b.count >= k * n && c.count >= m * n,
            "BLAS.productWithoutAllocating: buffers of \(a.count), \(b.count), \(c.count) floats are too small for m=\(m) n=\(n) k=\(k)"
        )
        guard m * n * k <= smallProductLimit else {
            gemm(m: m, n: n, k: k, a: a, lda: max(1, k), b: b, ldb: max(1, n), c: c, ldc: max(1, n))
            return
        }
        if m == 0 || n == 0 { return }
        let lanesFrom = n % 16 <= 8 && k >= 32 ? n - n % 16 : n  // the first column summed by `laneDot`
        let (quads, fullRows) = (n - n % 4, m - m % 4)  // beyond both, the lanes are added by halves
        let (x, w, z) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
        for row in 0..<m {
            let (left, out) = (x + row * k, z + row * n)
            for j in 0..<n {
                out[j] =
                    j < lanesFrom
                    ? sequentialDot(left, w + j, count: k, stride: n)
                    : laneDot(left, w + j, count: k, stride: n, pairs: j < quads || row < fullRows)
            }
        }
    }

    /// `Σₖ a[k]·b[k·stride]` over `count` terms, one fused multiply-add per term in increasing `k`.
    static func sequentialDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, stride: Int) -> Float {
        var sum: Float = 0
        for k in 0..<count { sum = sum.addingProduct(a[k], b[k * stride]) }
        return sum
    }

    /// `Σₖ a[k]·b[k·stride]` over `count` terms as sixteen partial sums, lane `l` adding the terms
    /// `k ≡ l (mod 16)` in increasing `k` with fused multiply-adds (the last group padded with zero terms),
    /// then added in adjacent pairs (`(s₀+s₁)+(s₂+s₃)`, …) down to one, or with `pairs` false by halves
    /// (`s_l + s_{l+8}`, then `+ 4`, `+ 2`, `+ 1`).
    static func laneDot(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, stride: Int, pairs: Bool
    ) -> Float {
        var sums = SIMD16<Float>()
        var k = 0
        while k + 16 <= count {  // whole groups: `a`'s 16 terms are adjacent
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD16<Float>.self)
            var y = SIMD16<Float>()
            for lane in 0..<16 { y[lane] = b[(k + lane) * stride] }
            sums.addProduct(x, y)
            k += 16
        }
        if k < count {  // the last group, padded with zero terms
            var (x, y) = (SIMD16<Float>(), SIMD16<Float>())
            for lane in 0..<(count - k) {
                x[lane] = a[k + lane]
                y[lane] = b[(k + lane) * stride]
            }
            sums.addProduct(x, y)
        }
        guard pairs else {
            let eight = sums.lowHalf + sums.highHalf
            let four = eight.lowHalf + eight.highHalf
            let two = four.lowHalf + four.highHalf
            return two[0] + two[1]
        }
        let eight = sums.evenHalf + sums.oddHalf
        let four = eight.evenHalf + eight.oddHalf
        let two = four.evenHalf + four.oddHalf
        return two[0] + two[1]
    }
}
