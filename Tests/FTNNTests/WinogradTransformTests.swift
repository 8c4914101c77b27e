import FTTensor
import Testing

@testable import FTNN

@Suite("WinogradTransform")
struct WinogradTransformTests {
    @Test("Aᵀ[(G w) ⊙ (Bᵀ d)] is the correlation Σₖ d[j+k] w[k] for every tile size and kernel it builds")
    func correlation() throws {
        var g = SeededGenerator(seed: 12)
        for taps in 2...5 {
            for outputs in 1...(11 - taps) {  // α − 1 ≤ 9 finite points
                let transform = try #require(WinogradTransform(outputs: outputs, taps: taps))
                let alpha = outputs + taps - 1
                #expect(transform.inputs == alpha)
                for _ in 0..<20 {
                    let d = (0..<alpha).map { _ in Double(g.nextNormal()) }
                    let w = (0..<taps).map { _ in Double(g.nextNormal()) }
                    let gw = (0..<alpha).map { xi in
                        (0..<taps).reduce(0.0) { $0 + Double(transform.kernelTransform[xi * taps + $1]) * w[$1] }
                    }
                    let bd = (0..<alpha).map { xi in
                        (0..<alpha).reduce(0.0) { $0 + Double(transform.inputTransform[xi * alpha + $1]) * d[$1] }
                    }
                    for j in 0..<outputs {
                        let y = (0..<alpha).reduce(0.0) {
                            $0 + Double(transform.outputTransform[j * alpha + $1]) * gw[$1] * bd[$1]
                        }
                        let direct = (0..<taps).reduce(0.0) { $0 + d[j + $1] * w[$1] }
                        // The transforms are stored as Float: about 1e-7 relative per coefficient.
                        #expect(
                            abs(y - direct) < 1e-5 * max(1, abs(direct)),
                            "m \(outputs), r \(taps), j \(j): \(y) vs \(direct)")
                    }
                }
            }
        }
    }

    @Test("tiles needing more interpolation points than it has are refused")
    func limits() {
        #expect(WinogradTransform(outputs: 6, taps: 5) != nil)  // 9 finite points: all of them
        #expect(WinogradTransform(outputs: 7, taps: 5) == nil)
        #expect(WinogradTransform(outputs: 4, taps: 8) == nil)
        #expect(WinogradTransform(outputs: 2, taps: 1) == nil)
    }

    @Test("paired transforms (±a share work) give the unpaired transforms' results within float rounding")
    func paired() throws {
        var g = SeededGenerator(seed: 21)
        let (c, tiles) = (35, 3)  // channels: two 16-lane groups and a tail of 3
        for taps in 2...5 {
            for outputs in 1...(11 - taps) {
                let plain = try #require(WinogradTransform(outputs: outputs, taps: taps))
                let paired = try #require(WinogradTransform(outputs: outputs, taps: taps, paired: true))
                let alpha = plain.inputs
                // The study's tiles pair every ±a: F(4, 5) uses 0, ±1, ±2, ±½ and F(6, 5) also ±3/2 (and ∞).
                if taps == 5 && [4, 6].contains(outputs) {
                    let pairs = outputs == 4 ? 3 : 4
                    #expect(paired.inputButterflies.count == pairs && paired.outputButterflies.count == pairs)
                }
                let x = (0..<((tiles - 1) * outputs + alpha) * c).map { _ in Float(g.nextNormal()) }
                var (v, w) = (
                    [Float](repeating: 0, count: alpha * tiles * c), [Float](repeating: 0, count: alpha * tiles * c)
                )
                x.withUnsafeBufferPointer { x in
                    plain.transformInput(x.baseAddress!, tiles: tiles, channels: c, into: &v)
                    paired.transformInput(x.baseAddress!, tiles: tiles, channels: c, into: &w)
                }
                expectNear(w, v, "input, m \(outputs), r \(taps)")
                var products = (0..<(alpha * tiles * c)).map { _ in Float(g.nextNormal()) }
                var copy = products
                let bias = (0..<c).map { _ in Float(g.nextNormal()) }
                var (y, z) = (
                    [Float](repeating: 0, count: tiles * outputs * c), [Float](repeating: 0, count: tiles * outputs * c)
                )
                plain.transformOutput(&products, tiles: tiles, filters: c, bias: bias, into: &y)
                paired.transformOutput(&copy, tiles: tiles, filters: c, bias: bias, into: &z)
                expectNear(z, y, "output, m \(outputs), r \(taps)")
            }
        }
    }

    private func expectNear(_ a: [Float], _ b: [Float], _ what: String) {
        let scale = b.reduce(Float(0)) { max($0, abs($1)) }
        let error = zip(a, b).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
        #expect(error <= 1e-5 * max(1, scale), "\(what): \(error) of \(scale)")
    }
}
