import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("RMSprop")
struct RMSpropTests {
    @Test("Hand-computed two steps (plain), and momentum/centred variants against a scalar re-derivation")
    func handComputed() {
        for (momentum, centered) in [(0.0, false), (0.5, false), (0.0, true), (0.9, true)] {
            var model = TinyModel(
                weight: Parameter(Tensor(shape: [1, 1], scalars: [1])), bias: Parameter(Tensor(zeros: [1])))
            var opt = RMSprop(learningRate: 0.1, rho: 0.9, momentum: momentum, centered: centered)
            var w: Float = 1
            var s: Float = 0
            var a: Float = 0
            var b: Float = 0
            for g: Float in [0.5, -2] {
                model.weight.gradient = Tensor(shape: [1, 1], scalars: [g])
                opt.update(&model)
                s = 0.9 * s + 0.1 * g * g
                a = 0.9 * a + 0.1 * g
                let d = centered ? s - a * a + 1e-7 : s + 1e-7
                let increment = 0.1 * g / d.squareRoot()
                if momentum > 0 {
                    b = Float(momentum) * b + increment
                    w -= b
                } else {
                    w -= increment
                }
                #expect(abs(model.weight.value.scalar - w) < 1e-6, "momentum \(momentum) centred \(centered)")
            }
        }
    }

    @Test("Three steps match Keras 3 RMSprop (centred, momentum 0.5, rho 0.8)")
    func golden() throws {
        let c = try Golden.layers().rmsprop
        // keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True)
        var opt = RMSprop(learningRate: c.learningRate, rho: 0.8, momentum: 0.5, centered: true)
        Golden.expectSteps(&opt, c)
    }

    @Test("State round trip")
    func state() throws {
        var model = TinyModel(
            weight: Parameter(Tensor(shape: [1, 1], scalars: [1])), bias: Parameter(Tensor(zeros: [1])))
        model.weight.gradient = Tensor(shape: [1, 1], scalars: [0.3])
        var opt = RMSprop(momentum: 0.5)
        opt.update(&model)
        var other = RMSprop(momentum: 0.5)
        try other.importState(opt.exportState())
        #expect(other.exportState() == opt.exportState())
        #expect(
            other.exportState().tensors.keys.sorted() == [
                "momentum/dense.bias", "momentum/dense.weight", "velocity/dense.bias", "velocity/dense.weight",
            ])
    }
}
