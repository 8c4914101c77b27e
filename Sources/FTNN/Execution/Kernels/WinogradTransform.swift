// Dimension letters: m outputs per tile, r kernel taps, α = m + r − 1 inputs per tile, C input channels,
// F filters, T tiles.

/// The minimal-filtering transforms of Winograd (Lavin & Gray 2016) for a 1-D correlation
/// `y[j] = Σₖ d[j+k]·w[k]`, `j < m`, `k < r`: `y = Aᵀ[(G·w) ⊙ (Bᵀ·d)]`, so `m` outputs of an `r`-tap
/// correlation cost `α` multiplications instead of `m·r` (2.5× fewer for m = 4, r = 5).
///
/// Built by the Toom–Cook construction at the points 0, ±1, ±2, ±½, … and ∞: with `E_g` (α × r) and
/// `E_h` (α × m) the Vandermonde evaluation matrices and `V` (α × α) the one that evaluates the product
/// polynomial, a linear convolution is `s = V⁻¹[(E_g g) ⊙ (E_h h)]`, and by the transposition principle
/// the correlation is `y = E_hᵀ[(E_g w) ⊙ (V⁻ᵀ d)]`: `Aᵀ = E_hᵀ`, `G = E_g`, `Bᵀ = V⁻ᵀ`. The inverse is
/// taken in Double. Measured float32 error for m = 4, r = 5, C = 128 (NumPy, against float64): 2.0e-6 of
/// the output's largest magnitude, against 1.3e-7 for the direct sum (decision 0073).
struct WinogradTransform: Sendable, Equatable {
    /// Outputs per tile.
    let outputs: Int
    /// Kernel taps.
    let taps: Int
    /// Inputs per tile, `outputs + taps − 1`.
    var inputs: Int { outputs + taps - 1 }
    /// `Aᵀ`, `m × α` row-major.
    let outputTransform: [Float]
    /// `G`, `α × r` row-major.
    let kernelTransform: [Float]
    /// `Bᵀ`, `α × α` row-major.
    let inputTransform: [Float]
    /// A non-zero coefficient of a transform and the index it multiplies.
    struct Term: Sendable, Equatable {
        let index: Int
        let coefficient: Float
    }
    /// The non-zero terms of a transform's rows, row after row (made once, so the transforms allocate
    /// nothing; one flat list so the kernels read it through one pointer).
    struct Terms: Sendable, Equatable {
        /// Every row's terms, in row order.
        let terms: [Term]
        /// Row `i`'s terms are `terms[starts[i]..<starts[i + 1]]`.
        let starts: [Int]

        /// The non-zero entries of the `rows × columns` row-major `matrix`.
        init(_ matrix: [Float], rows: Int, columns: Int) {
            var terms: [Term] = []
            var starts = [0]
            for row in 0..<rows {
                for column in 0..<columns where matrix[row * columns + column] != 0 {
                    terms.append(Term(index: column, coefficient: matrix[row * columns + column]))
                }
                starts.append(terms.count)
            }
            self.terms = terms
            self.starts = starts
        }

        /// Calls `body` with the terms and the row starts as pointers.
        func withPointers<R>(_ body: (UnsafePointer<Term>, UnsafePointer<Int>) -> R) -> R {
            terms.withUnsafeBufferPointer { t in
                starts.withUnsafeBufferPointer { s in body(t.baseAddress!, s.baseAddress!) }
            }
        }
    }
    /// Per row ξ of `Bᵀ`, its non-zero terms (with `paired`, the halves of the pairs' rows, see below).
    let inputTerms: Terms
    /// Per row j of `Aᵀ`, its non-zero terms (with `paired`, on the butterflies' sums and differences).
    let outputTerms: Terms
    /// Whether the transforms share work between the points ±a (decision 0147): an inference kernel's
    /// transforms, which then cost about 40 % fewer operations but round differently in the last bits.
    let paired: Bool
    /// With `paired`: the row pairs of `Bᵀ`. `inputTerms` puts the even-ρ half of the first row's terms
    /// in the first row and its odd-ρ half in the second, and the butterfly makes them `E + O` and `σ(E − O)`.
    let inputButterflies: [Butterfly]
    /// With `paired`: the column pairs of `Aᵀ`. The butterfly turns the products `P_a`, `P_b` into
    /// `P_a + σP_b` and `P_a − σP_b`, which `outputTerms` uses for even and odd `j`.
    let outputButterflies: [Butterfly]

    /// `(x, y) ← (x + s·y, t·(x − s·y))` on the rows `first` and `second` (`s`, `t` are ±1, so exact).
    struct Butterfly: Sendable, Equatable {
        let first: Int
        let second: Int
        let s: Float
        let t: Float
    }

    /// The finite interpolation points, in the order they are used.
    static let points: [Double] = [0, 1, -1, 2, -2, 0.5, -0.5, 1.5, -1.5]

