import FTLinearAlgebra

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Multinomial logistic regression with an L2 penalty on the weights (not the intercepts), fitted by
/// `LBFGS` — the model of scikit-learn's `LogisticRegression(C: 1.0, solver: "lbfgs")`.
///
/// For n samples `xᵢ ∈ ℝᵈ` and k classes it minimises, as scikit-learn does,
/// `(1/n) Σᵢ [log Σ_c exp(zᵢc) − zᵢ,yᵢ] + ‖W‖² / (2·C·n)` with `zᵢ = W·xᵢ + b`, `W` k × d.
/// For k = 2 scikit-learn fits one weight vector (binary logistic); the symmetric two-class multinomial
/// with `C/2` has exactly that optimum's probabilities, so FinText fits that. Features are dense row-major
/// `Double`; the products go through `BLAS.gemm`. Decision: docs/decisions/0151-linear-baseline.md.
public struct LogisticRegression: Sendable, Equatable, Codable {
    /// Number of classes k.
    public var classes: Int
    /// Number of features d.
    public var features: Int
    /// Weights, k × d row-major (scikit-learn's `coef_` for k > 2).
    public var weights: [Double]
    /// Intercepts, k.
    public var intercepts: [Double]

    /// A model with the given parameters.
    /// - Precondition: `weights.count == classes · features`, `intercepts.count == classes`, `classes ≥ 2`.
    public init(classes: Int, features: Int, weights: [Double], intercepts: [Double]) {
        precondition(classes >= 2, "LogisticRegression expected at least 2 classes. Received: \(classes)")
        precondition(
            weights.count == classes * features && intercepts.count == classes,
            "LogisticRegression expected \(classes)×\(features) weights and \(classes) intercepts. Received: \(weights.count), \(intercepts.count)"
        )
        self.classes = classes
        self.features = features
        self.weights = weights
        self.intercepts = intercepts
    }

    private enum CodingKeys: String, CodingKey { case classes, features, weights, intercepts }

