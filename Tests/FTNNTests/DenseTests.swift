import FTTensor
import FTTestSupport
import Testing

@testable import FTNN

@Suite("Dense")
struct DenseTests {
    @Test("Hand-computed x·W + b in Keras layout [in, out]")
    func handComputed() {
        let layer = Dense(
            weight: Tensor(rows: [[1, 2], [3, 4], [5, 6]]), bias: Tensor(shape: [2], scalars: [0.5, -1]))
        var rng = SeededGenerator(seed: 0)
        let y = layer.forward(Tensor(rows: [[1, 0, -1]]), mode: .inference, using: &rng).output
        let expected: [Float] = [-3.5, -5]  // [1·1 − 5·1 + 0.5, 2·1 − 6·1 − 1]
        #expect(y.scalars == expected)
    }

    @Test("Finite-difference gradients", arguments: [Activation.linear, .elu(), .softmax, .relu])
    func gradients(activation: Activation) {
        var rng = SeededGenerator(seed: 21)
        let layer = Dense(
            inputSize: 7, outputSize: 5, activation: activation, biasInitializer: .lecunUniform, using: &rng)
        let x = ActivationLayerTests.awayFromZero([4, 7], seed: 3)
        let errors = GradientCheck.check(layer, input: x)
        for (name, error) in errors { #expect(error < 1e-2, "\(name): \(error)") }
        #expect(Set(errors.keys) == ["input", "weight", "bias"])
    }

    @Test("Matches Keras: forward and gradients", arguments: [true, false])
    func golden(elu: Bool) throws {
        let fixtures = try Golden.layers()
        let c = elu ? fixtures.denseElu : fixtures.denseLinear
        // keras.layers.Dense(units, activation); jax.grad(Σ r ⊙ layer(x))
        var layer = Dense(weight: c.kernel!.tensor, bias: c.bias!.tensor, activation: elu ? .elu() : .linear)
        var rng = SeededGenerator(seed: 0)
        let (y, cache) = layer.forward(c.input.tensor, mode: .training, using: &rng)
        Golden.expectClose(y, c.output.tensor, "output")
        Golden.expectClose(layer.backward(c.upstream.tensor, cache: cache), c.inputGradient.tensor, "input gradient")
        Golden.expectClose(layer.weight.gradient, c.kernelGradient!.tensor, "kernel gradient")
        Golden.expectClose(layer.bias!.gradient, c.biasGradient!.tensor, "bias gradient")
    }

    @Test("Wrong feature count is rejected with the shapes")
    func errors() {
        var rng = SeededGenerator(seed: 0)
        let layer = Dense(inputSize: 1408, outputSize: 100, using: &rng)
        #expect(throws: LayerError("Dense expected input with 1408 features. Received: shape [33, 1400]")) {
            try layer.outputShape(for: [33, 1400])
        }
        #expect(throws: LayerError("Dense expected outputSize (units) ≥ 1. Received: 0")) {
            try Dense.validate(inputSize: 3, outputSize: 0)
        }
    }

    @Test(
        "A small product: each output is summed in its documented order",
        arguments: [(33, 100, 3), (4, 37, 1), (5, 16, 8), (3, 7, 2), (4, 300, 100), (7, 40, 6), (6, 64, 30)])
    func smallProductOrder(shape: (rows: Int, inputs: Int, units: Int)) {
        var rng = SeededGenerator(seed: 5)
        let (n, i, o) = shape
        let x = (0..<(n * i)).map { _ in Float.random(in: -1...1, using: &rng) }
        let layer = Dense(
            weight: Tensor(shape: [i, o], scalars: (0..<(i * o)).map { _ in Float.random(in: -1...1, using: &rng) }),
            bias: nil)
        let y = layer.forward(Tensor(shape: [n, i], scalars: x), mode: .inference, using: &rng).output
        let expected = (0..<(n * o)).map {
            SmallProductOrder.output(
                x, layer.weight.value.scalars, row: $0 / o, column: $0 % o, rows: n, inputs: i, columns: o)
        }
        #expect(y.scalars.map(\.bitPattern) == expected.map(\.bitPattern))
        let exact = (0..<(n * o)).map { e in
            (0..<i).reduce(0.0) { $0 + Double(x[e / o * i + $1]) * Double(layer.weight.value.scalars[$1 * o + e % o]) }
        }
        for (value, reference) in zip(y.scalars, exact) { #expect(abs(Double(value) - reference) < 1e-5) }
    }
}
