import FTTestSupport
import Testing

@testable import FTLinearAlgebra

/// Random matrices with a given leading dimension; padding elements hold a sentinel so a routine that
/// reads or writes them is caught.
private struct Matrix {
    var rows: Int
    var columns: Int
    var leading: Int
    var storage: [Float]

    init(rows: Int, columns: Int, leading: Int, seed: inout UInt64) {
        self.rows = rows
        self.columns = columns
        self.leading = leading
        let count = rows == 0 ? 0 : (rows - 1) * leading + columns
        storage = (0..<max(count, 1)).map { i in
            let inside = leading == 0 || i % leading < columns
            return inside ? Self.uniform(&seed) : 1e30
        }
    }

    static func uniform(_ state: inout UInt64) -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) * 0x1p-24 * 2 - 1
    }
}

@Suite("BLAS wrappers against their reference twins")
struct BLASTests {
    /// (m, n, k, transposeA, transposeB, extra leading-dimension padding)
    static let gemmCases: [(Int, Int, Int, Bool, Bool, Int)] = [
        (1, 1, 1, false, false, 0), (1, 7, 3, false, true, 2), (5, 1, 9, true, false, 1),
        (13, 17, 11, true, true, 3), (64, 33, 129, false, false, 0), (31, 63, 5, true, false, 7),
        (2, 3, 0, false, false, 0), (0, 4, 5, false, false, 0), (40, 40, 40, false, true, 5),
    ]

