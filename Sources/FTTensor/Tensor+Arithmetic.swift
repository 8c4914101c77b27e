internal import FTLinearAlgebra

/// Elementwise arithmetic with NumPy broadcasting rules.
///
/// Two shapes broadcast when, aligned at their last axes, each pair of sizes is equal or one of them is
/// 1 (a missing leading axis counts as 1). Equal shapes, a scalar operand and a trailing-suffix operand
/// (such as a bias of shape `[F]` added to `[N, L, F]`) take fast contiguous paths.
extension Tensor {
    /// The shape two operands broadcast to.
    /// - Precondition: the shapes are compatible.
    public static func broadcastShape(_ a: Shape, _ b: Shape) -> Shape {
        let rank = Swift.max(a.rank, b.rank)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b[i - (rank - b.rank)]
            precondition(
                da == db || da == 1 || db == 1, "Shapes \(a) and \(b) cannot be broadcast together (axis \(i))")
            result[i] = da == 1 ? db : da
        }
        return Shape(result)
    }

    /// Applies `operation` elementwise with broadcasting.
    /// - Complexity: O(result size).
    public static func combine(_ a: Tensor, _ b: Tensor, _ operation: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape {
            var out = a.scalars
            out.withUnsafeMutableBufferPointer { o in
                b.scalars.withUnsafeBufferPointer { bb in
                    for i in 0..<o.count { o[i] = operation(o[i], bb[i]) }
                }
            }
            return Tensor(shape: a.shape, scalars: out)
        }
        let shape = broadcastShape(a.shape, b.shape)
        if b.scalarCount == 1 {
            let s = b.scalars[0]
            return Tensor(shape: shape, scalars: a.scalars.map { operation($0, s) })
        }
        if a.scalarCount == 1 {
            let s = a.scalars[0]
            return Tensor(shape: shape, scalars: b.scalars.map { operation(s, $0) })
        }
        if shape == a.shape && isSuffix(b.shape, of: a.shape) {
            let period = b.scalarCount
            var out = a.scalars
            out.withUnsafeMutableBufferPointer { o in
                b.scalars.withUnsafeBufferPointer { bb in
                    var i = 0
                    while i < o.count {
                        for j in 0..<period { o[i + j] = operation(o[i + j], bb[j]) }
                        i += period
                    }
                }
            }
            return Tensor(shape: shape, scalars: out)
        }
        return generalBroadcast(a, b, to: shape, operation)
    }

    private static func isSuffix(_ short: Shape, of long: Shape) -> Bool {
        let trimmed = Array(short.dimensions.drop { $0 == 1 })
        return long.dimensions.suffix(trimmed.count).elementsEqual(trimmed)
    }

    private static func generalBroadcast(
        _ a: Tensor, _ b: Tensor, to shape: Shape, _ operation: (Float, Float) -> Float
    ) -> Tensor {
        let rank = shape.rank
        func broadcastStrides(_ s: Shape) -> [Int] {
            let own = s.strides
            return (0..<rank).map { i in
                let j = i - (rank - s.rank)
                return j < 0 || s[j] == 1 ? 0 : own[j]
            }
        }
        let sa = broadcastStrides(a.shape)
        let sb = broadcastStrides(b.shape)
        var out = [Float](repeating: 0, count: shape.scalarCount)
        var index = [Int](repeating: 0, count: rank)
        var offsetA = 0
        var offsetB = 0
        for i in 0..<out.count {
            out[i] = operation(a.scalars[offsetA], b.scalars[offsetB])
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offsetA += sa[axis]
                offsetB += sb[axis]
                if index[axis] < shape[axis] { break }
                offsetA -= sa[axis] * shape[axis]
                offsetB -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { combine(a, b, +) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { combine(a, b, -) }
    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor { combine(a, b, *) }
    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { combine(a, b, /) }
    /// Adds a scalar to every element.
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    /// Subtracts a scalar from every element.
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    /// Multiplies every element by a scalar.
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    /// Multiplies every element by a scalar.
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { s * $0 } }
    /// Divides every element by a scalar.
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    /// Negates every element.
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// In-place elementwise sum; `b` must broadcast to `a`'s shape.
    public static func += (a: inout Tensor, b: Tensor) {
        if a.shape == b.shape {
            a.scalars.withUnsafeMutableBufferPointer { o in
                b.scalars.withUnsafeBufferPointer { bb in
                    for i in 0..<o.count { o[i] += bb[i] }
                }
            }
        } else {
            let result = a + b
            precondition(result.shape == a.shape, "Cannot add \(b.shape) into \(a.shape) in place")
            a = result
        }
    }

    /// A tensor of the same shape with `transform` applied to every scalar.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// Matrix product of two rank-2 tensors through `BLAS.gemm`.
    ///
    /// - Parameters:
    ///   - transposeA: Multiply by `aᵀ`.
    ///   - transposeB: Multiply by `bᵀ`.
    /// - Precondition: both are rank 2 and the inner dimensions agree.
    /// - Complexity: `2·m·n·k` operations.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul expects rank-2 tensors. Received: \(a.shape) and \(b.shape)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(
            k == k2,
            "matmul inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
        var out = [Float](repeating: 0, count: m * n)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: pa, lda: Swift.max(1, a.shape[1]), b: pb, ldb: Swift.max(1, b.shape[1]), c: pc,
                        ldc: Swift.max(1, n))
                }
            }
        }
        return Tensor(shape: [m, n], scalars: out)
    }

    /// The transpose of a rank-2 tensor.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() expects a rank-2 tensor. Received: \(shape)")
        let rows = shape[0]
        let columns = shape[1]
        var out = [Float](repeating: 0, count: scalarCount)
        scalars.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<rows { for j in 0..<columns { o[j * rows + i] = s[i * columns + j] } }
            }
        }
        return Tensor(shape: [columns, rows], scalars: out)
    }
}