    /// Transforms for `outputs` outputs of a `taps`-tap correlation, or nil when more points would be
    /// needed than `points` holds (large tiles lose accuracy).
    /// - Parameter paired: Share work between the points ±a (`inputButterflies`, `outputButterflies`).
    init?(outputs m: Int, taps r: Int, paired: Bool = false) {
        let alpha = m + r - 1
        guard m >= 1, r >= 2, alpha - 1 <= Self.points.count else { return nil }
        outputs = m
        taps = r
        var v = [[Double]](repeating: [Double](repeating: 0, count: alpha), count: alpha)
        var eg = [[Double]](repeating: [Double](repeating: 0, count: r), count: alpha)
        var eh = [[Double]](repeating: [Double](repeating: 0, count: m), count: alpha)
        for (i, point) in Self.points.prefix(alpha - 1).enumerated() {
            var power = 1.0
            for k in 0..<alpha {
                v[i][k] = power
                if k < r { eg[i][k] = power }
                if k < m { eh[i][k] = power }
                power *= point
            }
        }
        v[alpha - 1][alpha - 1] = 1  // ∞: the leading coefficients
        eg[alpha - 1][r - 1] = 1
        eh[alpha - 1][m - 1] = 1
        let inverse = Self.invert(v)
        outputTransform = (0..<m).flatMap { j in (0..<alpha).map { xi in Float(eh[xi][j]) } }
        kernelTransform = eg.flatMap { $0.map(Float.init) }
        let bt = (0..<alpha).map { xi in (0..<alpha).map { rho in inverse[rho][xi] } }  // Bᵀ in Double
        let input = bt.flatMap { $0.map(Float.init) }
        inputTransform = input
        self.paired = paired
        guard paired else {
            (inputButterflies, outputButterflies) = ([], [])
            inputTerms = Terms(input, rows: alpha, columns: alpha)
            outputTerms = Terms(outputTransform, rows: m, columns: alpha)
            return
        }
        // Rows ξ_b = σ·(−1)^ρ·ξ_a of Bᵀ (points ±a of a symmetric set): E ± O from the halves of row ξ_a.
        var halves = input
        var inputPairs: [Butterfly] = []
        for (a, b, sign) in Self.signedPairs(bt) {
            for rho in 0..<alpha {
                halves[a * alpha + rho] = rho % 2 == 0 ? Float(bt[a][rho]) : 0
                halves[b * alpha + rho] = rho % 2 == 1 ? Float(bt[a][rho]) : 0
            }
            inputPairs.append(Butterfly(first: a, second: b, s: 1, t: sign))
        }
        // Columns ξ_b = σ·(−1)^j·ξ_a of Aᵀ: z_j = Aᵀ[j, ξ_a]·(P_a ± σP_b).
        let columns = (0..<alpha).map { xi in (0..<m).map { j in eh[xi][j] } }
        var sums = outputTransform
        var outputPairs: [Butterfly] = []
        for (a, b, sign) in Self.signedPairs(columns) {
            for j in 0..<m {
                sums[j * alpha + a] = j % 2 == 0 ? Float(columns[a][j]) : 0
                sums[j * alpha + b] = j % 2 == 1 ? Float(columns[a][j]) : 0
            }
            outputPairs.append(Butterfly(first: a, second: b, s: Float(sign), t: 1))
        }
        (inputButterflies, outputButterflies) = (inputPairs, outputPairs)
        inputTerms = Terms(halves, rows: alpha, columns: alpha)
        outputTerms = Terms(sums, rows: m, columns: alpha)
    }

    /// The pairs `(a, b, σ)`, `a < b`, of non-zero vectors with `vectors[b][k] = σ·(−1)ᵏ·vectors[a][k]` for
    /// every `k` (to 1e-12 relative), each vector in at most one pair.
    static func signedPairs(_ vectors: [[Double]]) -> [(Int, Int, Float)] {
        var used = Set<Int>()
        var pairs: [(Int, Int, Float)] = []
        for a in vectors.indices where !used.contains(a) && vectors[a].contains(where: { $0 != 0 }) {
            for b in (a + 1)..<vectors.count where !used.contains(b) {
                let sign: Float? = [1, -1].first { (sign: Float) in
                    vectors[a].indices.allSatisfy { k in
                        let expected = Double(sign) * (k % 2 == 0 ? 1 : -1) * vectors[a][k]
                        return abs(vectors[b][k] - expected) <= 1e-12 * max(1, abs(expected))
                    }
                }
                if let sign {
                    pairs.append((a, b, sign))
                    used.formUnion([a, b])
                    break
                }
            }
        }
        return pairs
    }

