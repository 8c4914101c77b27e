import FTNN
import FTTensor
import FTTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("ActivationLayer (ELU, ReLU, Softmax)")
struct ActivationLayerTests {
    /// Uniform in ±[0.05, 1.5]: away from the kink at 0 by more than 2h.
    static func awayFromZero(_ shape: Shape, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return Tensor.uniform(shape: shape, lower: 0.05, upper: 1.5, using: &rng)
            .map { $0 * (rng.nextFloat() < 0.5 ? -1 : 1) }
    }

    @Test("Hand-computed values")
    func handComputed() {
        var rng = SeededGenerator(seed: 0)
        let x = Tensor(shape: [1, 3], scalars: [-1, 0, 2])
        #expect(ActivationLayer.elu().forward(x, mode: .inference, using: &rng).output.scalars == [expm1f(-1), 0, 2])
        #expect(
            ActivationLayer.elu(alpha: 2).forward(x, mode: .inference, using: &rng).output.scalars == [
                2 * expm1f(-1), 0, 2,
            ])
        #expect(ActivationLayer.relu.forward(x, mode: .inference, using: &rng).output.scalars == [0, 0, 2])
        let p = ActivationLayer.softmax.forward(
            Tensor(shape: [1, 2], scalars: [1000, 1000]), mode: .inference, using: &rng
        ).output
        #expect(p.scalars == [0.5, 0.5])  // stable for huge logits
        #expect(ActivationLayer.elu().kindName == "ELU")
    }

    @Test("Finite-difference gradients", arguments: ["elu", "elu0.5", "relu", "softmax"])
    func gradients(kind: String) {
        let layer: ActivationLayer =
            switch kind {
            case "elu": .elu()
            case "elu0.5": .elu(alpha: 0.5)
            case "relu": .relu
            default: .softmax
            }
        let x = Self.awayFromZero([2, 7, 5], seed: 11)
        let errors = GradientCheck.check(layer, input: x, step: 1e-2)
        #expect(errors["input"]! < 1e-2, "\(errors)")
    }

    @Test("ELU matches Keras")
    func golden() throws {
        let c = try Golden.layers().elu
        // keras.layers.ELU()(x); jax.grad(Σ r ⊙ ELU(x))
        var layer = ActivationLayer.elu()
        var rng = SeededGenerator(seed: 0)
        let (y, cache) = layer.forward(c.input.tensor, mode: .training, using: &rng)
        Golden.expectClose(y, c.output.tensor, "output")
        Golden.expectClose(layer.backward(c.upstream.tensor, cache: cache), c.inputGradient.tensor, "input gradient")
    }

    @Test("Rank-0 input is rejected")
    func errors() {
        #expect(throws: LayerError("ReLU expected input of rank ≥ 1. Received: shape []")) {
            try ActivationLayer.relu.outputShape(for: [])
        }
    }
}