    @Test("gemm matches the naive twin", arguments: 0..<gemmCases.count)
    func gemm(caseIndex: Int) {
        let (m, n, k, ta, tb, pad) = Self.gemmCases[caseIndex]
        var seed = UInt64(caseIndex + 1)
        let (aRows, aCols) = ta ? (k, m) : (m, k)
        let (bRows, bCols) = tb ? (n, k) : (k, n)
        let a = Matrix(rows: aRows, columns: aCols, leading: max(aCols, 1) + pad, seed: &seed)
        let b = Matrix(rows: bRows, columns: bCols, leading: max(bCols, 1) + pad, seed: &seed)
        let c0 = Matrix(rows: m, columns: n, leading: max(n, 1) + pad, seed: &seed)
        for (alpha, beta) in [(Float(1), Float(0)), (Float(-0.5), Float(2))] {
            var fast = c0.storage
            var slow = c0.storage
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    fast.withUnsafeMutableBufferPointer { pc in
                        BLAS.gemm(
                            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: pa, lda: a.leading,
                            b: pb, ldb: b.leading, beta: beta, c: pc, ldc: c0.leading)
                    }
                    slow.withUnsafeMutableBufferPointer { pc in
                        Reference.gemm(
                            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: pa, lda: a.leading,
                            b: pb, ldb: b.leading, beta: beta, c: pc, ldc: c0.leading)
                    }
                }
            }
            // Float32 accumulation error grows with k: |error| ≤ k·u·Σ|a||b| with u = 2⁻²⁴ and |a|,|b| ≤ 1.
            let tolerance = Float(max(k, 1)) * 2e-6 * abs(alpha) + 1e-6
            let worst = zip(fast, slow).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= tolerance, "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb): worst \(worst) > \(tolerance)")
            // Padding between rows of C is never written.
            for i in fast.indices where c0.leading > n && i % c0.leading >= n {
                #expect(fast[i] == c0.storage[i])
            }
        }
    }

    @Test("gemm computes a hand-checked product")
    func gemmByHand() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2×3
        let b: [Float] = [7, 8, 9, 10, 11, 12]  // 3×2
        var c = [Float](repeating: 0, count: 4)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(m: 2, n: 2, k: 3, a: pa, lda: 3, b: pb, ldb: 2, c: pc, ldc: 2)
                }
            }
        }
        #expect(c == [58, 64, 139, 154])
    }

    @Test("gemv, axpy, dot and scal match their twins", arguments: [(1, 1, 1, 1), (7, 5, 2, 3), (33, 65, 1, 2)])
    func level1And2(m: Int, n: Int, incX: Int, incY: Int) {
        var seed = UInt64(m * 31 + n)
        let a = Matrix(rows: m, columns: n, leading: n + 1, seed: &seed)
        for transpose in [false, true] {
            let (xLength, yLength) = transpose ? (m, n) : (n, m)
            let x = (0..<((xLength - 1) * incX + 1)).map { _ in Matrix.uniform(&seed) }
            let y0 = (0..<((yLength - 1) * incY + 1)).map { _ in Matrix.uniform(&seed) }
            var fast = y0
            var slow = y0
            a.storage.withUnsafeBufferPointer { pa in
                x.withUnsafeBufferPointer { px in
                    fast.withUnsafeMutableBufferPointer {
                        BLAS.gemv(
                            transpose: transpose, m: m, n: n, alpha: 1.5, a: pa, lda: n + 1, x: px, incX: incX,
                            beta: -1, y: $0, incY: incY)
                    }
                    slow.withUnsafeMutableBufferPointer {
                        Reference.gemv(
                            transpose: transpose, m: m, n: n, alpha: 1.5, a: pa, lda: n + 1, x: px,
                            incX: incX, beta: -1, y: $0, incY: incY)
                    }
                }
            }
            #expect(maximumRelativeError(fast, slow, floor: 1e-3) < 1e-5)
        }
        let length = m
        let x = (0..<((length - 1) * incX + 1)).map { _ in Matrix.uniform(&seed) }
        let y0 = (0..<((length - 1) * incY + 1)).map { _ in Matrix.uniform(&seed) }
        var fast = y0
        var slow = y0
        x.withUnsafeBufferPointer { px in
            fast.withUnsafeMutableBufferPointer {
                BLAS.axpy(length: length, alpha: -2, x: px, incX: incX, y: $0, incY: incY)
            }
            slow.withUnsafeMutableBufferPointer {
                Reference.axpy(length: length, alpha: -2, x: px, incX: incX, y: $0, incY: incY)
            }
        }
        #expect(maximumRelativeError(fast, slow, floor: 1e-3) < 1e-6)
        let dots = x.withUnsafeBufferPointer { px in
            y0.withUnsafeBufferPointer { py in
                (
                    BLAS.dot(length: length, x: px, incX: incX, y: py, incY: incY),
                    Reference.dot(length: length, x: px, incX: incX, y: py, incY: incY)
                )
            }
        }
        #expect(abs(dots.0 - dots.1) <= 1e-5 * max(1, abs(dots.1)))
        var scaledFast = x
        var scaledSlow = x
        scaledFast.withUnsafeMutableBufferPointer { BLAS.scal(length: length, alpha: 0.25, x: $0, incX: incX) }
        scaledSlow.withUnsafeMutableBufferPointer { Reference.scal(length: length, alpha: 0.25, x: $0, incX: incX) }
        #expect(scaledFast == scaledSlow)
    }
}

/// Every test that sets the process-wide count, in one serialized suite so they never run at the same time;
/// they read the count once no `withCount` scope is open, because other suites' execution plans open
/// scopes at one thread concurrently (decision 0078).
@Suite("The process-wide BLAS thread count", .serialized)
struct BLASThreadCountTests {
    @Test("the BLAS thread count can be set and read back")
    func threads() {
        let original = BLASThreads.count
        BLASThreads.count = 1
        #expect(BLASThreadScopes.countOutsideScopes() == 1)
        BLASThreads.count = original
        #expect(BLASThreadScopes.countOutsideScopes() == original)
        #expect(BLASThreads.configuration.contains("OpenBLAS"))
    }
}

