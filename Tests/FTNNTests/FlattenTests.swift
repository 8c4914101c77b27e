import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Flatten")
struct FlattenTests {
    @Test("Row-major flatten keeps channels fastest, and backward restores the shape")
    func roundTrip() throws {
        var layer = Flatten()
        var rng = SeededGenerator(seed: 0)
        let x = Tensor(shape: [2, 2, 3], scalars: (0..<12).map(Float.init))
        let (y, cache) = layer.forward(x, mode: .inference, using: &rng)
        #expect(y.shape == [2, 6])
        #expect(y.scalars == x.scalars)
        #expect(layer.backward(y, cache: cache) == x)
        #expect(try layer.outputShape(for: [33, 11, 128]) == [33, 1408])
        #expect(GradientCheck.check(layer, input: x)["input"]! < 1e-3)
    }
}
