import FTTensor
import Testing

@Suite("Tensor construction, shape and slicing")
struct TensorTests {
    @Test("shape basics")
    func shape() {
        let s: Shape = [2, 3, 4]
        #expect(s.rank == 3)
        #expect(s.scalarCount == 24)
        #expect(s.strides == [12, 4, 1])
        #expect(s.description == "[2, 3, 4]")
        #expect(Shape([]).scalarCount == 1)
    }

    @Test("creation and subscripts are row-major")
    func creation() {
        var t = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3])
        #expect(t[1, 0] == 4)
        t[0, 2] = 9
        #expect(t.scalars == [1, 2, 9, 4, 5, 6])
        #expect(Tensor(zeros: [2, 2]).scalars == [0, 0, 0, 0])
        #expect(Tensor(repeating: 3, shape: [3]).scalars == [3, 3, 3])
        #expect(Tensor(scalar: 2.5).scalar == 2.5)
    }

    @Test("reshape keeps scalars; -1 is inferred")
    func reshape() {
        let t = Tensor(shape: [2, 3, 2], scalars: (0..<12).map(Float.init))
        #expect(t.reshaped(inferring: [6, -1]).shape == [6, 2])
        #expect(t.reshaped(to: [12]).scalars == t.scalars)
    }

    @Test("row slicing and gathering")
    func rows() {
        let t = Tensor(shape: [4, 2], scalars: (0..<8).map(Float.init))
        #expect(t.slicingRows(1..<3) == Tensor(shape: [2, 2], scalars: [2, 3, 4, 5]))
        #expect(t.gatheringRows([3, 0, 3]).scalars == [6, 7, 0, 1, 6, 7])
    }

    @Test("random tensors are reproducible from the seed")
    func random() {
        var a = SeededGenerator(seed: 11)
        var b = SeededGenerator(seed: 11)
        #expect(
            Tensor.uniform(shape: [5, 5], lower: -2, upper: 2, using: &a)
                == Tensor.uniform(shape: [5, 5], lower: -2, upper: 2, using: &b))
        let u = Tensor.uniform(shape: [1000], lower: -2, upper: 2, using: &a)
        #expect(u.scalars.allSatisfy { $0 >= -2 && $0 < 2 })
    }

    @Test("exact equality and approximate equality are different things")
    func equality() {
        let a = Tensor(shape: [3], scalars: [1, 2, 3])
        let b = Tensor(shape: [3], scalars: [1, 2, 3.000_001])
        #expect(a != b)
        #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 1e-5))
        #expect(!a.isApproximatelyEqual(to: b, relativeTolerance: 1e-8))
        #expect(!a.isApproximatelyEqual(to: a.reshaped(to: [1, 3])))
        let nan = Tensor(shape: [3], scalars: [1, 2, .nan])
        #expect(!nan.isApproximatelyEqual(to: nan, absoluteTolerance: 1))
        #expect(a.largestViolation(against: b, absoluteTolerance: 0, relativeTolerance: 1e-9)?.index == 2)
    }
}
