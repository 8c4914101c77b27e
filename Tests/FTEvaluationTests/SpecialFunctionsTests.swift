import FTEvaluation
import FTTestSupport
import Foundation
import Testing

/// Reference values from SciPy (Fixtures/generate_sklearn_reference.py → special_functions.json).
private struct SpecialFunctionFixture: Decodable {
    struct Beta: Decodable { let a, b, x, value: Double }
    struct InverseBeta: Decodable { let a, b, p, value: Double }
    struct Gamma: Decodable { let a, x, value: Double }
    struct ChiSquared: Decodable { let x, df, value: Double }
    struct LogGamma: Decodable { let x, value: Double }
    let incompleteBeta: [Beta]
    let inverseIncompleteBeta: [InverseBeta]
    let gammaP: [Gamma]
    let gammaQ: [Gamma]
    let chiSquaredUpperTail: [ChiSquared]
    let logGamma: [LogGamma]
}

@Suite struct SpecialFunctionsTests {
    private let fixture: SpecialFunctionFixture

    init() throws { fixture = try Fixtures.decode(SpecialFunctionFixture.self, "special_functions.json") }

    @Test func incompleteBetaMatchesSciPy() {
        // scipy.special.betainc(a, b, x). The front factor exp(lnΓ(a+b) − lnΓ(a) − lnΓ(b) + …) loses about
        // |lnΓ(a+b)|·ε relative: ~2e-12 for a + b = 10,000, hence 1e-10 (the golden goal is 1e-9).
        for c in fixture.incompleteBeta {
            expectAgree(
                SpecialFunctions.regularizedIncompleteBeta(a: c.a, b: c.b, x: c.x), c.value,
                tolerance: 1e-10, "I_\(c.x)(\(c.a), \(c.b))")
        }
    }

    @Test func inverseIncompleteBetaMatchesSciPy() {
        // scipy.special.betaincinv(a, b, p)
        for c in fixture.inverseIncompleteBeta {
            expectAgree(
                SpecialFunctions.inverseRegularizedIncompleteBeta(a: c.a, b: c.b, p: c.p), c.value,
                tolerance: 1e-11, "qbeta(\(c.p), \(c.a), \(c.b))")
        }
    }

    @Test func incompleteGammaMatchesSciPy() {
        // scipy.special.gammainc / gammaincc
        for c in fixture.gammaP {
            expectAgree(
                SpecialFunctions.regularizedGammaP(a: c.a, x: c.x), c.value, tolerance: 1e-12, "P(\(c.a), \(c.x))")
        }
        for c in fixture.gammaQ {
            expectAgree(
                SpecialFunctions.regularizedGammaQ(a: c.a, x: c.x), c.value, tolerance: 1e-12, "Q(\(c.a), \(c.x))")
        }
    }

    @Test func chiSquaredTailAndLogGammaMatchSciPy() {
        for c in fixture.chiSquaredUpperTail {
            expectAgree(
                SpecialFunctions.chiSquaredUpperTail(c.x, degreesOfFreedom: c.df), c.value,
                tolerance: 1e-12, "chi2.sf(\(c.x), \(c.df))")
        }
        for c in fixture.logGamma {
            expectAgree(SpecialFunctions.logGamma(c.x), c.value, tolerance: 1e-13, "lgamma(\(c.x))")
        }
    }

    @Test func closedFormsHold() {
        // I_x(1, 1) = x; I_x(a, 1) = x^a; P(1, x) = 1 − e^(−x); chi-squared with 2 df: e^(−x/2).
        expectAgree(SpecialFunctions.regularizedIncompleteBeta(a: 1, b: 1, x: 0.37), 0.37, tolerance: 1e-14, "I(1,1)")
        expectAgree(SpecialFunctions.regularizedIncompleteBeta(a: 3, b: 1, x: 0.6), 0.216, tolerance: 1e-14, "I(3,1)")
        expectAgree(SpecialFunctions.regularizedGammaP(a: 1, x: 2), 1 - exp(-2), tolerance: 1e-14, "P(1,2)")
        expectAgree(
            SpecialFunctions.chiSquaredUpperTail(5, degreesOfFreedom: 2), exp(-2.5), tolerance: 1e-14, "chi2 2df")
        // Binomial tail by direct summation: P(X ≥ 3), X ~ Bin(5, 0.4) = 0.31744.
        expectAgree(
            SpecialFunctions.binomialUpperTail(successes: 3, trials: 5, probability: 0.4), 0.31744,
            tolerance: 1e-13, "binomial tail")
        #expect(SpecialFunctions.binomialUpperTail(successes: 0, trials: 5, probability: 0.4) == 1)
        let interval = SpecialFunctions.clopperPearsonInterval(successes: 0, trials: 10)
        #expect(interval.lower == 0)
        // Upper bound for 0 of 10 is 1 − 0.025^(1/10).
        expectAgree(interval.upper, 1 - pow(0.025, 0.1), tolerance: 1e-12, "CP upper, 0 of 10")
    }
}
