import FTTensor
import Testing

@testable import FTNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Units in the last place between two floats of the same sign (the distance of their bit patterns).
private func ulps(_ a: Float, _ b: Float) -> Int {
    if a == b { return 0 }
    return abs(Int(Int32(bitPattern: a.bitPattern & 0x7FFF_FFFF)) - Int(Int32(bitPattern: b.bitPattern & 0x7FFF_FFFF)))
}

@Suite("VectorELU: the fused kernels' vectorised ELU against expm1f")
struct VectorELUTests {
    @Test("negativeExpm1 is within 2 ulp of expm1f over [−20, 0] in steps of 2⁻¹⁶, near zero, and below −20")
    func againstExpm1f() {
        var inputs: [Float] = []
        var x: Float = -20
        while x < 0 {
            inputs.append(x)
            x += 1.0 / 65_536
        }
        // Near zero: every binade from 2⁻¹⁴⁹ (subnormal) to 1, a few values in each.
        for e in stride(from: -149, through: 0, by: 1) {
            for m: Float in [1, 1.25, 1.5, 1.999] {
                inputs.append(-m * Float(sign: .plus, exponent: e, significand: 1))
            }
        }
        inputs += [-0.346_573_59, -0.346_573_6, -0.346_574, -17.328_68, -20.5, -24.9, -25, -26, -88, -1e30, -.infinity]
        while inputs.count % 16 != 0 { inputs.append(-1) }
        var worst = (ulps: 0, x: Float(0))
        for start in stride(from: 0, to: inputs.count, by: 16) {
            let v = SIMD16<Float>(inputs[start..<start + 16])
            let y = negativeExpm1(v)
            for lane in 0..<16 {
                let d = ulps(y[lane], expm1f(v[lane]))
                if d > worst.ulps { worst = (d, v[lane]) }
            }
        }
        #expect(worst.ulps <= 2, "worst \(worst.ulps) ulp at x = \(worst.x)")
    }

    @Test("eluInPlace keeps positives and both zeros bit for bit, maps negatives like Activation.elu, tail included")
    func elu() {
        var values: [Float] = [0, -0.0, 1, 3.5, -0.1, -1, -5, -30, .greatestFiniteMagnitude, -.infinity]
        var g = SeededGenerator(seed: 7)
        for _ in 0..<45 { values.append(Float.random(in: -6...2, using: &g)) }  // 55 values: a 7-lane tail
        var fast = values
        fast.withUnsafeMutableBufferPointer { eluInPlace($0.baseAddress!, count: $0.count, alpha: 1.5) }
        var reference = values
        Activation.elu(alpha: 1.5).apply(&reference, width: reference.count)
        for i in values.indices {
            if values[i] >= 0 || values[i].isNaN {
                #expect(fast[i].bitPattern == values[i].bitPattern, "value \(values[i])")
            } else {
                #expect(ulps(fast[i], reference[i]) <= 3, "value \(values[i]): \(fast[i]) against \(reference[i])")
            }
        }
    }
}
