import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Initializer")
struct InitializerTests {
    @Test("Keras fan rules")
    func fans() {
        #expect(Initializer.fans(of: [5, 300, 128]) == (1500, 640))
        #expect(Initializer.fans(of: [1408, 100]) == (1408, 100))
        #expect(Initializer.fans(of: [7]) == (7, 7))
    }

    static func moments(_ t: Tensor) -> (mean: Double, variance: Double, maxAbs: Float) {
        let n = Double(t.scalarCount)
        let mean = t.scalars.reduce(0.0) { $0 + Double($1) } / n
        let variance = t.scalars.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        return (mean, variance, t.scalars.map(abs).max() ?? 0)
    }

    static let expectedVariances: [(String, Double)] = [
        ("lecunUniform", 1.0 / 640), ("glorotUniform", 2.0 / 1920), ("lecunNormal", 1.0 / 640), ("heNormal", 2.0 / 640),
    ]

    @Test("Bounds and variances: uniform limits and ≈ scale/fan variance", arguments: expectedVariances)
    func distribution(name: String, variance: Double) {
        let initializer: Initializer =
            switch name {
            case "lecunUniform": .lecunUniform
            case "glorotUniform": .glorotUniform
            case "lecunNormal": .lecunNormal
            default: .heNormal
            }
        var rng = SeededGenerator(seed: 1)
        let t = initializer.make(shape: [5, 128, 256], using: &rng)  // fanIn 640, fanOut 1280
        let m = Self.moments(t)
        #expect(abs(m.mean) < 0.05 * variance.squareRoot())
        #expect(abs(m.variance / variance - 1) < 0.03, "\(name): \(m.variance) vs \(variance)")
        if name.hasSuffix("Uniform") {
            #expect(Double(m.maxAbs) <= (3 * variance).squareRoot())  // limit = √(3·variance)
        } else {
            // truncated at 2σ of the *untruncated* normal, σ = √variance / 0.8796…
            #expect(Double(m.maxAbs) <= 2 * variance.squareRoot() / 0.87962566103423978 * 1.0001)
        }
    }

    @Test("Same seed gives identical weights; zeros are zeros")
    func determinism() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        #expect(
            Initializer.lecunUniform.make(shape: [3, 4], using: &a)
                == Initializer.lecunUniform.make(shape: [3, 4], using: &b))
        #expect(Initializer.zeros.make(shape: [3], using: &a) == Tensor(zeros: [3]))
    }

    @Test(
        "Orthogonal: QᵀQ = I for tall, wide and conv shapes, scaled by the gain",
        arguments: [[6, 4], [4, 6], [3, 2, 5]])
    func orthogonal(dimensions: [Int]) {
        var rng = SeededGenerator(seed: 3)
        let t = Initializer.orthogonal(gain: 2).make(shape: Shape(dimensions), using: &rng)
        let m = t.reshaped(to: [t.scalarCount / dimensions.last!, dimensions.last!])
        let rows = m.shape[0]
        let columns = m.shape[1]
        let gram = rows >= columns ? Tensor.matmul(m, m, transposeA: true) : Tensor.matmul(m, m, transposeB: true)
        let size = min(rows, columns)
        var identity = Tensor(zeros: [size, size])
        for i in 0..<size { identity[i, i] = 4 }
        #expect(gram.isApproximatelyEqual(to: identity, absoluteTolerance: 1e-5))
    }
}
