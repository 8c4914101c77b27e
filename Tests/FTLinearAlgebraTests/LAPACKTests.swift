import FTLinearAlgebra
import FTTestSupport
import Testing

private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<(rows * columns)).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) * 0x1p-24 * 2 - 1
    }
}

private func multiply(_ a: [Double], _ b: [Double], _ m: Int, _ k: Int, _ n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
    return c
}

@Suite("LAPACK wrappers against their reference twins")
struct LAPACKTests {
    @Test(
        "QR matches modified Gram–Schmidt up to column signs", arguments: [(1, 1), (5, 3), (3, 5), (17, 17), (40, 7)])
    func qr(rows: Int, columns: Int) throws {
        let a = randomMatrix(rows, columns, seed: UInt64(rows * 100 + columns))
        let (q, r) = try LAPACK.qr(a, rows: rows, columns: columns)
        let (qRef, rRef) = Reference.qr(a, rows: rows, columns: columns)
        let p = min(rows, columns)
        // Fix LAPACK's sign convention: make diag(R) non-negative.
        var qFixed = q.map(Double.init)
        var rFixed = r.map(Double.init)
        for j in 0..<p where rFixed[j * columns + j] < 0 {
            for i in 0..<rows { qFixed[i * p + j] = -qFixed[i * p + j] }
            for l in 0..<columns { rFixed[j * columns + l] = -rFixed[j * columns + l] }
        }
        for i in qFixed.indices { #expect(abs(qFixed[i] - qRef[i]) < 1e-4) }
        for i in rFixed.indices { #expect(abs(rFixed[i] - rRef[i]) < 1e-4) }
        let product = multiply(q.map(Double.init), r.map(Double.init), rows, p, columns)
        for i in product.indices { #expect(abs(product[i] - Double(a[i])) < 1e-5) }
    }

    @Test("Symmetric eigen-decomposition matches Jacobi", arguments: [1, 2, 6, 25])
    func eigen(n: Int) throws {
        let b = randomMatrix(n, n, seed: UInt64(n))
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { a[i * n + j] = b[i * n + j] + b[j * n + i] } }
        let (values, vectors) = try LAPACK.symmetricEigen(a, size: n)
        let reference = Reference.symmetricEigen(a, size: n)
        for i in 0..<n {
            #expect(abs(Double(values[i]) - reference.values[i]) < 1e-4 * max(1, abs(reference.values[i])))
        }
        // A·v = λ·v for every returned pair.
        for j in 0..<n {
            for i in 0..<n {
                var av = 0.0
                for k in 0..<n { av += Double(a[i * n + k]) * Double(vectors[k * n + j]) }
                #expect(abs(av - Double(values[j]) * Double(vectors[i * n + j])) < 1e-4)
            }
        }
    }

    @Test("SVD singular values match the reference and reconstruct A", arguments: [(1, 1), (6, 4), (4, 6), (20, 20)])
    func svd(rows: Int, columns: Int) throws {
        let a = randomMatrix(rows, columns, seed: UInt64(rows + 7 * columns))
        let (u, s, vt) = try LAPACK.svd(a, rows: rows, columns: columns)
        let reference = Reference.singularValues(a, rows: rows, columns: columns)
        for i in s.indices { #expect(abs(Double(s[i]) - reference[i]) < 1e-4) }
        let p = min(rows, columns)
        var us = u.map(Double.init)
        for i in 0..<rows { for j in 0..<p { us[i * p + j] *= Double(s[j]) } }
        let product = multiply(us, vt.map(Double.init), rows, p, columns)
        for i in product.indices { #expect(abs(product[i] - Double(a[i])) < 1e-5) }
    }

    @Test("Cholesky solve matches the reference, and a non-SPD matrix throws")
    func cholesky() throws {
        let n = 9
        let r = 3
        let b0 = randomMatrix(n, n, seed: 3)
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sum: Float = 0
                for k in 0..<n { sum += b0[i * n + k] * b0[j * n + k] }
                a[i * n + j] = sum + (i == j ? Float(n) : 0)
            }
        }
        let b = randomMatrix(n, r, seed: 4)
        let x = try LAPACK.choleskySolve(a, size: n, b: b, rightHandSides: r)
        let reference = try #require(Reference.choleskySolve(a, size: n, b: b, rightHandSides: r))
        for i in x.indices { #expect(abs(Double(x[i]) - reference[i]) < 1e-4) }
        var notPositive = a
        notPositive[0] = -100
        #expect(Reference.choleskySolve(notPositive, size: n, b: b, rightHandSides: r) == nil)
        #expect(throws: LAPACKError.self) { try LAPACK.choleskySolve(notPositive, size: n, b: b, rightHandSides: r) }
    }
}
