import FTTensor
import Testing

@Suite("Tensor arithmetic, broadcasting and matmul")
struct TensorArithmeticTests {
    @Test("same-shape and scalar arithmetic")
    func elementwise() {
        let a = Tensor(rows: [[1, 2], [3, 4]])
        let b = Tensor(rows: [[10, 20], [30, 40]])
        #expect((a + b).scalars == [11, 22, 33, 44])
        #expect((b - a).scalars == [9, 18, 27, 36])
        #expect((a * b).scalars == [10, 40, 90, 160])
        #expect((b / a).scalars == [10, 10, 10, 10])
        #expect((a * 2).scalars == [2, 4, 6, 8])
        #expect((-a).scalars == [-1, -2, -3, -4])
        var c = a
        c += b
        #expect(c.scalars == [11, 22, 33, 44])
    }

    @Test("broadcasting a bias over [N, L, F] and a column over rows")
    func broadcasting() {
        let x = Tensor(shape: [2, 2, 3], scalars: (0..<12).map(Float.init))
        let bias = Tensor(shape: [3], scalars: [100, 200, 300])
        #expect((x + bias).scalars == [100, 201, 302, 103, 204, 305, 106, 207, 308, 109, 210, 311])
        let column = Tensor(shape: [2, 1], scalars: [1, -1])
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect((m * column).scalars == [1, 2, 3, -4, -5, -6])
        // [2,1] with [1,3] broadcasts to [2,3] (the general path).
        let row = Tensor(shape: [1, 3], scalars: [10, 20, 30])
        #expect((column + row).scalars == [11, 21, 31, 9, 19, 29])
        #expect(Tensor.broadcastShape([4, 1, 3], [2, 1]) == [4, 2, 3])
    }

    @Test("matmul with transposes matches hand-computed values")
    func matmul() {
        let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let b = Tensor(rows: [[7, 8], [9, 10], [11, 12]])
        #expect(Tensor.matmul(a, b).scalars == [58, 64, 139, 154])
        #expect(
            Tensor.matmul(a.transposed(), b.transposed(), transposeA: true, transposeB: true).scalars
                == [58, 64, 139, 154])
        #expect(Tensor.matmul(a, a, transposeB: true).scalars == [14, 32, 32, 77])
        #expect(a.transposed().scalars == [1, 4, 2, 5, 3, 6])
    }
}
