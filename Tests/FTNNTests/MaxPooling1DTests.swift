import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("MaxPooling1D")
struct MaxPooling1DTests {
    /// Distinct values with gaps ≥ 0.1 in random order: no ties, far from kinks for h = 1e-2.
    static func distinct(_ shape: Shape, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let order = rng.permutation(shape.scalarCount)
        return Tensor(shape: shape, scalars: order.map { Float($0) * 0.1 - 1 })
    }

    @Test("Hand-computed: floor rule drops the tail; argmax routing")
    func handComputed() {
        var layer = MaxPooling1D(poolSize: 2)
        var rng = SeededGenerator(seed: 0)
        let x = Tensor(shape: [1, 5, 1], scalars: [1, 3, 2, 0, 9])  // the 9 is in no full window
        let (y, cache) = layer.forward(x, mode: .inference, using: &rng)
        #expect(y.scalars == [3, 2])
        #expect(cache.argmax == [1, 2])
        #expect(
            layer.backward(Tensor(shape: [1, 2, 1], scalars: [10, 20]), cache: cache).scalars == [0, 10, 20, 0, 0])
    }

    @Test(
        "Output length is ⌊(L − P)/s⌋ + 1",
        arguments: [(9996, 5, 5, 1999), (1995, 5, 5, 399), (395, 35, 35, 11), (13, 3, 2, 6), (7, 7, 7, 1)])
    func shapes(length: Int, pool: Int, stride: Int, expected: Int) throws {
        #expect(try MaxPooling1D(poolSize: pool, stride: stride).outputShape(for: [2, length, 4]) == [2, expected, 4])
    }

    @Test(
        "Finite-difference gradients (lengths not divisible by the pool, overlapping windows)",
        arguments: [
            (13, 3, 3), (11, 5, 5), (10, 3, 2), (9, 4, 1), (8, 8, 8),
        ])
    func gradients(length: Int, pool: Int, stride: Int) {
        let x = Self.distinct([2, length, 3], seed: UInt64(length * 7 + pool))
        let errors = GradientCheck.check(MaxPooling1D(poolSize: pool, stride: stride), input: x, step: 1e-2)
        #expect(errors["input"]! < 1e-2)
        #expect(errors.count == 1)
    }

    @Test("Matches Keras: forward and gradients", arguments: [false, true])
    func golden(overlapping: Bool) throws {
        let fixtures = try Golden.layers()
        let c = overlapping ? fixtures.maxpool3Stride2 : fixtures.maxpool3
        // keras.layers.MaxPooling1D(pool_size, strides); jax.grad(Σ r ⊙ layer(x))
        var layer = MaxPooling1D(poolSize: c.poolSize!, stride: c.stride!)
        var rng = SeededGenerator(seed: 0)
        let (y, cache) = layer.forward(c.input.tensor, mode: .training, using: &rng)
        Golden.expectClose(y, c.output.tensor, "output")
        Golden.expectClose(layer.backward(c.upstream.tensor, cache: cache), c.inputGradient.tensor, "input gradient")
    }

    @Test("A pool larger than the input is rejected with the shapes")
    func errors() {
        #expect(throws: LayerError("MaxPooling1D expected an input length ≥ poolSize 35. Received: shape [2, 11, 128]"))
        {
            try MaxPooling1D(poolSize: 35).outputShape(for: [2, 11, 128])
        }
        #expect(throws: LayerError("MaxPooling1D expected poolSize ≥ 1. Received: 0")) {
            try MaxPooling1D.validate(poolSize: 0, stride: 1)
        }
        #expect(
            throws: LayerError(
                "MaxPooling1D expected input of rank 3 [batch, length, channels]. Received: shape [11, 128]")
        ) {
            try MaxPooling1D(poolSize: 2).outputShape(for: [11, 128])
        }
    }
}
