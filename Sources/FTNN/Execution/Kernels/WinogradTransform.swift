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
    /// Per row ξ of `Bᵀ`, its non-zero terms (made once, so the transforms allocate nothing).
    let inputTerms: [[Term]]
    /// Per row j of `Aᵀ`, its non-zero terms.
    let outputTerms: [[Term]]

    /// The finite interpolation points, in the order they are used.
    static let points: [Double] = [0, 1, -1, 2, -2, 0.5, -0.5]

    /// Transforms for `outputs` outputs of a `taps`-tap correlation, or nil when more points would be
    /// needed than `points` holds (large tiles lose accuracy).
    init?(outputs m: Int, taps r: Int) {
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
        let input = (0..<alpha).flatMap { xi in (0..<alpha).map { rho in Float(inverse[rho][xi]) } }
        inputTransform = input
        inputTerms = (0..<alpha).map { xi in
            (0..<alpha).compactMap { rho in
                input[xi * alpha + rho] == 0 ? nil : Term(index: rho, coefficient: input[xi * alpha + rho])
            }
        }
        let output = outputTransform
        outputTerms = (0..<m).map { j in
            (0..<alpha).compactMap { xi in
                output[j * alpha + xi] == 0 ? nil : Term(index: xi, coefficient: output[j * alpha + xi])
            }
        }
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
    /// writes `α` matrices of `tiles × C` into `v` (matrix ξ at `v + ξ·tiles·C`).
    func transformInput(_ x: UnsafePointer<Float>, tiles: Int, channels c: Int, into v: UnsafeMutablePointer<Float>) {
        let alpha = inputs
        let vectorEnd = c - c % 16
        for xi in 0..<alpha {
            let terms = inputTerms[xi]
            let target = v + xi * tiles * c
            for i in 0..<tiles {
                let base = x + i * outputs * c
                let out = target + i * c
                var ch = 0
                while ch < vectorEnd {
                    var sum = SIMD16<Float>(repeating: 0)
                    for term in terms {
                        sum += SIMD16<Float>(repeating: term.coefficient) * vectorLoad(base + term.index * c + ch)
                    }
                    vectorStore(sum, out + ch)
                    ch += 16
                }
                while ch < c {
                    var sum: Float = 0
                    for term in terms { sum += term.coefficient * base[term.index * c + ch] }
                    out[ch] = sum
                    ch += 1
                }
            }
        }
    }

    /// `z[i·m + j] = bias + Σ_ξ Aᵀ[j, ξ]·M[ξ][i]` for `tiles` tiles, `M` being `α` matrices of
    /// `tiles × F` at `products`.
    func transformOutput(
        _ products: UnsafePointer<Float>, tiles: Int, filters f: Int, bias: UnsafePointer<Float>,
        into z: UnsafeMutablePointer<Float>
    ) {
        let vectorEnd = f - f % 16
        for j in 0..<outputs {
            let terms = outputTerms[j]
            for i in 0..<tiles {
                let out = z + (i * outputs + j) * f
                var ch = 0
                while ch < vectorEnd {
                    var sum = vectorLoad(bias + ch)
                    for term in terms {
                        sum +=
                            SIMD16<Float>(repeating: term.coefficient)
                            * vectorLoad(products + (term.index * tiles + i) * f + ch)
                    }
                    vectorStore(sum, out + ch)
                    ch += 16
                }
                while ch < f {
                    var sum = bias[ch]
                    for term in terms { sum += term.coefficient * products[(term.index * tiles + i) * f + ch] }
                    out[ch] = sum
                    ch += 1
                }
            }
        }
    }
}
