/// The dimensions of a tensor, outermost first (row-major).
///
/// `[33, 10000, 300]` is 33 documents of 10,000 positions with 300 channels each.
public struct Shape: Hashable, Sendable, Codable, ExpressibleByArrayLiteral, CustomStringConvertible,
    RandomAccessCollection
{
    /// The size of each axis.
    public var dimensions: [Int]

    /// Creates a shape from axis sizes.
    /// - Precondition: every size is non-negative.
    public init(_ dimensions: [Int]) {
        precondition(
            dimensions.allSatisfy { $0 >= 0 }, "Shape dimensions must be non-negative. Received: \(dimensions)")
        self.dimensions = dimensions
    }

    /// Creates a shape from a literal such as `[2, 3]`.
    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// The number of axes.
    public var rank: Int { dimensions.count }

    /// The number of scalars a tensor of this shape holds (1 for rank 0).
    public var scalarCount: Int { dimensions.reduce(1, *) }

    /// `[2, 3]`.
    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }

    /// The index of the first axis.
    public var startIndex: Int { 0 }
    /// One past the last axis.
    public var endIndex: Int { dimensions.count }
    /// The size of `axis`.
    public subscript(axis: Int) -> Int {
        get { dimensions[axis] }
        set { dimensions[axis] = newValue }
    }

    /// Row-major strides, in scalars: the step between consecutive indices of each axis.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            result[axis] = step
            step *= dimensions[axis]
        }
        return result
    }
}
