/// Two models compared on the same cross-validation folds: the corrected resampled t-test over the
/// per-fold accuracy differences, and McNemar's test over the pooled out-of-fold predictions.
public struct PairedComparison: Sendable, Equatable {
    /// Nadeau & Bengio's (2003) corrected resampled t-test.
    ///
    /// Across J train/test runs (folds × repeats) with accuracy differences `dⱼ = accᴬⱼ − accᴮⱼ`, the
    /// test sets overlap the other runs' training sets, so the plain t-test's variance `σ̂²/J` is too
    /// small; the correction uses `(1/J + n_test/n_train)·σ̂²`, `t = d̄ / √that`, with J − 1 degrees of
    /// freedom, two-sided. `σ̂²` is the sample variance (divisor J − 1).
    public struct CorrectedResampledTTest: Sendable, Equatable {
        /// The per-run differences (first minus second model).
        public let differences: [Double]
        /// Mean `n_test / n_train` over the runs.
        public let testToTrainingRatio: Double
        /// `d̄`.
        public let meanDifference: Double
        /// `σ̂` (divisor J − 1); 0 for one run.
        public let standardDeviation: Double
        /// The t statistic; nil when the corrected variance is 0 or there is one run.
        public let t: Double?
        /// J − 1.
        public let degreesOfFreedom: Int
        /// Two-sided p-value; nil when `t` is.
        public let pValue: Double?

        /// Computes the test.
        /// - Precondition: at least one difference, all finite; a positive ratio.
        public init(differences: [Double], testToTrainingRatio: Double) {
            precondition(
                !differences.isEmpty && differences.allSatisfy(\.isFinite),
                "CorrectedResampledTTest expected finite differences. Received: \(differences)")
            precondition(
                testToTrainingRatio > 0,
                "CorrectedResampledTTest expected a positive test/training ratio. Received: \(testToTrainingRatio)")
            let j = Double(differences.count)
            self.differences = differences
            self.testToTrainingRatio = testToTrainingRatio
            meanDifference =
                differences.allSatisfy { $0 == differences[0] } ? differences[0] : differences.reduce(0, +) / j
            degreesOfFreedom = differences.count - 1
            let mean = meanDifference
            let constant = differences.allSatisfy { $0 == differences[0] }
            let variance =
                differences.count > 1 && !constant
                ? differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (j - 1) : 0
            standardDeviation = variance.squareRoot()
            let corrected = (1 / j + testToTrainingRatio) * variance
            if differences.count > 1 && corrected > 0 {
                let t = meanDifference / corrected.squareRoot()
                self.t = t
                pValue = SpecialFunctions.studentTTwoSided(t, degreesOfFreedom: Double(degreesOfFreedom))
            } else {
                t = nil
                pValue = nil
            }
        }
    }

    /// McNemar's test on paired correct/incorrect outcomes of the same samples.
    ///
    /// `b` counts samples the first model got right and the second wrong, `c` the reverse. The χ² form is
    /// R's `mcnemar.test` with continuity correction, `(|b − c| − 1)² / (b + c)` on 1 degree of freedom;
    /// the exact form is the two-sided binomial test of `b` out of `b + c` at ½.
    public struct McNemarTest: Sendable, Equatable {
        /// First right, second wrong.
        public let firstOnlyCorrect: Int
        /// First wrong, second right.
        public let secondOnlyCorrect: Int
        /// Both right.
        public let bothCorrect: Int
        /// Both wrong.
        public let bothWrong: Int
        /// The continuity-corrected χ² statistic; nil when `b + c = 0`.
        public let chiSquared: Double?
        /// Its p-value; nil when `b + c = 0`.
        public let pValue: Double?
        /// The exact two-sided binomial p-value; nil when `b + c = 0`.
        public let exactPValue: Double?

        /// Counts the pairs and computes the test.
        /// - Precondition: equal lengths.
        public init(firstCorrect: [Bool], secondCorrect: [Bool]) {
            precondition(
                firstCorrect.count == secondCorrect.count,
                "McNemarTest expected equal lengths. Received: \(firstCorrect.count) and \(secondCorrect.count)")
            var b = 0
            var c = 0
            var both = 0
            var neither = 0
            for (x, y) in zip(firstCorrect, secondCorrect) {
                switch (x, y) {
                case (true, false): b += 1
                case (false, true): c += 1
                case (true, true): both += 1
                case (false, false): neither += 1
                }
            }
            firstOnlyCorrect = b
            secondOnlyCorrect = c
            bothCorrect = both
            bothWrong = neither
            if b + c == 0 {
                chiSquared = nil
                pValue = nil
                exactPValue = nil
            } else {
                let d = max(Double(abs(b - c)) - 1, 0)
                let statistic = d * d / Double(b + c)
                chiSquared = statistic
                pValue = SpecialFunctions.chiSquaredUpperTail(statistic, degreesOfFreedom: 1)
                exactPValue = SpecialFunctions.binomialTwoSidedHalf(successes: b, trials: b + c)
            }
        }
    }

    /// Name of the first model (for example "network").
    public let first: String
    /// Name of the second model (for example "linear").
    public let second: String
    /// The fold-level test.
    public let tTest: CorrectedResampledTTest
    /// The pooled-prediction test.
    public let mcNemar: McNemarTest

    /// Assembles a comparison.
    public init(first: String, second: String, tTest: CorrectedResampledTTest, mcNemar: McNemarTest) {
        self.first = first
        self.second = second
        self.tTest = tTest
        self.mcNemar = mcNemar
    }

    /// A model's name in a sentence: "the network", "the linear baseline".
    static func spoken(_ model: String) -> String {
        switch model {
        case "network": "the network"
        case "linear": "the linear baseline"
        default: model
        }
    }

    /// The result in plain words, for a reader who is not a statistician.
    public var plainWords: String {
        let first = Self.spoken(self.first)
        let second = Self.spoken(self.second)
        let t = tTest
        let points = Formatting.number(abs(t.meanDifference) * 100, digits: 1)
        let direction =
            t.meanDifference > 0
            ? "\(first) was more accurate than \(second)"
            : t.meanDifference < 0
                ? "\(second) was more accurate than \(first)" : "\(first) and \(second) were equally accurate"
        var text = "Averaged over \(t.differences.count) train/test runs, \(direction)"
        if t.meanDifference != 0 { text += " by \(points) percentage points" }
        text += ". "
        if let p = t.pValue {
            text +=
                p < 0.05
                ? "A difference this large would be unusual (p = \(Formatting.pValue(p))) if the two models were equally good, so it is unlikely to be luck of the folds. "
                : "A difference this large would be common (p = \(Formatting.pValue(p))) even if the two models were equally good: the folds cannot tell them apart. "
        } else {
            text += "The runs did not vary, so no p-value can be given. "
        }
        let m = mcNemar
        text +=
            "On the pooled predictions, \(m.firstOnlyCorrect) documents were right only with \(first) and \(m.secondOnlyCorrect) only with \(second)"
        if let p = m.pValue {
            text +=
                p < 0.05
                ? " — more lopsided than chance would make it (McNemar p = \(Formatting.pValue(p)))."
                : " — a split chance could easily produce (McNemar p = \(Formatting.pValue(p)))."
        } else {
            text += "."
        }
        return text
    }
}
