/// A dense, contiguous, row-major tensor of `Float`.
///
/// `Tensor` is a value: copies share storage until one is mutated (copy-on-write through `Array`).
/// `==` is exact, scalar by scalar; use `isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:)`
/// for tolerances. Integer data such as token ids and argmax indices is kept in `[Int32]`, not here.
public struct Tensor: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The tensor's dimensions.
    public private(set) var shape: Shape
    /// The scalars in row-major order; `scalars.count == shape.scalarCount` always holds.
    ///
    /// Mutating them in place (`scalars[i] = …`, `scalars.withUnsafeMutableBufferPointer`) writes the
    /// tensor's own storage, copying it first only when another tensor shares it (a property observer would
    /// make every such access copy the whole array).
    @inlinable public var scalars: [Float] {
        get { storage }
        set {
            Self.checkCount(newValue.count, shape)
            storage = newValue
        }
        _modify {
            yield &storage
            Self.checkCount(storage.count, shape)
        }
    }
    /// The storage behind `scalars` (inlinable accessors: a `_modify` called across modules puts its
    /// coroutine frame on the heap, one allocation per in-place write).
    @usableFromInline var storage: [Float]

    private enum CodingKeys: String, CodingKey {
        case shape
        case storage = "scalars"
    }

    @usableFromInline static func checkCount(_ count: Int, _ shape: Shape) {
        precondition(
            count == shape.scalarCount,
            "Tensor.scalars must keep \(shape.scalarCount) elements for shape \(shape). Received: \(count)")
    }

    /// Creates a tensor from its shape and row-major scalars.
    /// - Precondition: `scalars.count == shape.scalarCount`.
    public init(shape: Shape, scalars: [Float]) {
        precondition(
            scalars.count == shape.scalarCount,
            "Tensor of shape \(shape) needs \(shape.scalarCount) scalars. Received: \(scalars.count)")
        self.shape = shape
        self.storage = scalars
    }

    /// A tensor of `shape` with every scalar equal to `value`.
    public init(repeating value: Float, shape: Shape) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.scalarCount))
    }

    /// A tensor of zeros.
    public init(zeros shape: Shape) { self.init(repeating: 0, shape: shape) }

    /// Makes this tensor of `shape` for a caller that overwrites every scalar, without allocating when its
    /// storage's capacity already holds `shape.scalarCount` scalars (a reused buffer, also when a smaller
    /// batch comes between two full ones); else it gets new uninitialised storage. The scalars' values are
    /// unspecified afterwards; writing them through `scalars.withUnsafeMutableBufferPointer` copies first
    /// only when the storage is shared.
    public mutating func reshapeForOverwrite(_ shape: Shape) {
        let count = shape.scalarCount
        if storage.count > count {
            storage.removeLast(storage.count - count)  // keeps the capacity
        } else if storage.count < count && storage.capacity >= count {
            storage.append(contentsOf: repeatElement(0, count: count - storage.count))
        } else if storage.count != count {
            storage = []  // frees the old storage before the new is allocated, when nothing else holds it
            storage = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        }
        if self.shape != shape { self.shape = shape }
    }

    /// A rank-0 tensor holding one scalar.
    public init(scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// A rank-2 tensor from nested rows (tests and small examples).
    /// - Precondition: every row has the same length.
    public init(rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "Tensor(rows:) needs rows of equal length")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// Uniform random scalars in `[lower, upper)` from `generator`.
    public static func uniform(
        shape: Shape, lower: Float = 0, upper: Float = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        var scalars = [Float](repeating: 0, count: shape.scalarCount)
        for i in scalars.indices { scalars[i] = generator.nextFloat(in: lower, upper) }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// Normal random scalars with the given mean and standard deviation from `generator`.
    public static func normal(
        shape: Shape, mean: Float = 0, standardDeviation: Float = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        var scalars = [Float](repeating: 0, count: shape.scalarCount)
        for i in scalars.indices { scalars[i] = mean + standardDeviation * Float(generator.nextNormal()) }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The number of axes.
    public var rank: Int { shape.rank }
    /// The number of scalars.
    public var scalarCount: Int { scalars.count }

    /// The scalar at a full index (one position per axis). For tests and small code, not hot loops.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    private func offset(of index: [Int]) -> Int {
        precondition(index.count == rank, "Tensor subscript needs \(rank) indices. Received: \(index.count)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "Index \(i) is out of range for axis \(axis) of shape \(shape)")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// The same scalars under a new shape with the same scalar count.
    public func reshaped(to newShape: Shape) -> Tensor {
        precondition(
            newShape.scalarCount == scalarCount,
            "Cannot reshape a tensor of shape \(shape) (\(scalarCount) scalars) to \(newShape) (\(newShape.scalarCount))"
        )
        var result = self
        result.shape = newShape
        return result
    }

    /// The same scalars under new dimensions, one of which may be `-1` (inferred from the scalar count).
    public func reshaped(inferring newDimensions: [Int]) -> Tensor {
        let newShape = newDimensions
        var dimensions = newDimensions
        if let unknown = dimensions.firstIndex(of: -1) {
            let known = dimensions.enumerated().filter { $0.offset != unknown }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && scalarCount % known == 0, "Cannot reshape \(shape) to \(newShape)")
            dimensions[unknown] = scalarCount / known
        }
        let target = Shape(dimensions)
        precondition(
            target.scalarCount == scalarCount,
            "Cannot reshape a tensor of shape \(shape) (\(scalarCount) scalars) to \(target) (\(target.scalarCount))")
        var result = self
        result.shape = target
        return result
    }

    /// Rows `range` of the first axis (for example a mini-batch), as a new tensor.
    public func slicingRows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1, "slicingRows needs rank ≥ 1")
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[0],
            "Rows \(range) are out of range for a first axis of \(shape[0])")
        let rowSize = shape.scalarCount / Swift.max(shape[0], 1)
        var newShape = shape
        newShape[0] = range.count
        return Tensor(
            shape: newShape, scalars: Array(scalars[(range.lowerBound * rowSize)..<(range.upperBound * rowSize)]))
    }

    /// The rows listed in `indices` of the first axis, in that order (a gather).
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatheringRows needs rank ≥ 1")
        let rowSize = shape.scalarCount / Swift.max(shape[0], 1)
        var result = [Float]()
        result.reserveCapacity(indices.count * rowSize)
        for i in indices {
            precondition(i >= 0 && i < shape[0], "Row \(i) is out of range for a first axis of \(shape[0])")
            result.append(contentsOf: scalars[(i * rowSize)..<((i + 1) * rowSize)])
        }
        var newShape = shape
        newShape[0] = indices.count
        return Tensor(shape: newShape, scalars: result)
    }

    /// A compact text form: shape, then up to 8 scalars.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)(\(shown)\(scalars.count > 8 ? ", …" : ""))"
    }

    /// The scalar of a rank-0 or one-element tensor.
    public var scalar: Float {
        precondition(scalarCount == 1, "Tensor.scalar needs exactly one scalar. Shape: \(shape)")
        return scalars[0]
    }
}