    /// Decodes a model and checks it can be used: at least 2 classes, `features ≥ 0`, `classes · features`
    /// weights and `classes` intercepts, every one finite.
    /// - Throws: `DecodingError.dataCorrupted` naming the field at fault.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let classes = try c.decode(Int.self, forKey: .classes)
        let features = try c.decode(Int.self, forKey: .features)
        let weights = try c.decode([Double].self, forKey: .weights)
        let intercepts = try c.decode([Double].self, forKey: .intercepts)
        func corrupted(_ key: CodingKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
        guard classes >= 2 else { throw corrupted(.classes, "expected at least 2. Received: \(classes)") }
        guard features >= 0 else { throw corrupted(.features, "expected at least 0. Received: \(features)") }
        let (size, overflow) = classes.multipliedReportingOverflow(by: features)
        guard !overflow, weights.count == size else {
            throw corrupted(
                .weights, "expected classes × features = \(classes) × \(features) values. Received: \(weights.count)")
        }
        guard intercepts.count == classes else {
            throw corrupted(.intercepts, "expected \(classes) values (one per class). Received: \(intercepts.count)")
        }
        for (key, values) in [(CodingKeys.weights, weights), (.intercepts, intercepts)] {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw corrupted(key, "expected finite numbers. Received: \(values[bad]) at index \(bad)")
            }
        }
        self.init(classes: classes, features: features, weights: weights, intercepts: intercepts)
    }

    /// What the fit did.
    public struct Fit: Sendable, Equatable {
        /// The fitted model.
        public var model: LogisticRegression
        /// The optimiser's outcome (objective, gradient, iterations, why it stopped).
        public var optimisation: LBFGS.Result
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - x: n × d features, row-major.
    ///   - rows: n ≥ 1.
    ///   - labels: n class indices in `0..<classes`.
    ///   - classes: k ≥ 2.
    ///   - c: Inverse regularisation strength (scikit-learn's `C`), > 0.
    ///   - optimizer: The L-BFGS settings.
    /// - Precondition: the sizes agree, labels are in range, `c > 0`.
    /// - Complexity: per objective evaluation two GEMMs of `2·n·d·k` operations.
    public static func fit(
        x: [Double], rows: Int, labels: [Int], classes: Int, c: Double = 1, optimizer: LBFGS = LBFGS()
    ) -> Fit {
        precondition(
            rows >= 1 && x.count % rows == 0,
            "LogisticRegression.fit expected n × d features. Received: \(x.count) values for \(rows) rows")
        precondition(labels.count == rows, "LogisticRegression.fit expected \(rows) labels. Received: \(labels.count)")
        precondition(
            labels.allSatisfy { (0..<classes).contains($0) }, "LogisticRegression.fit expected labels in 0..<\(classes)"
        )
        precondition(c > 0 && c.isFinite, "LogisticRegression.fit expected C > 0. Received: \(c)")
        let d = x.count / rows
        let k = classes
        let n = rows
        // Two classes: the symmetric multinomial with C/2 equals scikit-learn's binary model (type comment).
        let strength = 1 / ((k == 2 ? c / 2 : c) * Double(n))
        var logits = [Double](repeating: 0, count: n * k)
        let result = optimizer.minimize(from: [Double](repeating: 0, count: k * d + k)) { theta, gradient in
            let model = LogisticRegression(
                classes: k, features: d, weights: Array(theta[0..<(k * d)]), intercepts: Array(theta[(k * d)...]))
            model.logits(x: x, rows: n, into: &logits)
            var loss = 0.0
            // Residuals (p − y) / n overwrite the logits.
            for i in 0..<n {
                let row = i * k
                var top = -Double.infinity
                for j in 0..<k { top = max(top, logits[row + j]) }
                var sum = 0.0
                for j in 0..<k { sum += exp(logits[row + j] - top) }
                let logSum = top + log(sum)
                loss += logSum - logits[row + labels[i]]
                for j in 0..<k {
                    logits[row + j] = (exp(logits[row + j] - logSum) - (labels[i] == j ? 1 : 0)) / Double(n)
                }
            }
            var penalty = 0.0
            for w in theta[0..<(k * d)] { penalty += w * w }
            // ∇W = Rᵀ·X + strength·W ; ∇b = column sums of R.
            for i in 0..<(k * d) { gradient[i] = strength * theta[i] }
            logits.withUnsafeBufferPointer { r in
                x.withUnsafeBufferPointer { px in
                    gradient.withUnsafeMutableBufferPointer { g in
                        BLAS.gemm(
                            transposeA: true, m: k, n: d, k: n, a: r, lda: k, b: px, ldb: d, beta: 1,
                            c: UnsafeMutableBufferPointer(rebasing: g[0..<(k * d)]), ldc: d)
                    }
                }
            }
            for j in 0..<k {
                var sum = 0.0
                for i in 0..<n { sum += logits[i * k + j] }
                gradient[k * d + j] = sum
            }
            return loss / Double(n) + 0.5 * strength * penalty
        }
        let model = LogisticRegression(
            classes: k, features: d, weights: Array(result.x[0..<(k * d)]), intercepts: Array(result.x[(k * d)...]))
        return Fit(model: model, optimisation: result)
    }

    /// `z = X·Wᵀ + b` into `out` (n × k).
    func logits(x: [Double], rows: Int, into out: inout [Double]) {
        let k = classes
        let d = features
        for i in 0..<rows { for j in 0..<k { out[i * k + j] = intercepts[j] } }
        x.withUnsafeBufferPointer { px in
            weights.withUnsafeBufferPointer { pw in
                out.withUnsafeMutableBufferPointer { po in
                    BLAS.gemm(
                        transposeB: true, m: rows, n: k, k: d, a: px, lda: d, b: pw, ldb: d, beta: 1, c: po, ldc: k)
                }
            }
        }
    }

    /// Class probabilities (softmax of the logits), one row of k per sample.
    /// - Precondition: `x.count == rows · features`.
    public func probabilities(x: [Double], rows: Int) -> [[Double]] {
        precondition(
            x.count == rows * features,
            "LogisticRegression expected \(rows) × \(features) features. Received: \(x.count)")
        var z = [Double](repeating: 0, count: rows * classes)
        logits(x: x, rows: rows, into: &z)
        return (0..<rows).map { i in
            let row = z[(i * classes)..<((i + 1) * classes)]
            let top = row.max() ?? 0
            let e = row.map { exp($0 - top) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        }
    }

    /// The most probable class of each sample (the lowest index on a tie, as numpy's `argmax`).
    public func predict(x: [Double], rows: Int) -> [Int] {
        probabilities(x: x, rows: rows).map(Self.argmax)
    }

    /// Index of the largest value, the first on a tie.
    public static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}
