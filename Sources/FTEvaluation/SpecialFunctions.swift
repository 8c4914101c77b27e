#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Special functions in `Double` behind the exact tests: the regularised incomplete beta and gamma functions,
/// the inverse of the incomplete beta, and the distribution tails built on them.
///
/// Algorithms follow Press et al., *Numerical Recipes* (3rd ed., §6.2 and §6.4): a series or a modified-Lentz
/// continued fraction, whichever converges fast for the argument, to about 1e-15 relative accuracy.
public enum SpecialFunctions {
    /// `ln Γ(x)` for `x > 0` (C library `lgamma`).
    /// - Precondition: `x > 0`.
    public static func logGamma(_ x: Double) -> Double {
        precondition(x > 0, "logGamma expected x > 0. Received: \(x)")
        return lgamma(x)
    }

    /// The regularised incomplete beta function `I_x(a, b) = B(x; a, b) / B(a, b)`, the CDF of Beta(a, b) at `x`.
    ///
    /// Complexity: O(√max(a, b)) continued-fraction terms.
    /// - Precondition: `a > 0`, `b > 0` and `0 ≤ x ≤ 1`.
    public static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        precondition(a > 0 && b > 0, "regularizedIncompleteBeta expected a > 0 and b > 0. Received: a \(a), b \(b)")
        precondition(x >= 0 && x <= 1, "regularizedIncompleteBeta expected 0 ≤ x ≤ 1. Received: \(x)")
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(a: b, b: a, x: 1 - x) / b
    }

    /// The `p`-quantile of Beta(a, b): the `x` with `I_x(a, b) = p` (R `qbeta`).
    ///
    /// Bisection on `[0, 1]` down to adjacent doubles, so the result is as accurate as `I_x` itself allows.
    /// - Precondition: `a > 0`, `b > 0` and `0 ≤ p ≤ 1`.
    public static func inverseRegularizedIncompleteBeta(a: Double, b: Double, p: Double) -> Double {
        precondition(
            a > 0 && b > 0, "inverseRegularizedIncompleteBeta expected a > 0 and b > 0. Received: a \(a), b \(b)")
        precondition(p >= 0 && p <= 1, "inverseRegularizedIncompleteBeta expected 0 ≤ p ≤ 1. Received: \(p)")
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        var low = 0.0
        var high = 1.0
        for _ in 0..<2_100 {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high { break }
            if regularizedIncompleteBeta(a: a, b: b, x: middle) < p { low = middle } else { high = middle }
        }
        // Return whichever end of the final bracket is closer in probability.
        let lowError = abs(regularizedIncompleteBeta(a: a, b: b, x: low) - p)
        let highError = abs(regularizedIncompleteBeta(a: a, b: b, x: high) - p)
        return lowError < highError ? low : high
    }

    /// The regularised lower incomplete gamma function `P(a, x) = γ(a, x) / Γ(a)`.
    /// - Precondition: `a > 0` and `x ≥ 0`.
    public static func regularizedGammaP(a: Double, x: Double) -> Double {
        precondition(a > 0 && x >= 0, "regularizedGammaP expected a > 0 and x ≥ 0. Received: a \(a), x \(x)")
        if x == 0 { return 0 }
        return x < a + 1 ? gammaSeries(a: a, x: x) : 1 - gammaContinuedFraction(a: a, x: x)
    }

    /// The regularised upper incomplete gamma function `Q(a, x) = 1 − P(a, x)`, computed directly for
    /// accuracy in the far tail.
    /// - Precondition: `a > 0` and `x ≥ 0`.
    public static func regularizedGammaQ(a: Double, x: Double) -> Double {
        precondition(a > 0 && x >= 0, "regularizedGammaQ expected a > 0 and x ≥ 0. Received: a \(a), x \(x)")
        if x == 0 { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a: a, x: x) : gammaContinuedFraction(a: a, x: x)
    }

    /// The upper tail `P(X ≥ x)` of a χ² distribution with `degreesOfFreedom` (R `pchisq(x, df, lower = FALSE)`).
    /// - Precondition: `degreesOfFreedom > 0` and `x ≥ 0`.
    public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom: Double) -> Double {
        regularizedGammaQ(a: degreesOfFreedom / 2, x: x / 2)
    }

    /// The two-sided tail `P(|T| ≥ |t|)` of Student's t with `degreesOfFreedom`
    /// (scipy `2 * stats.t.sf(abs(t), df)`), through `I_{ν/(ν+t²)}(ν/2, 1/2)`.
    /// - Precondition: `degreesOfFreedom > 0` and `t` is not NaN.
    public static func studentTTwoSided(_ t: Double, degreesOfFreedom: Double) -> Double {
        precondition(
            degreesOfFreedom > 0, "studentTTwoSided expected degrees of freedom > 0. Received: \(degreesOfFreedom)")
        precondition(!t.isNaN, "studentTTwoSided expected a number. Received: NaN")
        if t.isInfinite { return 0 }
        return regularizedIncompleteBeta(
            a: degreesOfFreedom / 2, b: 0.5, x: degreesOfFreedom / (degreesOfFreedom + t * t))
    }

    /// The two-sided exact binomial p-value of `successes` out of `trials` at probability ½
    /// (scipy `binomtest(successes, trials, 0.5).pvalue`): `min(1, 2·P(X ≤ min(s, n − s)))`.
    /// - Precondition: `0 ≤ successes ≤ trials`, `trials ≥ 1`.
    public static func binomialTwoSidedHalf(successes: Int, trials: Int) -> Double {
        precondition(
            trials >= 1 && successes >= 0 && successes <= trials,
            "binomialTwoSidedHalf expected 0 ≤ successes ≤ trials, trials ≥ 1. Received: \(successes) of \(trials)")
        let low = min(successes, trials - successes)
        if 2 * low == trials { return 1 }
        // P(X ≤ low) = P(X ≥ n − low) by symmetry.
        return min(1, 2 * binomialUpperTail(successes: trials - low, trials: trials, probability: 0.5))
    }

    /// The one-sided exact binomial p-value `P(X ≥ successes)` for `X ~ Binomial(trials, probability)`
    /// (R `binom.test(successes, trials, probability, alternative = "greater")$p.value`).
    /// - Precondition: `0 ≤ successes ≤ trials` and `0 ≤ probability ≤ 1`.
    public static func binomialUpperTail(successes: Int, trials: Int, probability: Double) -> Double {
        precondition(
            successes >= 0 && successes <= trials,
            "binomialUpperTail expected 0 ≤ successes ≤ trials. Received: \(successes) of \(trials)")
        precondition(
            probability >= 0 && probability <= 1,
            "binomialUpperTail expected a probability in [0, 1]. Received: \(probability)")
        if successes == 0 { return 1 }
        // P(X ≥ k) = I_p(k, n − k + 1).
        return regularizedIncompleteBeta(a: Double(successes), b: Double(trials - successes + 1), x: probability)
    }

    /// The exact (Clopper–Pearson) two-sided confidence interval for a binomial proportion
    /// (R `binom.test(successes, trials, conf.level = confidence)$conf.int`).
    /// - Precondition: `0 ≤ successes ≤ trials`, `trials > 0` and `0 < confidence < 1`.
    public static func clopperPearsonInterval(
        successes: Int, trials: Int, confidence: Double = 0.95
    ) -> (lower: Double, upper: Double) {
        precondition(
            trials > 0 && successes >= 0 && successes <= trials,
            "clopperPearsonInterval expected 0 ≤ successes ≤ trials, trials > 0. Received: \(successes) of \(trials)")
        precondition(
            confidence > 0 && confidence < 1,
            "clopperPearsonInterval expected 0 < confidence < 1. Received: \(confidence)")
        let alpha = 1 - confidence
        let x = Double(successes)
        let n = Double(trials)
        let lower = successes == 0 ? 0 : inverseRegularizedIncompleteBeta(a: x, b: n - x + 1, p: alpha / 2)
        let upper = successes == trials ? 1 : inverseRegularizedIncompleteBeta(a: x + 1, b: n - x, p: 1 - alpha / 2)
        return (lower, upper)
    }

    // MARK: Implementation

    private static let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
    private static let maximumIterations = 100_000

    /// Modified Lentz evaluation of the continued fraction for `I_x(a, b)` (Numerical Recipes `betacf`).
    private static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maximumIterations {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return h
    }

    /// Series for `P(a, x)`, used when `x < a + 1` (Numerical Recipes `gser`).
    private static func gammaSeries(a: Double, x: Double) -> Double {
        var ap = a
        var term = 1 / a
        var sum = term
        for _ in 0..<maximumIterations {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * Double.ulpOfOne { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    /// Continued fraction for `Q(a, x)`, used when `x ≥ a + 1` (Numerical Recipes `gcf`).
    private static func gammaContinuedFraction(a: Double, x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maximumIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }
}
