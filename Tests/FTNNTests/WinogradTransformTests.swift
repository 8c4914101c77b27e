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
}
