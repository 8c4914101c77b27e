import FTLinearAlgebra

/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 7.4–7.5) for a smooth
/// objective of `Double` parameters, with a backtracking Armijo line search.
///
/// Each iteration forms the search direction `−H·g` by the two-loop recursion over the last `memory` pairs
/// `(s, y) = (x₊ − x, g₊ − g)`, with the initial inverse Hessian `γI`, `γ = sᵀy / yᵀy`; a pair whose
/// curvature `sᵀy` is not positive is not stored, so `H` stays positive definite. The line search starts
/// at step 1 (at `1 / ‖g‖∞` on the first iteration) and halves until the Armijo condition
/// `f(x + αd) ≤ f(x) + 10⁻⁴·α·gᵀd` holds.
///
/// It stops when the largest gradient component is at most `gradientTolerance` (scipy's `pgtol` test, which
/// scikit-learn's `tol` sets), when the objective's relative decrease in one step falls below
/// `relativeDecreaseTolerance`, or after `maxIterations`. Vector arithmetic goes through `BLAS`.
/// Deterministic: the same objective and start give the same iterates.
public struct LBFGS: Sendable, Equatable, Codable {
    /// Correction pairs kept (scipy's `maxcor`, 10).
    public var memory = 10
    /// Stop when `max |gᵢ| ≤ gradientTolerance`.
    public var gradientTolerance = 1e-8
    /// Stop when `(f − f₊) / max(|f|, |f₊|, 1) ≤ relativeDecreaseTolerance` (scipy's `factr·eps`).
    public var relativeDecreaseTolerance = 1e-15
    /// At most this many iterations (each one gradient evaluation plus any backtracking).
    public var maxIterations = 1_000

    /// Why the optimiser stopped.
    public enum Stop: String, Sendable, Codable, Equatable {
        /// The gradient test held.
        case gradient
        /// The objective stopped decreasing (relative change below the tolerance, or no Armijo step found).
        case noProgress
        /// `maxIterations` was reached.
        case iterations
    }

    /// The outcome of a minimisation.
    public struct Result: Sendable, Equatable {
        /// The final parameters.
        public var x: [Double]
        /// The objective at `x`.
        public var value: Double
        /// `max |gᵢ|` at `x`.
        public var gradientMaximum: Double
        /// Iterations done.
        public var iterations: Int
        /// Objective evaluations done.
        public var evaluations: Int
        /// Why it stopped.
        public var stop: Stop
    }

    /// An optimiser with the defaults above.
    public init() {}

    /// Minimises `objective` from `start`.
    ///
    /// - Parameters:
    ///   - start: The first iterate.
    ///   - objective: Returns `f(x)` and writes `∇f(x)` into its second argument (same length as `x`).
    /// - Precondition: `memory ≥ 1`, positive tolerances, `maxIterations ≥ 0`, and a finite `f(start)`.
    /// - Complexity: per iteration, one or more objective evaluations plus `O(memory · x.count)`.
    public func minimize(
        from start: [Double], objective: (_ x: [Double], _ gradient: inout [Double]) -> Double
    ) -> Result {
        precondition(memory >= 1, "LBFGS expected memory ≥ 1. Received: \(memory)")
        precondition(gradientTolerance >= 0 && relativeDecreaseTolerance >= 0, "LBFGS expected tolerances ≥ 0")
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = objective(x, &g)
        precondition(f.isFinite, "LBFGS expected a finite objective at the start. Received: \(f)")
        var evaluations = 1
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        var iteration = 0
        var stop = Stop.iterations
        var gNext = g
        while true {
            if maximum(g) <= gradientTolerance {
                stop = .gradient
                break
            }
            if iteration >= maxIterations { break }
            var d = direction(gradient: g, pairs: pairs)
            var slope = dot(g, d)
            if !(slope < 0) {  // not a descent direction (numerical trouble): restart from steepest descent
                pairs.removeAll()
                d = g.map { -$0 }
                slope = dot(g, d)
            }
            var step = pairs.isEmpty && iteration == 0 ? 1 / max(maximum(g), 1e-300) : 1.0
            var xNext = x
            var fNext = f
            var accepted = false
            for _ in 0..<60 {
                for i in 0..<n { xNext[i] = x[i] + step * d[i] }
                fNext = objective(xNext, &gNext)
                evaluations += 1
                if fNext.isFinite && fNext <= f + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            iteration += 1
            if !accepted {
                stop = .noProgress
                break
            }
            var s = [Double](repeating: 0, count: n)
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = xNext[i] - x[i]
                y[i] = gNext[i] - g[i]
            }
            let curvature = dot(s, y)
            if curvature > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() && curvature > 0 {
                pairs.append((s, y, 1 / curvature))
                if pairs.count > memory { pairs.removeFirst() }
            }
            let decrease = (f - fNext) / max(abs(f), abs(fNext), 1)
            x = xNext
            swap(&g, &gNext)
            f = fNext
            if decrease <= relativeDecreaseTolerance {
                stop = maximum(g) <= gradientTolerance ? .gradient : .noProgress
                break
            }
        }
        return Result(
            x: x, value: f, gradientMaximum: maximum(g), iterations: iteration, evaluations: evaluations, stop: stop)
    }

    /// `−H·g` by the two-loop recursion.
    private func direction(gradient g: [Double], pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = g
        var alphas = [Double](repeating: 0, count: pairs.count)
        for j in pairs.indices.reversed() {
            alphas[j] = pairs[j].rho * dot(pairs[j].s, q)
            axpy(-alphas[j], pairs[j].y, &q)
        }
        if let last = pairs.last {
            let gamma = 1 / (last.rho * dot(last.y, last.y))
            for i in q.indices { q[i] *= gamma }
        }
        for j in pairs.indices {
            let beta = pairs[j].rho * dot(pairs[j].y, q)
            axpy(alphas[j] - beta, pairs[j].s, &q)
        }
        for i in q.indices { q[i] = -q[i] }
        return q
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { BLAS.dot(length: a.count, x: pa, y: $0) } }
    }

    private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        let count = x.count
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { BLAS.axpy(length: count, alpha: alpha, x: px, y: $0) }
        }
    }

    private func maximum(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
}
