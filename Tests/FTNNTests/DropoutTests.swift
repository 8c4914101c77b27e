import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Dropout")
struct DropoutTests {
    @Test("Inference is the identity; training drops about `rate` and rescales by 1/(1 − rate)")
    func behaviour() {
        let layer = Dropout(rate: 0.25)
        var rng = SeededGenerator(seed: 5)
        let x = Tensor(repeating: 2, shape: [4, 1000])
        #expect(layer.forward(x, mode: .inference, using: &rng).output == x)
        let y = layer.forward(x, mode: .training, using: &rng).output
        let dropped = y.scalars.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 4000 - 0.25) < 0.03)
        #expect(y.scalars.allSatisfy { $0 == 0 || $0 == Float(2 / 0.75) })
    }

    @Test("Same seed gives the same mask; the cached mask routes the gradient")
    func determinism() {
        var layer = Dropout(rate: 0.5)
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let x = Tensor.uniform(shape: [3, 11], using: &a)
        _ = Tensor.uniform(shape: [3, 11], using: &b)
        let (ya, cache) = layer.forward(x, mode: .training, using: &a)
        let (yb, _) = layer.forward(x, mode: .training, using: &b)
        #expect(ya == yb)
        let g = layer.backward(Tensor(repeating: 1, shape: [3, 11]), cache: cache)
        #expect(g.scalars == cache!.map { $0 })
    }

    @Test("Finite-difference gradient with a fixed mask")
    func gradients() {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.normal(shape: [2, 9, 3], using: &rng)
        #expect(GradientCheck.check(Dropout(rate: 0.15), input: x)["input"]! < 1e-2)
    }

    @Test("Rates outside [0, 1) are rejected")
    func errors() {
        #expect(throws: LayerError("Dropout expected a rate in [0, 1). Received: -0.1")) { try Dropout.validate(rate: -0.1) }
        #expect(throws: LayerError("Dropout expected a rate in [0, 1). Received: 1.0")) { try Dropout.validate(rate: 1) }
    }
}