extension BLASThreadCountTests {
    @Suite("BLAS thread-count changes during concurrent calls")
    struct BLASConcurrencyTests {
        @Test("changing the thread count while other threads multiply gives correct results and no crash")
        func toggleWhileMultiplying() async {
            let n = 192
            let a = (0..<(n * n)).map { Float(($0 * 7) % 13) - 6 }
            let b = (0..<(n * n)).map { Float(($0 * 5) % 11) - 5 }
            var expected = [Float](repeating: 0, count: n * n)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    expected.withUnsafeMutableBufferPointer {
                        Reference.gemm(m: n, n: n, k: n, a: pa, lda: n, b: pb, ldb: n, c: $0, ldc: n)
                    }
                }
            }
            let original = BLASThreads.count
            let reference = expected
            let mismatches = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        var bad = 0
                        for _ in 0..<40 {
                            var c = [Float](repeating: 0, count: n * n)
                            a.withUnsafeBufferPointer { pa in
                                b.withUnsafeBufferPointer { pb in
                                    c.withUnsafeMutableBufferPointer {
                                        BLAS.gemm(m: n, n: n, k: n, a: pa, lda: n, b: pb, ldb: n, c: $0, ldc: n)
                                    }
                                }
                            }
                            if c != reference { bad += 1 }  // small integers: exact in Float32
                        }
                        return bad
                    }
                }
                group.addTask {
                    for i in 0..<60 { BLASThreads.count = 1 + i % 2 }
                    return 0
                }
                return await group.reduce(0, +)
            }
            BLASThreads.count = original
            #expect(mismatches == 0)
        }
    }

}

@Suite("Double-precision BLAS wrappers")
struct DoubleBLASTests {
    @Test("double gemm matches the naive twin, transposes and padding included")
    func gemm() {
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-53 * 2 - 1
        }
        for (m, n, k, ta, tb) in [
            (3, 4, 5, false, false), (7, 2, 9, true, false), (5, 6, 3, false, true), (4, 4, 8, true, true),
        ] {
            let a = (0..<(m * k + 3)).map { _ in next() }
            let b = (0..<(k * n + 3)).map { _ in next() }
            var fast = (0..<(m * n)).map { _ in next() }
            var slow = fast
            let lda = ta ? m : k
            let ldb = tb ? k : n
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    fast.withUnsafeMutableBufferPointer {
                        BLAS.gemm(
                            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5, a: pa, lda: lda, b: pb,
                            ldb: ldb, beta: -1.5, c: $0, ldc: n)
                    }
                    slow.withUnsafeMutableBufferPointer {
                        Reference.gemm(
                            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5, a: pa, lda: lda, b: pb,
                            ldb: ldb, beta: -1.5, c: $0, ldc: n)
                    }
                }
            }
            let worst = zip(fast, slow).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-13, "m=\(m) n=\(n) k=\(k): \(worst)")
        }
    }

    @Test("double dot and axpy by hand")
    func dotAndAxpy() {
        let x: [Double] = [1, 2, 3]
        var y: [Double] = [4, 5, 6]
        let d = x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { BLAS.dot(length: 3, x: px, y: $0) } }
        #expect(d == 32)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { BLAS.axpy(length: 3, alpha: 2, x: px, y: $0) }
        }
        #expect(y == [6, 9, 12])
    }
}

extension BLASThreadCountTests {
    @Suite("BLASThreads.withCount scopes")
    struct BLASThreadScopeTests {
        @Test("a scope runs at its count and restores the previous one; overlapping scopes never see another count")
        func scopes() async {
            let original = BLASThreads.count
            BLASThreads.count = 2
            #expect(BLASThreads.withCount(1) { BLASThreads.count } == 1)
            #expect(BLASThreadScopes.countOutsideScopes() == 2)
            #expect(
                BLASThreads.withCount(1) { BLASThreads.withCount(1) { BLASThreads.count } } == 1, "same count nests")
            // Four tasks alternate between scopes of 1 and 3 threads: inside each scope the count must be its
            // own for the whole scope (with save–set–restore by each caller, interleavings break this).
            let wrong = await withTaskGroup(of: Int.self) { group in
                for task in 0..<4 {
                    group.addTask {
                        var bad = 0
                        for i in 0..<50 {
                            let threads = (task + i) % 2 == 0 ? 1 : 3
                            bad += BLASThreads.withCount(threads) {
                                var seen = 0
                                for _ in 0..<20 where BLASThreads.count != threads { seen += 1 }
                                return seen
                            }
                        }
                        return bad
                    }
                }
                return await group.reduce(0, +)
            }
            #expect(wrong == 0)
            #expect(BLASThreadScopes.countOutsideScopes() == 2, "the last scope restored the count the process had")
            BLASThreads.count = original
        }
    }
}
