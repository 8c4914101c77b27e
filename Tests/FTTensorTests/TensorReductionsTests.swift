import FTTensor
import Testing

@Suite("Tensor reductions")
struct TensorReductionsTests {
    let t = Tensor(shape: [2, 3, 2], scalars: [1, 8, 3, 4, 5, 6, 7, 2, 9, 10, 11, 0])

    @Test("sum and mean of everything")
    func total() {
        #expect(t.sum() == 66)
        #expect(t.mean() == 5.5)
        #expect(t.max() == 11)
    }

    @Test("sum, mean, max and argmax along each axis")
    func alongAxes() {
        #expect(t.sum(alongAxis: 0) == Tensor(shape: [3, 2], scalars: [8, 10, 12, 14, 16, 6]))
        #expect(t.sum(alongAxis: 1) == Tensor(shape: [2, 2], scalars: [9, 18, 27, 12]))
        #expect(t.sum(alongAxis: 2) == Tensor(shape: [2, 3], scalars: [9, 7, 11, 9, 19, 11]))
        #expect(t.mean(alongAxis: 2).scalars == [4.5, 3.5, 5.5, 4.5, 9.5, 5.5])
        #expect(t.max(alongAxis: 1).scalars == [5, 8, 11, 10])
        #expect(t.argmax(alongAxis: 1) == [2, 0, 2, 1])
        #expect(t.argmax(alongAxis: 2) == [1, 1, 1, 0, 1, 0])
    }

    @Test("argmax takes the first of tied maxima")
    func ties() {
        let tied = Tensor(shape: [1, 4], scalars: [3, 7, 7, 1])
        #expect(tied.argmax(alongAxis: 1) == [1])
    }

    @Test("argmax(ofRow:) is argmax along axis 1: first of ties, a number over NaN, NaN only for a NaN row")
    func rows() {
        let m = Tensor(
            shape: [5, 4],
            scalars: [3, 7, 7, 1, .nan, 2, .nan, 2, .nan, .nan, .nan, .nan, -1, -.infinity, -0.5, -0.5, 0, 0, 0, 0])
        #expect((0..<5).map { m.argmax(ofRow: $0) } == m.argmax(alongAxis: 1))
        #expect((0..<5).map { m.argmax(ofRow: $0) } == [1, 1, 0, 2, 0])
    }
}
