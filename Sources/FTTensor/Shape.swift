/// The dimensions of a tensor, outermost first (row-major).
///
/// `[33, 10000, 300]` is 33 documents of 10,000 positions with 300 channels each.
///
/// Up to `inlineCapacity` (4) axes are stored inline, so making, copying and comparing the shapes of
/// FinText's tensors (rank ≤ 4) never touches the heap; a shape of higher rank works the same but keeps its
/// sizes in an array (decision 0079).
public struct Shape: Hashable, Sendable, Codable, ExpressibleByArrayLiteral, CustomStringConvertible,
    RandomAccessCollection
{
    /// The most axes a shape holds without allocating.
    public static let inlineCapacity = 4

    /// Axis sizes `0..<rank` when `rank ≤ inlineCapacity` (unused entries are 0).
    @usableFromInline var inline: (Int, Int, Int, Int) = (0, 0, 0, 0)
    /// Every axis size when `rank > inlineCapacity`, else empty (an empty array does not allocate).
    @usableFromInline var spilled: [Int] = []
    /// The number of axes (stored; `rank` reads it).
    @usableFromInline var axisCount: Int
    /// The number of axes.
    @inlinable public var rank: Int { axisCount }

    /// Creates a shape from axis sizes.
    /// - Precondition: every size is non-negative.
    @inlinable @inline(__always) public init(_ dimensions: [Int]) {
        axisCount = dimensions.count
        for (axis, size) in dimensions.enumerated() where size < 0 {
            preconditionFailure("Shape dimensions must be non-negative. Received: \(size) for axis \(axis)")
        }
        if axisCount > Self.inlineCapacity {
            // A copy, so that a literal's array never escapes and the optimiser keeps it on the stack.
            spilled = dimensions.map { $0 }
        } else {
            withUnsafeMutableBytes(of: &inline) { storage in
                for (axis, size) in dimensions.enumerated() {
                    storage.storeBytes(of: size, toByteOffset: axis * MemoryLayout<Int>.stride, as: Int.self)
                }
            }
        }
    }

    /// Creates a shape from a literal such as `[2, 3]`.
    @inlinable @inline(__always) public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// The size of each axis, as an array (allocates; hot code indexes the shape instead).
    public var dimensions: [Int] {
        get { Array(self) }
        set { self = Shape(newValue) }
    }

    /// The number of scalars a tensor of this shape holds (1 for rank 0).
    @inlinable public var scalarCount: Int {
        var product = 1
        for size in self { product *= size }
        return product
    }

    /// `[2, 3]`.
    public var description: String { "[" + map(String.init).joined(separator: ", ") + "]" }

    /// The index of the first axis.
    @inlinable public var startIndex: Int { 0 }
    /// One past the last axis.
    @inlinable public var endIndex: Int { rank }
    /// The size of `axis`.
    /// - Precondition: `0 ≤ axis < rank`.
    @inlinable public subscript(axis: Int) -> Int {
        get {
            precondition(axis >= 0 && axis < rank, "Shape axis \(axis) is out of range for rank \(rank)")
            if rank > Self.inlineCapacity { return spilled[axis] }
            return withUnsafeBytes(of: inline) {
                $0.load(fromByteOffset: axis * MemoryLayout<Int>.stride, as: Int.self)
            }
        }
        set {
            precondition(axis >= 0 && axis < rank, "Shape axis \(axis) is out of range for rank \(rank)")
            precondition(newValue >= 0, "Shape dimensions must be non-negative. Received: \(newValue)")
            if rank > Self.inlineCapacity {
                spilled[axis] = newValue
            } else {
                withUnsafeMutableBytes(of: &inline) {
                    $0.storeBytes(of: newValue, toByteOffset: axis * MemoryLayout<Int>.stride, as: Int.self)
                }
            }
        }
    }

    /// Row-major strides, in scalars: the step between consecutive indices of each axis.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            result[axis] = step
            step *= self[axis]
        }
        return result
    }

    /// Equal ranks and sizes.
    @inlinable public static func == (lhs: Shape, rhs: Shape) -> Bool {
        lhs.rank == rhs.rank && lhs.elementsEqual(rhs)
    }

    /// Hashes the rank and sizes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rank)
        for size in self { hasher.combine(size) }
    }

    private enum CodingKeys: String, CodingKey {
        case dimensions
    }

    /// Decodes `{"dimensions": [...]}`, the form an array-backed shape had.
    /// - Throws: `DecodingError.dataCorrupted` for a negative size.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let dimensions = try container.decode([Int].self, forKey: .dimensions)
        guard dimensions.allSatisfy({ $0 >= 0 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .dimensions, in: container,
                debugDescription: "Shape dimensions must be non-negative: \(dimensions)")
        }
        self.init(dimensions)
    }

    /// Encodes `{"dimensions": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimensions, forKey: .dimensions)
    }
}