    /// `a⁻¹` by Gauss–Jordan elimination with partial pivoting (the Vandermonde matrices here are
    /// invertible: distinct points).
    static func invert(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var m = a
        var inverse = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(m[$0][column]) < abs(m[$1][column]) }!
            m.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let scale = m[column][column]
            for j in 0..<n {
                m[column][j] /= scale
                inverse[column][j] /= scale
            }
            for row in 0..<n where row != column && m[row][column] != 0 {
                let factor = m[row][column]
                for j in 0..<n {
                    m[row][j] -= factor * m[column][j]
                    inverse[row][j] -= factor * inverse[column][j]
                }
            }
        }
        return inverse
    }

    /// `U[ξ] = Σₖ G[ξ, k]·W[k]` for a kernel `[r, C, F]` (Keras layout), into `u` (`[α, C, F]`, overwritten).
    func transformKernel(
        _ weight: UnsafePointer<Float>, channels c: Int, filters f: Int, into u: UnsafeMutablePointer<Float>
    ) {
        u.update(repeating: 0, count: inputs * c * f)
        for xi in 0..<inputs {
            for k in 0..<taps {
                let coefficient = kernelTransform[xi * taps + k]
                if coefficient == 0 { continue }
                let target = u + xi * c * f
                let source = weight + k * c * f
                for i in 0..<(c * f) { target[i] += coefficient * source[i] }
            }
        }
    }

    /// `V[ξ][i] = Σ_ρ Bᵀ[ξ, ρ]·x[(i·m + ρ)]` for `tiles` tiles whose rows (`C` floats each) start at `x`:
    /// writes `α` matrices of `tiles × C` into `v` (matrix ξ at `v + ξ·tiles·C`). Tile by tile, so a
    /// tile's `α` input rows are read from L1 for every ξ.
    func transformInput(_ x: UnsafePointer<Float>, tiles: Int, channels c: Int, into v: UnsafeMutablePointer<Float>) {
        let alpha = inputs
        inputTerms.withPointers { terms, starts in
            inputButterflies.withUnsafeBufferPointer { butterflies in
                for i in 0..<tiles {
                    let base = x + i * outputs * c
                    for xi in 0..<alpha {
                        combine(
                            terms: terms + starts[xi], count: starts[xi + 1] - starts[xi], rows: base, rowStride: c,
                            start: nil, width: c, into: v + (xi * tiles + i) * c)
                    }
                    for pair in butterflies {
                        Self.apply(pair, v + (pair.first * tiles + i) * c, v + (pair.second * tiles + i) * c, width: c)
                    }
                }
            }
        }
    }

    /// `z[i·m + j] = bias + Σ_ξ Aᵀ[j, ξ]·M[ξ][i]` for `tiles` tiles, `M` being `α` matrices of
    /// `tiles × F` at `products`. Tile by tile, so a tile's `α` product rows are read from L1 for every j.
    /// With `paired`, the product rows are first combined in place by the butterflies.
    func transformOutput(
        _ products: UnsafeMutablePointer<Float>, tiles: Int, filters f: Int, bias: UnsafePointer<Float>,
        into z: UnsafeMutablePointer<Float>
    ) {
        outputTerms.withPointers { terms, starts in
            for i in 0..<tiles {
                for pair in outputButterflies {
                    Self.apply(
                        pair, products + (pair.first * tiles + i) * f, products + (pair.second * tiles + i) * f,
                        width: f)
                }
                for j in 0..<outputs {
                    combine(
                        terms: terms + starts[j], count: starts[j + 1] - starts[j], rows: products + i * f,
                        rowStride: tiles * f, start: bias, width: f, into: z + (i * outputs + j) * f)
                }
            }
        }
    }

    /// The butterfly `pair` on `width` floats of the rows `x` and `y`.
    @inline(__always)
    private static func apply(
        _ pair: Butterfly, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, width: Int
    ) {
        let (s, t) = (SIMD16<Float>(repeating: pair.s), SIMD16<Float>(repeating: pair.t))
        var ch = 0
        while ch + 16 <= width {
            let (a, b) = (vectorLoad(UnsafePointer(x + ch)), s * vectorLoad(UnsafePointer(y + ch)))
            vectorStore(a + b, x + ch)
            vectorStore(t * (a - b), y + ch)
            ch += 16
        }
        while ch < width {
            let (a, b) = (x[ch], pair.s * y[ch])
            (x[ch], y[ch]) = (a + b, pair.t * (a - b))
            ch += 1
        }
    }

    /// `out = start + Σ coefficient·rows[index]` over `count` terms in order (`start` nil: 0), for `width`
    /// floats; row `r` is at `rows + r·rowStride`.
    @inline(__always)
    private func combine(
        terms: UnsafePointer<Term>, count: Int, rows: UnsafePointer<Float>, rowStride: Int,
        start: UnsafePointer<Float>?, width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        var ch = 0
        while ch + 16 <= width {
            var sum = start.map { vectorLoad($0 + ch) } ?? SIMD16<Float>(repeating: 0)
            for n in 0..<count {
                sum +=
                    SIMD16<Float>(repeating: terms[n].coefficient) * vectorLoad(rows + terms[n].index * rowStride + ch)
            }
            vectorStore(sum, out + ch)
            ch += 16
        }
        while ch < width {
            var sum = start?[ch] ?? 0
            for n in 0..<count { sum += terms[n].coefficient * rows[terms[n].index * rowStride + ch] }
            out[ch] = sum
            ch += 1
        }
    }
}
