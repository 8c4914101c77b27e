import FTTestSupport
import Testing

@testable import FTLinearAlgebra

@Suite("BLAS.productWithoutAllocating")
struct SmallProductTests {
    /// Uniform values in [-1, 1) from a fixed linear congruential sequence.
    private static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) * 0x1p-24 * 2 - 1
        }
    }

    private static func product(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        var c = [Float](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.productWithoutAllocating(m: m, n: n, k: k, a: a, b: b, c: c)
                }
            }
        }
        return c
    }

    @Test(
        "Small products: every output in the documented order, and within float rounding of the exact product",
        arguments: [
            (33, 3, 100), (4, 1, 37), (5, 8, 16), (3, 2, 7), (4, 100, 300), (7, 6, 40), (6, 30, 64), (1, 17, 33),
            (9, 25, 48), (33, 100, 300),
        ])
    func documentedOrder(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        let (a, b) = (Self.values(m * k, seed: 1), Self.values(k * n, seed: 2))
        let c = Self.product(a, b, m: m, n: n, k: k)
        let expected = (0..<(m * n)).map {
            SmallProductOrder.output(a, b, row: $0 / n, column: $0 % n, rows: m, inputs: k, columns: n)
        }
        #expect(c.map(\.bitPattern) == expected.map(\.bitPattern))
        for (e, value) in c.enumerated() {
            let terms = (0..<k).map { Double(a[e / n * k + $0]) * Double(b[$0 * n + e % n]) }
            // The float rounding bound of a k-term sum: k · 2⁻²⁴ · Σ|terms|.
            let bound = Double(k) * 0x1p-24 * terms.reduce(0) { $0 + abs($1) }
            #expect(abs(Double(value) - terms.reduce(0, +)) <= bound)
        }
    }

    @Test("Above the limit the product is BLAS's, bit for bit; empty products write nothing")
    func largeAndEmpty() {
        let (m, n, k) = (33, 100, 1408)  // 4.6 million multiply-adds
        #expect(m * n * k > BLAS.smallProductLimit)
        let (a, b) = (Self.values(m * k, seed: 3), Self.values(k * n, seed: 4))
        var viaGemm = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                viaGemm.withUnsafeMutableBufferPointer {
                    BLAS.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: $0, ldc: n)
                }
            }
        }
        #expect(Self.product(a, b, m: m, n: n, k: k).map(\.bitPattern) == viaGemm.map(\.bitPattern))
        #expect(Self.product([], [], m: 0, n: 0, k: 4).isEmpty)
        // k = 0: every output is an empty sum.
        #expect(Self.product([], [], m: 2, n: 3, k: 0) == [Float](repeating: 0, count: 6))
    }
}
